import type { FastifyPluginAsync } from 'fastify';
import { GrantInput, WorkOrderInput } from '../../../contract/auth.js';
import { IdParam } from '../../../contract/common.js';
import type { Vigil } from '../../vigil.js';
import { actorOf, viewerOf } from '../auth.js';
import { parse } from '../validate.js';

/** R4.2 grants (the principal's approvals) and R8.2 work orders (a vendor's cameras). */
export const grantRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  app.get('/api/grants', { config: { action: 'grant.read' } }, async () => vigil.grants.list());

  /** Anyone sees the grants given to them: what they may see, and until when. */
  app.get('/api/me/grants', { config: { action: 'self.session' } }, async (req) => vigil.grants.list(viewerOf(req).user.id));

  app.post('/api/grants', { config: { action: 'grant.manage' } }, async (req, reply) => {
    const g = parse(GrantInput, req.body, req);
    return reply.status(201).send(await vigil.grants.create(g, actorOf(req, 'grant.manage')));
  });

  app.post('/api/grants/:id/revoke', { config: { action: 'grant.manage' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    return vigil.grants.revoke(id, actorOf(req, 'grant.manage'));
  });

  /** A vendor sees only its own work orders; the equipment officer and leadership see all. */
  app.get('/api/work-orders', { config: { action: 'workorder.read' } }, async (req) => {
    const { subject } = viewerOf(req);
    const all = await vigil.workOrders.list();
    return all.filter((w) => vigil.access.decide(subject, 'workorder.read', { kind: 'workOrder', vendorUserId: w.vendorUserId }).allowed);
  });

  app.post('/api/work-orders', { config: { action: 'workorder.manage' } }, async (req, reply) => {
    const w = parse(WorkOrderInput, req.body, req);
    return reply.status(201).send(await vigil.workOrders.create(w, actorOf(req, 'workorder.manage')));
  });

  app.post('/api/work-orders/:id/close', { config: { action: 'workorder.manage' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    return vigil.workOrders.close(id, actorOf(req, 'workorder.manage'));
  });
};
