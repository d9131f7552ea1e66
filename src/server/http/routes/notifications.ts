import type { FastifyPluginAsync } from 'fastify';
import { IdParam } from '../../../contract/common.js';
import type { Vigil } from '../../vigil.js';
import { viewerOf } from '../auth.js';
import { parse } from '../validate.js';

/** The in-app notices (an incident reported, assigned, answered…): each user sees only their own. */
export const notificationRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  app.get('/api/notifications', { config: { action: 'self.session' } }, async (req) => vigil.notifications.of(viewerOf(req).user.id));
  app.post('/api/notifications/:id/read', { config: { action: 'self.session' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    return { marked: await vigil.notifications.markRead(viewerOf(req).user.id, vigil.now(), id) };
  });
  app.post('/api/notifications/read-all', { config: { action: 'self.session' } }, async (req) =>
    ({ marked: await vigil.notifications.markRead(viewerOf(req).user.id, vigil.now()) }));
};
