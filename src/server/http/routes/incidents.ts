import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { IdParam } from '../../../contract/common.js';
import { IncidentEventInput, IncidentInput, IncidentQuery } from '../../../contract/workflows.js';
import type { Viewer as IncidentViewer } from '../../services/incidents.js';
import type { Vigil } from '../../vigil.js';
import { actorOf, authorize, viewerOf } from '../auth.js';
import { parse } from '../validate.js';

/** A snapshot is a JPEG as a data: URL (≤ 2 MB of text): this route alone takes a larger body. */
const SNAPSHOT_BODY_LIMIT = 3 * 1024 * 1024;

export const incidentViewer = (req: FastifyRequest): IncidentViewer => {
  const { user } = viewerOf(req);
  return { userId: user.id, username: user.username, roles: user.roles };
};

/** R7.1, R4.1: incidents reported by guards and staff, handled by leadership. */
export const incidentRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  app.get('/api/incidents', { config: { action: 'incident.read' } }, async (req) => {
    const { state } = parse(IncidentQuery, req.query, req);
    return vigil.incidents.list(incidentViewer(req), state);
  });

  app.post('/api/incidents', { config: { action: 'incident.report' }, bodyLimit: SNAPSHOT_BODY_LIMIT }, async (req, reply) => {
    const input = parse(IncidentInput, req.body, req);
    // A snapshot is footage: whoever sends one must be able to see that camera live (R3.1).
    if (input.snapshot && input.snapshotCameraId) {
      await authorize(vigil, req, 'footage.live', { kind: 'camera', camera: await vigil.cameras.facts(input.snapshotCameraId) });
    }
    return reply.status(201).send(await vigil.incidents.report(input, incidentViewer(req), actorOf(req, 'incident.report')));
  });

  app.get('/api/incidents/:id', { config: { action: 'incident.read' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    return vigil.incidents.detail(id, incidentViewer(req));
  });

  /** Acknowledge, assign, comment, propose closing, close, turn into a case — as the state machine allows. */
  app.post('/api/incidents/:id/events', { config: { action: 'incident.read' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    const input = parse(IncidentEventInput, req.body, req);
    return vigil.incidents.act(id, input, incidentViewer(req), actorOf(req, 'incident.read'));
  });

  /** The picture is footage of people: every look at it is audited (R3.1). */
  app.get('/api/incidents/:id/snapshot', { config: { action: 'incident.read' } }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, req);
    const shot = await vigil.incidents.snapshot(id, incidentViewer(req));
    await vigil.audited(actorOf(req, 'incident.read'), async () => undefined, {
      action: 'incident.snapshot.view', resourceType: 'incident', resourceId: id, cameraId: shot.cameraId,
      reason: { code: 'incident', text: `Xem ảnh chụp của sự việc #${id}` },
    });
    return reply.header('Content-Type', 'image/jpeg').header('Cache-Control', 'private, no-store').send(shot.bytes);
  });

};
