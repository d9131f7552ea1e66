import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { IdParam, Instant } from '../../../contract/common.js';
import { WHAT, notFound } from '../../errors.js';
import { RetentionSettingsSchema } from '../../services/storage.js';
import type { Vigil } from '../../vigil.js';
import { parse } from '../validate.js';

const HoldInput = z
  .object({
    cameraId: z.number().int().positive().nullable(),
    from: Instant,
    to: Instant,
    kind: z.enum(['evidence', 'archive', 'request', 'complaint', 'other']),
    reason: z.string().trim().min(3).max(500),
    until: Instant.nullish(),
  })
  .strict()
  .refine((h) => h.to > h.from, { message: 'range.order', path: ['to'] });

export const storageRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  app.get('/api/storage', async () => vigil.storage.usage());

  /** What retention deleted and what the system noticed (disk marks crossed, files missing). */
  app.get('/api/storage/history', async () => ({
    deletions: await vigil.events.deletions(200),
    events: await vigil.events.recent(200),
  }));

  app.get('/api/settings/retention', async () => vigil.storage.retention());
  app.put('/api/settings/retention', async (req) =>
    vigil.storage.setRetention(parse(RetentionSettingsSchema.partial().strict(), req.body, req)));

  /** Holds: footage retention must never delete (R3.2). Workflows create them; listed here. */
  app.get('/api/holds', async () => vigil.holds.active(vigil.now()));
  app.post('/api/holds', async (req, reply) => {
    const h = parse(HoldInput, req.body, req);
    if (h.cameraId !== null) await vigil.cameras.get(h.cameraId);
    const hold = await vigil.holds.create({
      cameraId: h.cameraId, startMs: h.from, endMs: h.to, kind: h.kind, reason: h.reason,
      createdBy: 'local', createdAt: vigil.now(), untilMs: h.until ?? null,
    });
    return reply.status(201).send(hold);
  });
  app.post('/api/holds/:id/release', async (req) => {
    const { id } = parse(IdParam, req.params, req);
    const hold = await vigil.holds.get(id);
    if (!hold || hold.releasedAt !== null) throw notFound(WHAT.hold);
    await vigil.holds.release(id, vigil.now());
    return { ...hold, releasedAt: vigil.now() };
  });
};
