import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { Reason } from '../../../contract/auth.js';
import { IdParam, TimeRangeQuery } from '../../../contract/common.js';
import type { Vigil } from '../../vigil.js';
import { checkReason } from '../../services/viewings.js';
import type { Clip, PlaybackWindow } from '../../services/footage.js';
import { actorOf, authorize, viewerOf } from '../auth.js';
import { parse } from '../validate.js';
import { AppError } from '../../errors.js';
import { type HoldKind, mergeHeldRanges } from '../../../domain/holds.js';
import { allowedRange } from '../../../domain/policy.js';

const ClipQuery = z.intersection(TimeRangeQuery, Reason);
const ViewingInput = z.object({ cameraIds: z.array(z.number().int().positive()).min(1).max(16) }).extend(Reason.shape).strict();
const PlaybackQuery = z.intersection(TimeRangeQuery, z.object({ viewing: z.string().min(10).max(64) }));

/** A clip to download: the temporary file goes once it is sent. */
function sendClip(reply: FastifyReply, clip: Clip) {
  const stream = createReadStream(clip.file);
  stream.on('close', () => void clip.dispose());
  return reply.header('Content-Type', 'video/mp4').header('Cache-Control', 'no-store')
    .header('Content-Disposition', `attachment; filename="${basename(clip.file)}"`).send(stream);
}

/**
 * Playback as it comes out of ffmpeg. The headers map video time to wall time: video time 0 is
 * X-Vigil-Start-Ms; the footage ends at X-Vigil-End-Ms, and resumes after a gap at X-Vigil-Next-Ms.
 */
function sendPlayback(reply: FastifyReply, w: PlaybackWindow) {
  // The viewer went away (a seek elsewhere, a closed tab): ffmpeg stops with it.
  reply.raw.once('close', w.stop);
  return reply.header('Content-Type', 'video/mp4').header('Cache-Control', 'no-store')
    .header('X-Vigil-Start-Ms', String(w.startMs)).header('X-Vigil-End-Ms', String(w.endMs))
    .header('X-Vigil-Codec', w.codec).header('X-Vigil-Source-Codec', w.sourceCodec).header('X-Vigil-Transcoded', w.transcoded ? '1' : '0')
    .headers(w.nextMs === null ? {} : { 'X-Vigil-Next-Ms': String(w.nextMs) })
    .send(w.body);
}

export const footageRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  /** Where footage exists (spans and gaps) — not the footage itself, so no reason is asked. */
  app.get('/api/cameras/:id/timeline', { config: { action: 'footage.timeline' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    const { from, to } = parse(TimeRangeQuery, req.query, req);
    await authorize(vigil, req, 'footage.timeline', { kind: 'camera', camera: await vigil.cameras.facts(id) });
    const timeline = await vigil.footage.timeline(id, { startMs: from, endMs: to });
    // R3.2: the held stretches (kept whatever retention says) — their kinds, not their reasons.
    const nowMs = vigil.now();
    const holds = await vigil.holds.overlapping(id, from, to, nowMs);
    const held = mergeHeldRanges(holds.map((h) => ({
      ...h, subject: { kind: h.kind as HoldKind, id: h.subjectId }, createdAtMs: h.createdAt, releasedAtMs: h.releasedAt,
    })), id, nowMs).map((r) => ({ ...r, startMs: Math.max(r.startMs, from), endMs: Math.min(r.endMs, to) }));
    return { ...timeline, held };
  });

  /** R3.1: open a session of viewing recorded footage — the reason is given once, and audited per camera. */
  app.post('/api/viewings', { config: { action: 'footage.playback' } }, async (req, reply) => {
    const input = parse(ViewingInput, req.body, req);
    const cameraIds = [...new Set(input.cameraIds)];
    const reason = { code: input.reasonCode, text: input.reasonText };
    for (const id of cameraIds) await authorize(vigil, req, 'footage.playback', { kind: 'camera', camera: await vigil.cameras.facts(id) }, reason);
    const v = viewerOf(req);
    const viewing = await vigil.viewings.start({ sessionIdHash: v.session.idHash, userId: v.user.id, cameraIds, reasonCode: input.reasonCode, reasonText: input.reasonText }, actorOf(req, 'footage.playback'));
    return reply.status(201).send({ id: viewing.id, cameraIds: viewing.cameraIds, expiresAt: viewing.expiresAtMs });
  });

  /**
   * Recorded footage from `from`, to play in the browser, under a session of viewing: a
   * fragmented MP4 streamed at once, at most PLAYBACK_WINDOW_MS long (the player asks for the next
   * window before the end), H.265 transcoded to H.264.
   */
  app.get('/api/cameras/:id/playback', { config: { action: 'footage.playback' } }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, req);
    const { from, to, viewing } = parse(PlaybackQuery, req.query, req);
    const camera = await vigil.cameras.facts(id);
    // R4.2: a grant holder's window stops at the grant's end (the player always asks ten minutes ahead).
    const range = allowedRange(viewerOf(req).subject, 'footage.playback', camera, { startMs: from, endMs: to }, vigil.now()) ?? { startMs: from, endMs: to };
    // Scope first: someone outside it learns nothing, not even whether a viewing exists.
    await authorize(vigil, req, 'footage.playback', { kind: 'footage', camera, range });
    await vigil.viewings.require(viewing, viewerOf(req).session.idHash, id);
    try {
      return sendPlayback(reply, await vigil.footage.playback(id, range));
    } catch (err) {
      if (err instanceof AppError && err.cause) req.log.warn({ cameraId: id, cause: err.cause }, 'playback failed');
      throw err;
    }
  });

  /** R2.3, R3.1: a copy of footage leaves the system — with a reason, audited, for leadership or a grant. */
  app.get('/api/cameras/:id/clip', { config: { action: 'footage.clip' } }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, req);
    const { from, to, reasonCode, reasonText } = parse(ClipQuery, req.query, req);
    const reason = { code: reasonCode, text: reasonText.trim() };
    checkReason(reasonCode, reasonText);
    const range = { startMs: from, endMs: to };
    const decision = await authorize(vigil, req, 'footage.clip', { kind: 'footage', camera: await vigil.cameras.facts(id), range }, reason);
    // R4.2: a clip given out under a grant carries a visible line naming the request.
    const watermark = decision.via === 'grant' ? await vigil.requests.watermarkFor(decision.grantId) : undefined;
    const clip = await vigil.footage.clip(id, range, watermark);
    await vigil.viewings.record(actorOf(req, 'footage.clip'), {
      action: 'footage.clip', cameraId: id, reason, detail: { from, to, via: decision.via, ...(decision.via === 'grant' ? { grantId: decision.grantId, watermark } : {}) },
    });
    return sendClip(reply, clip);
  });
};
