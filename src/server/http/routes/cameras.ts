import { shownHealth } from '../../../domain/supervisor-state.js';
import type { FastifyPluginAsync } from 'fastify';
import { CameraInput, CameraPatch } from '../../../contract/cameras.js';
import { IdParam } from '../../../contract/common.js';
import type { Vigil } from '../../vigil.js';
import { parse } from '../validate.js';

export const cameraRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  app.get('/api/units', async () => vigil.units.list());

  app.get('/api/cameras', async () => {
    const cameras = await vigil.cameras.list();
    return cameras.map((c) => ({ ...c, state: vigil.recorder?.state(c.id) ?? null }));
  });

  app.post('/api/cameras', async (req, reply) => {
    const camera = await vigil.cameras.create(parse(CameraInput, req.body, req));
    return reply.status(201).send(camera);
  });

  app.get('/api/cameras/:id', async (req) => {
    const { id } = parse(IdParam, req.params, req);
    return { ...(await vigil.cameras.get(id)), state: vigil.recorder?.state(id) ?? null };
  });

  app.patch('/api/cameras/:id', async (req) => {
    const { id } = parse(IdParam, req.params, req);
    return vigil.cameras.update(id, parse(CameraPatch, req.body, req));
  });

  app.delete('/api/cameras/:id', async (req, reply) => {
    const { id } = parse(IdParam, req.params, req);
    await vigil.cameras.remove(id);
    return reply.status(204).send();
  });

  /** "Test connection": open the camera now and say what it sends, or why it cannot be reached. */
  app.post('/api/cameras/:id/probe', async (req) => {
    const { id } = parse(IdParam, req.params, req);
    return vigil.cameras.probe(id, vigil.config.runDir);
  });

  /** Recording / reconnecting / offline, since when, and the last segment. */
  app.get('/api/cameras/:id/state', async (req) => {
    const { id } = parse(IdParam, req.params, req);
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
