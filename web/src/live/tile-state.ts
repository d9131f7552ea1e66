import { type CameraRow, shownState } from '../api/cameras.js';
import type { Lang } from '../i18n/index.js';
import type { PlayerSnapshot } from './live-player.js';

export type TileState = 'live' | 'connecting' | 'stalled' | 'reconnecting' | 'offline' | 'disabled' | 'refused' | 'unsupported';

/** What a tile says: never a black picture without a reason. */
export interface TileView {
  state: TileState;
  /** Since when the camera is reconnecting or offline. */
  sinceMs: number | null;
  /** Why, in the user's language: the server's words (or the recorder's, before the server has spoken). */
  reason: string | null;
  /** Whether the recorder is recording this camera (null: it does not run it). */
  recording: boolean | null;
}

/** The camera's model says H.265 (HEVC): the server transcodes it to H.264 for the browser. */
export const isH265 = (c: Pick<CameraRow, 'make' | 'model'>): boolean => /h\.?\s?265|hevc/i.test(`${c.make ?? ''} ${c.model ?? ''}`);

/**
 * The tile's state from the camera row (GET /api/cameras, the recorder's view) and the player (the
 * live feed's view). A camera the recorder has known to be down for an hour is "offline since" that
 * hour, not since the wall was opened.
 */
export function tileView(camera: CameraRow, p: PlayerSnapshot, lang: Lang): TileView {
  const recorder = camera.state;
  const recording = recorder ? recorder.health === 'recording' : null;
  const view = (state: TileState, sinceMs: number | null = null, reason: string | null = null): TileView => ({ state, sinceMs, reason, recording });
  if (!camera.enabled) return view('disabled');
  if (p.phase === 'refused') return view('refused', null, p.refusal);
  if (p.phase === 'unsupported') return view('unsupported');
  if (p.phase === 'playing') return view('live');
  const recorded = shownState(camera);
  const recorderDown = recorded.health === 'offline' || recorded.health === 'reconnecting' ? recorded.health : null;
  const server = p.server;
  if (server && (server.state === 'offline' || server.state === 'reconnecting')) {
    // The worse of the two words: the feed retrying a camera the recorder has lost is offline.
    const state = recorderDown === 'offline' ? 'offline' : server.state;
    return view(state, recorderDown && recorded.sinceMs !== null ? Math.min(recorded.sinceMs, server.sinceMs) : server.sinceMs, server.reason[lang]);
  }
  if (p.phase === 'stalled') return view('stalled');
  if (recorderDown) return view(recorderDown, recorded.sinceMs, recorded.lastError?.[lang] ?? null);
  return view('connecting', null, server?.reason[lang] ?? null);
}
