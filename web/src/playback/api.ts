import { useQueries } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { ReasonCode } from './reasons.js';
import type { TimeRange } from './timeline-scale.js';

/** GET /api/cameras/:id/timeline (src/server/services/footage.ts). */
export interface CameraTimeline {
  from: number;
  to: number;
  recordedMs: number;
  spans: TimeRange[];
  gaps: Array<TimeRange & { reason: string; open: boolean }>;
  /** Footage held by a workflow (R3.2): retention does not delete it. Sorted, disjoint. */
  held: HeldRange[];
}

/** Why footage is held (src/domain/holds.ts HOLD_KINDS). */
export const HELD_KINDS = ['incident', 'case', 'request', 'complaint', 'archive', 'manual'] as const;
export type HeldKind = (typeof HELD_KINDS)[number];

/** A held stretch of one camera's timeline and the kinds of record holding it. */
export interface HeldRange extends TimeRange {
  kinds: HeldKind[];
}

/** Where footage exists, per camera, for the day shown; today's grows, so it is fetched again. */
export function useTimelines(cameraIds: readonly number[], day: TimeRange, live: boolean) {
  return useQueries({
    queries: cameraIds.map((id) => ({
      queryKey: ['timeline', id, day.startMs, day.endMs],
      queryFn: () => api<CameraTimeline>('GET', `/api/cameras/${id}/timeline?from=${day.startMs}&to=${day.endMs}`),
      refetchInterval: live ? 15_000 : false,
    })),
  });
}

/** POST /api/viewings → 201 (src/server/http/routes/footage.ts). */
export interface ViewingAnswer {
  id: string;
  cameraIds: number[];
  expiresAt: number;
}

export const openViewing = (cameraIds: readonly number[], reasonCode: ReasonCode, reasonText: string) =>
  api<ViewingAnswer>('POST', '/api/viewings', { cameraIds, reasonCode, reasonText });

/** The clip download (R2.3): leadership or a grant only, with its own reason, audited by the server. */
export function clipUrl(cameraId: number, range: TimeRange, reasonCode: ReasonCode, reasonText: string): string {
  const q = new URLSearchParams({ from: String(Math.round(range.startMs)), to: String(Math.round(range.endMs)), reasonCode, reasonText: reasonText.trim() });
  return `/api/cameras/${cameraId}/clip?${q}`;
}
