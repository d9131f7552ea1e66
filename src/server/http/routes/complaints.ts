import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdParam } from '../../../contract/common.js';
import {
  ComplaintEventInput, ComplaintInput, ComplaintPersonInput, ComplaintQuery, ConsentInput, ConsentWithdrawInput, PublicComplaintInput,
  RedactionBoxesInput, RedactionClipInput, ReleaseTokenParam, WorkingCalendarInput,
} from '../../../contract/complaints.js';
import { TrackingCodeParam } from '../../../contract/requests.js';
import type { Vigil } from '../../vigil.js';
import { actorOf } from '../auth.js';
import { parse } from '../validate.js';
import { incidentViewer as viewer } from './incidents.js';

const ClipParam = z.object({ id: z.coerce.number().int().positive(), clipId: z.coerce.number().int().positive() });
const PersonParam = z.object({ id: z.coerce.number().int().positive(), personId: z.coerce.number().int().positive() });
const ConsentParam = z.object({ id: z.coerce.number().int().positive(), consentId: z.coerce.number().int().positive() });

/** A `<video>` asks for byte ranges; only a request from the start counts as one viewing in the audit log. */
const isFirstRequest = (req: FastifyRequest): boolean => {
  const range = req.headers.range;
  return range === undefined || /^bytes=0-/.test(range);
};

