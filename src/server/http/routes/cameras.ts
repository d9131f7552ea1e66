import type { FastifyPluginAsync } from 'fastify';
import { CameraInput, CameraPatch } from '../../../contract/cameras.js';
import { IdParam } from '../../../contract/common.js';
import { shownHealth } from '../../../domain/supervisor-state.js';
import type { Vigil } from '../../vigil.js';
import { actorOf, authorize, viewerOf } from '../auth.js';
import { parse } from '../validate.js';

/** The camera registry (R8.1): everyone sees only the cameras in their scope. */
export const cameraRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  const cameraIn = async (req: Parameters<typeof viewerOf>[0], action: 'camera.read' | 'camera.manage') => {
    const { id } = parse(IdParam, req.params, req);
    await authorize(vigil, req, action, { kind: 'camera', camera: await vigil.cameras.facts(id) });
    return id;
  };

  app.get('/api/cameras', { config: { action: 'camera.read' } }, async (req) => {
    const visible = await vigil.access.cameraIds(viewerOf(req).subject, 'camera.read');
    const cameras = (await vigil.cameras.list()).filter((c) => visible.has(c.id));
    return cameras.map((c) => ({ ...c, state: vigil.recorder?.state(c.id) ?? null }));
  });

  app.post('/api/cameras', { config: { action: 'camera.manage' } }, async (req, reply) => {
    const camera = await vigil.cameras.create(parse(CameraInput, req.body, req), actorOf(req, 'camera.manage'));
    return reply.status(201).send(camera);
  });

  app.get('/api/cameras/:id', { config: { action: 'camera.read' } }, async (req) => {
    const id = await cameraIn(req, 'camera.read');
    return { ...(await vigil.cameras.get(id)), state: vigil.recorder?.state(id) ?? null };
  });

  app.patch('/api/cameras/:id', { config: { action: 'camera.manage' } }, async (req) => {
    const id = await cameraIn(req, 'camera.manage');
    return vigil.cameras.update(id, parse(CameraPatch, req.body, req), actorOf(req, 'camera.manage'));
  });

  app.delete('/api/cameras/:id', { config: { action: 'camera.manage' } }, async (req, reply) => {
    const id = await cameraIn(req, 'camera.manage');
    await vigil.cameras.remove(id, actorOf(req, 'camera.manage'));
    return reply.status(204).send();
  });

  /** "Test connection": open the camera now and say what it sends, or why it cannot be reached. */
  app.post('/api/cameras/:id/probe', { config: { action: 'camera.manage' } }, async (req) => {
    const id = await cameraIn(req, 'camera.manage');
    return vigil.cameras.probe(id, vigil.config.runDir);
  });

  /** Recording / reconnecting / offline, since when, and the last segment. */
  app.get('/api/cameras/:id/state', { config: { action: 'camera.read' } }, async (req) => {
    const id = await cameraIn(req, 'camera.read');
    const camera = await vigil.cameras.get(id);
    const last = await vigil.segments.latest(id);
    const state = vigil.recorder?.state(id);
    return {
      cameraId: id,
      health: shownHealth(camera.enabled, state?.health),
      sinceMs: state ? (state.downSinceMs ?? state.sinceMs) : camera.updatedAt,
      lastError: state?.lastError ?? null,
      lastSegment: last ? { startMs: last.startMs, endMs: last.endMs, sizeBytes: last.sizeBytes, sha256: last.sha256 } : null,
    };
  });
};
