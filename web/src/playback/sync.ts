/**
 * Several cameras in step: one of them sets the pace (the clock), the others follow it. Pure.
 */

/** Followers further apart from the clock than this are moved to it. */
export const DRIFT_MS = 300;

export type FollowAction = 'wait' | 'resync' | 'keep';

export interface FollowerState {
  /** Wall time on the follower's screen; null before it has loaded anything. */
  followerMs: number | null;
  clockMs: number;
  /** The follower's footage begins here, later than where it was asked. */
  resumesAtMs: number | null;
  /** The follower was found to have nothing in this range. */
  empty: { fromMs: number; untilMs: number } | null;
  /** A fetch for the clock's instant is on its way. */
  loading: boolean;
}

export function followAction(s: FollowerState): FollowAction {
  // Its footage begins later: it waits on its first frame until the clock gets there.
  if (s.resumesAtMs !== null && s.clockMs < s.resumesAtMs - DRIFT_MS) return 'wait';
  if (s.empty && s.clockMs >= s.empty.fromMs && s.clockMs < s.empty.untilMs) return 'wait';
  if (s.loading) return 'keep';
  if (s.followerMs === null || Math.abs(s.followerMs - s.clockMs) > DRIFT_MS) return 'resync';
  return 'keep';
}

/** The camera that sets the pace: the first, in the order chosen, that has or is fetching footage. */
export function leaderIndex(canLead: readonly boolean[]): number {
  return canLead.indexOf(true);
}

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;
export type Speed = (typeof SPEEDS)[number];

/** One frame at the recorders' 25 frames a second. */
export const FRAME_S = 0.04;
export const JUMP_MS = 10_000;
export const MAX_CAMERAS = 4;
