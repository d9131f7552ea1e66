import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdParam } from '../../../contract/common.js';
import { LIVE_DEFAULT_REASON, REASONS } from '../../../domain/reasons.js';
import { AppError } from '../../errors.js';
import type { LiveStatus } from '../../live/hub.js';
import { checkReason } from '../../services/viewings.js';
import type { Vigil } from '../../vigil.js';
import { actorOf, authorize } from '../auth.js';
import { parse } from '../validate.js';

const LiveQuery = z.object({
  stream: z.enum(['main', 'sub']).default('sub'),
  reasonCode: z.enum(REASONS).optional(),
  reasonText: z.string().trim().max(500).optional(),
});

const foreignOrigin = () =>
  new AppError(403, 'live.origin', { vi: 'Chỉ xem trực tiếp được từ chính trang Vigil.', en: 'Live view opens only from Vigil’s own pages.' });

/** A WebSocket opened by another site would carry the user's cookie: only our own pages may open one. */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Live view (issue 5 builds the wall on it): fMP4 over a WebSocket into Media Source Extensions.
 * One upstream connection per camera and stream, shared by every viewer (src/server/live/hub.ts).
 * Messages: JSON text `{type:'status',…}` and `{type:'init',codec}` (then the init segment as
 * binary), then binary fragments. Start and end are audited with the reason (R3.1); on the wall
 * the guard's duty is the reason, so nothing need be typed.
 */
export const liveRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  app.route({
    method: 'GET',
    url: '/api/cameras/:id/live',
    // `wsHandler` for the upgrade, `handler` for a plain GET (with `websocket: true` the plugin would take `handler` as the socket's).
    config: { action: 'footage.live' },
    preHandler: async (req) => {
      if (!sameOrigin(req)) throw foreignOrigin();
      const { id } = parse(IdParam, req.params, req);
      const q = parse(LiveQuery, req.query, req);
      if (q.reasonCode) checkReason(q.reasonCode, q.reasonText ?? '');
      await authorize(vigil, req, 'footage.live', { kind: 'camera', camera: await vigil.cameras.facts(id) },
        q.reasonCode ? { code: q.reasonCode, text: q.reasonText ?? '' } : LIVE_DEFAULT_REASON);
    },
    handler: async () => {
      throw new AppError(426, 'live.websocket', {
        vi: 'Xem trực tiếp cần kết nối WebSocket: hãy mở từ màn hình xem trực tiếp của Vigil.',
        en: 'Live view needs a WebSocket connection: open it from Vigil’s live screen.',
      });
    },
    wsHandler: (socket, req) => {
      const { id } = parse(IdParam, req.params, req);
      const q = parse(LiveQuery, req.query, req);
      const reason = q.reasonCode ? { code: q.reasonCode, text: q.reasonText ?? '' } : LIVE_DEFAULT_REASON;
      const actor = actorOf(req, 'footage.live');
      const startedMs = vigil.now();
      void vigil.viewings.record(actor, { action: 'footage.live', cameraId: id, reason, detail: { step: 'start', stream: q.stream } });
      const send = (data: string | Buffer) => {
        if (socket.readyState === socket.OPEN) socket.send(data);
      };
      const unsubscribe = vigil.live.subscribe(id, q.stream, {
        init: (codec, data) => {
          send(JSON.stringify({ type: 'init', codec }));
          send(data);
        },
        fragment: (data) => send(data),
        status: (s: LiveStatus) => send(JSON.stringify({ type: 'status', ...s })),
        bufferedBytes: () => socket.bufferedAmount,
      });
      socket.on('close', () => {
        unsubscribe();
        void vigil.viewings.record(actor, { action: 'footage.live.end', cameraId: id, reason, detail: { step: 'end', stream: q.stream, seconds: Math.round((vigil.now() - startedMs) / 1000) } });
      });
    },
  });
};