/** An MP4 with byte ranges (seeking in the browser's player), never cached. */
async function sendVideo(req: FastifyRequest, reply: FastifyReply, path: string, downloadName?: string): Promise<FastifyReply> {
  const { size } = await stat(path);
  reply.header('Content-Type', 'video/mp4').header('Cache-Control', 'no-store').header('Accept-Ranges', 'bytes');
  if (downloadName) reply.header('Content-Disposition', `attachment; filename="${downloadName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return reply.header('Content-Length', size).send(createReadStream(path));
  let start = m[1] === '' ? size - Number(m[2]) : Number(m[1]);
  let end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start < 0) start = 0;
  if (start >= size || end < start) {
    return reply.status(416).header('Content-Range', `bytes */${size}`).send();
  }
  end = Math.max(start, end);
  return reply.status(206).header('Content-Range', `bytes ${start}-${end}/${size}`).header('Content-Length', end - start + 1)
    .send(createReadStream(path, { start, end }));
}

/** The address the filer's link is made with: the one the school's staff reached Vigil at. */
const originOf = (req: FastifyRequest): string => `${req.protocol}://${req.host}`;

/**
 * R3.3: complaints and data-subject requests. The public form, the status lookup, withdrawing by
 * code and the filer's download link need no account and share sign-in's limit per address.
 */
export const complaintRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  const limited = { rateLimit: { max: vigil.config.loginRatePerMinute, timeWindow: 60_000 } };
  const c = vigil.complaints;

  app.post('/api/complaints/public', { config: { access: 'public', ...limited } }, async (req, reply) =>
    reply.status(201).send(await c.filePublic(parse(PublicComplaintInput, req.body, req), actorOf(req))));
  app.get('/api/complaints/status/:code', { config: { access: 'public', ...limited } }, async (req) =>
    c.status(parse(TrackingCodeParam, req.params, req).code));
  app.post('/api/complaints/status/:code/withdraw', { config: { access: 'public', ...limited } }, async (req) =>
    c.withdrawByCode(parse(TrackingCodeParam, req.params, req).code, actorOf(req)));
  app.get('/api/complaints/release/:token', { config: { access: 'public', ...limited } }, async (req, reply) => {
    const { token } = parse(ReleaseTokenParam, req.params, req);
    const file = await c.releasedByToken(token, actorOf(req), isFirstRequest(req));
    return sendVideo(req, reply, file.path, file.name);
  });

  app.post('/api/complaints', { config: { action: 'complaint.file' } }, async (req, reply) =>
    reply.status(201).send(await c.file(parse(ComplaintInput, req.body, req), viewer(req), actorOf(req, 'complaint.file'))));
  app.get('/api/complaints', { config: { action: 'complaint.read' } }, async (req) =>
    c.list(viewer(req), parse(ComplaintQuery, req.query, req).state));
  app.get('/api/complaints/:id', { config: { action: 'complaint.read' } }, async (req) =>
    c.detail(parse(IdParam, req.params, req).id, viewer(req)));
  /** Answering with a clip returns its link this once: never cached. */
  app.post('/api/complaints/:id/events', { config: { action: 'complaint.read' } }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, req);
    const input = parse(ComplaintEventInput, req.body, req);
    return reply.header('Cache-Control', 'no-store').send(await c.act(id, input, viewer(req), actorOf(req, 'complaint.read'), originOf(req)));
  });

  app.post('/api/complaints/:id/people', { config: { action: 'complaint.manage' } }, async (req, reply) =>
    reply.status(201).send(await c.addPerson(parse(IdParam, req.params, req).id, parse(ComplaintPersonInput, req.body, req), viewer(req), actorOf(req, 'complaint.manage'))));
  app.delete('/api/complaints/:id/people/:personId', { config: { action: 'complaint.manage' } }, async (req) => {
    const { id, personId } = parse(PersonParam, req.params, req);
    return c.removePerson(id, personId, viewer(req), actorOf(req, 'complaint.manage'));
  });
  app.post('/api/complaints/:id/consents', { config: { action: 'complaint.manage' } }, async (req, reply) =>
    reply.status(201).send(await c.addConsent(parse(IdParam, req.params, req).id, parse(ConsentInput, req.body, req), viewer(req), actorOf(req, 'complaint.manage'))));
  app.post('/api/complaints/:id/consents/:consentId/withdraw', { config: { action: 'complaint.manage' } }, async (req) => {
    const { id, consentId } = parse(ConsentParam, req.params, req);
    return c.withdrawConsent(id, consentId, parse(ConsentWithdrawInput, req.body, req).reason, viewer(req), actorOf(req, 'complaint.manage'));
  });

  // The redacted clips (R3.3), prepared by leadership.
  app.post('/api/complaints/:id/clips', { config: { action: 'complaint.manage' } }, async (req, reply) => {
    const complaint = await c.forClips(parse(IdParam, req.params, req).id, viewer(req));
    return reply.status(201).send(await vigil.complaintClips.cut(complaint, parse(RedactionClipInput, req.body, req), actorOf(req, 'complaint.manage')));
  });
  app.get('/api/complaints/:id/clips/:clipId', { config: { action: 'complaint.manage' } }, async (req) => {
    const { id, clipId } = parse(ClipParam, req.params, req);
    return vigil.complaintClips.get(await c.forClips(id, viewer(req)), clipId);
  });
  app.put('/api/complaints/:id/clips/:clipId/boxes', { config: { action: 'complaint.manage' } }, async (req) => {
    const { id, clipId } = parse(ClipParam, req.params, req);
    const { boxes, proposals } = parse(RedactionBoxesInput, req.body, req);
    return vigil.complaintClips.setBoxes(await c.forClips(id, viewer(req)), clipId, boxes, actorOf(req, 'complaint.manage'), proposals);
  });
  app.post('/api/complaints/:id/clips/:clipId/detect', { config: { action: 'complaint.manage' } }, async (req, reply) => {
    const { id, clipId } = parse(ClipParam, req.params, req);
    return reply.status(202).send(await vigil.complaintClips.detect(await c.forClips(id, viewer(req)), clipId, actorOf(req, 'complaint.manage')));
  });
  app.post('/api/complaints/:id/clips/:clipId/render', { config: { action: 'complaint.manage' } }, async (req, reply) => {
    const { id, clipId } = parse(ClipParam, req.params, req);
    return reply.status(202).send(await vigil.complaintClips.render(await c.forClips(id, viewer(req)), clipId, actorOf(req, 'complaint.manage')));
  });
  app.get('/api/complaints/:id/clips/:clipId/source.mp4', { config: { action: 'complaint.manage' } }, async (req, reply) => {
    const { id, clipId } = parse(ClipParam, req.params, req);
    const path = await vigil.complaintClips.sourceFile(await c.forClips(id, viewer(req)), clipId, actorOf(req, 'complaint.manage'), isFirstRequest(req));
    return sendVideo(req, reply, path);
  });
  /** Leadership checks the rendered clip; the filer (signed in) downloads the one released to them. */
  app.get('/api/complaints/:id/clips/:clipId/redacted.mp4', { config: { action: 'complaint.read' } }, async (req, reply) => {
    const { id, clipId } = parse(ClipParam, req.params, req);
    const v = viewer(req);
    if (v.roles.includes('principal') || v.roles.includes('vice_principal')) {
      const { path } = await vigil.complaintClips.redactedFile(await c.forClips(id, v), clipId, actorOf(req, 'complaint.manage'), isFirstRequest(req));
      return sendVideo(req, reply, path);
    }
    const file = await c.releasedToFiler(id, clipId, v, actorOf(req, 'complaint.read'), isFirstRequest(req));
    return sendVideo(req, reply, file.path, file.name);
  });

  // R3.3: the working calendar the deadlines are counted on (public holidays are not secret).
  app.get('/api/settings/calendar', { config: { action: 'self.session' } }, async () => vigil.calendar.view());
  app.put('/api/settings/calendar', { config: { action: 'settings.manage' } }, async (req) =>
    vigil.calendar.set(parse(WorkingCalendarInput, req.body, req), actorOf(req, 'settings.manage')));
};
