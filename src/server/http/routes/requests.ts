import type { FastifyPluginAsync } from 'fastify';
import { IdParam } from '../../../contract/common.js';
import { RequestApprovalInput, RequestInput, RequestQuery, RequestReasonInput, RequestWithdrawInput, TrackingCodeParam } from '../../../contract/requests.js';
import type { Vigil } from '../../vigil.js';
import { actorOf } from '../auth.js';
import { parse } from '../validate.js';
import { incidentViewer as viewer } from './incidents.js';

/**
 * R4.2: outsiders' requests. The form and the status lookup need no account, so they share
 * sign-in's limit per address and minute (a tracking code has 40 random bits: not guessable at
 * that pace). Leadership reads them; only the principal decides.
 */
export const requestRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  const limited = { rateLimit: { max: vigil.config.loginRatePerMinute, timeWindow: 60_000 } };

  app.post('/api/requests', { config: { access: 'public', ...limited } }, async (req, reply) => {
    const input = parse(RequestInput, req.body, req);
    return reply.status(201).send(await vigil.requests.submit(input, actorOf(req)));
  });

  app.get('/api/requests/status/:code', { config: { access: 'public', ...limited } }, async (req) => {
    const { code } = parse(TrackingCodeParam, req.params, req);
    return vigil.requests.status(code);
  });

  app.post('/api/requests/status/:code/withdraw', { config: { access: 'public', ...limited } }, async (req) => {
    const { code } = parse(TrackingCodeParam, req.params, req);
    const { note } = parse(RequestWithdrawInput, req.body, req);
    return vigil.requests.withdraw(code, note || null, actorOf(req));
  });

  app.get('/api/requests', { config: { action: 'request.read' } }, async (req) => {
    const { state } = parse(RequestQuery, req.query, req);
    return vigil.requests.list(state);
  });

  app.get('/api/requests/:id', { config: { action: 'request.read' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    return vigil.requests.detail(id, viewer(req));
  });

  /** The answer carries the requester's one-time password, this once: never stored, never logged. */
  app.post('/api/requests/:id/approve', { config: { action: 'request.decide' } }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, req);
    const input = parse(RequestApprovalInput, req.body, req);
    const approved = await vigil.requests.approve(id, input, viewer(req), actorOf(req, 'request.decide'));
    return reply.header('Cache-Control', 'no-store').send(approved);
  });

  app.post('/api/requests/:id/refuse', { config: { action: 'request.decide' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    const { reason } = parse(RequestReasonInput, req.body, req);
    return vigil.requests.refuse(id, reason, viewer(req), actorOf(req, 'request.decide'));
  });

  app.post('/api/requests/:id/revoke', { config: { action: 'request.decide' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    const { reason } = parse(RequestReasonInput, req.body, req);
    return vigil.requests.revoke(id, reason, viewer(req), actorOf(req, 'request.decide'));
  });
};
