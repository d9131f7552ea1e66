import { z } from 'zod';

/**
 * What the live WebSocket says in text (src/server/http/routes/live.ts): the feed's status, and
 * `init` right before the binary init segment of a new timeline. Everything else is binary:
 * moof+mdat fragments.
 */
const Reason = z.object({ code: z.string(), vi: z.string(), en: z.string() });

export const ServerStatus = z.object({
  type: z.literal('status'),
  state: z.enum(['starting', 'live', 'reconnecting', 'offline']),
  sinceMs: z.number(),
  reason: Reason,
});
export type ServerStatus = z.infer<typeof ServerStatus>;

const Init = z.object({ type: z.literal('init'), codec: z.string().regex(/^[a-z0-9]{4}(\.[\w.]+)?$/i) });

export const LiveMessage = z.discriminatedUnion('type', [ServerStatus, Init]);
export type LiveMessage = z.infer<typeof LiveMessage>;

/** A text message, or null when it is not one we know (a newer server may say more). */
export function parseLiveMessage(text: string): LiveMessage | null {
  try {
    const parsed = LiveMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
