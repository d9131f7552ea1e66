import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { IdParam, Instant } from '../../../contract/common.js';
import { WHAT, conflict, invalid, notFound } from '../../errors.js';
import { HoldQuery } from '../../../contract/workflows.js';
import { releaseProblem } from '../../../domain/holds.js';
import { RetentionSettingsSchema } from '../../services/storage.js';
import type { Vigil } from '../../vigil.js';
import { parse } from '../validate.js';
import { actorOf } from '../auth.js';
import { SignInSettingsSchema } from '../../services/sign-in.js';

const ReleaseInput = z.object({ reason: z.string().trim().max(500) }).strict();

const HoldInput = z
  .object({
    cameraId: z.number().int().positive().nullable(),
    from: Instant,
    to: Instant,
    /** Holds made by hand; incidents, cases, requests and complaints make their own (R3.2). */
    kind: z.enum(['manual', 'archive']).default('manual'),
    reason: z.string().trim().min(3).max(500),
    until: Instant.nullish(),
  })
  .strict()
  .refine((h) => h.to > h.from, { message: 'range.order', path: ['to'] });

export const storageRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  app.get('/api/storage', { config: { action: 'storage.read' } }, async () => vigil.storage.usage());

  /** What retention deleted and what the system noticed (disk marks crossed, files missing). */
  app.get('/api/storage/history', { config: { action: 'storage.read' } }, async () => ({
    deletions: await vigil.events.deletions(200),
    events: await vigil.events.recent(200),
  }));

  app.get('/api/settings/retention', { config: { action: 'storage.read' } }, async () => vigil.storage.retention());
  app.put('/api/settings/retention', { config: { action: 'settings.manage' } }, async (req) =>
    vigil.storage.setRetention(parse(RetentionSettingsSchema.partial().strict(), req.body, req), actorOf(req, 'settings.manage')));

  /** Lockout and session lengths ("From Vietnamese law": 5 failures, 15 minutes by default). */
  app.get('/api/settings/sign-in', { config: { action: 'settings.manage' } }, async () => vigil.signIn.settings());
  app.put('/api/settings/sign-in', { config: { action: 'settings.manage' } }, async (req) =>
    vigil.signIn.setSettings(parse(SignInSettingsSchema.partial().strict(), req.body, req), actorOf(req, 'settings.manage')));

  /** Holds: footage retention must never delete (R3.2). Workflows create them; listed here. */
  app.get('/api/holds', { config: { action: 'hold.read' } }, async (req) => {
    const q = parse(HoldQuery, req.query, req);
    if (q.cameraId === undefined) return vigil.holds.active(vigil.now());
    return vigil.holds.overlapping(q.cameraId, q.from ?? 0, q.to ?? Number.MAX_SAFE_INTEGER, vigil.now());
  });
  app.post('/api/holds', { config: { action: 'hold.manage' } }, async (req, reply) => {
    const h = parse(HoldInput, req.body, req);
    if (h.cameraId !== null) await vigil.cameras.get(h.cameraId);
    const actor = actorOf(req, 'hold.manage');
    const hold = await vigil.audited(actor, (trx) =>
      vigil.holds.create({
        cameraId: h.cameraId, startMs: h.from, endMs: h.to, kind: h.kind, reason: h.reason,
        createdBy: actor.name, createdAt: vigil.now(), untilMs: h.until ?? null,
      }, trx), (r) => ({ action: 'hold.create', resourceType: 'hold', resourceId: r.id, cameraId: r.cameraId, detail: { ...r } }));
    return reply.status(201).send(hold);
  });
  app.post('/api/holds/:id/release', { config: { action: 'hold.manage' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    const { reason } = parse(ReleaseInput, req.body, req);
    const hold = await vigil.holds.get(id);
    if (!hold || hold.releasedAt !== null) throw notFound(WHAT.hold);
    // A workflow's hold goes with its workflow (the incident closed, the case's retention over).
    if (hold.subjectId !== null) {
      throw conflict('hold.ownedByWorkflow', {
        vi: 'Lệnh giữ này thuộc một sự việc, vụ việc hoặc yêu cầu: nó được gỡ khi hồ sơ đó kết thúc, không gỡ tay được.',
        en: 'This hold belongs to an incident, case or request: it is released when that record ends, not by hand.',
      });
    }
    const problem = releaseProblem({ releasedAtMs: null }, reason);
    if (problem) throw invalid('hold.reason', problem);
    const actor = actorOf(req, 'hold.manage');
    await vigil.audited(actor, (trx) => vigil.holds.release(id, vigil.now(), trx, actor.name, reason),
      { action: 'hold.release', resourceType: 'hold', resourceId: id, cameraId: hold.cameraId, reason: { code: 'other', text: reason } });
    return { ...hold, releasedAt: vigil.now() };
  });
};
