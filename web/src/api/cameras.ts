import { useQuery } from '@tanstack/react-query';
import { type CameraHealth, type CameraView, shownHealth } from '../contract.js';
import { api } from './client.js';

/** The recorder's state of a camera as GET /api/cameras gives it (null when no recorder runs it). */
export interface RecordingState {
  health: 'recording' | 'reconnecting' | 'offline';
  sinceMs: number;
  downSinceMs: number | null;
  lastSegmentAtMs: number | null;
  lastError: { code: string; vi: string; en: string } | null;
}

export type CameraRow = CameraView & { state: RecordingState | null };

/** What the user sees for a camera: its health and since when (null when nothing is known). */
export interface ShownState {
  health: CameraHealth;
  sinceMs: number | null;
  lastError: { vi: string; en: string } | null;
}

export function shownState(c: CameraRow): ShownState {
  return {
    health: shownHealth(c.enabled, c.state?.health),
    sinceMs: c.state ? (c.state.downSinceMs ?? c.state.sinceMs) : null,
    lastError: c.state?.lastError ?? null,
  };
}

export const HEALTHS: readonly CameraHealth[] = ['recording', 'reconnecting', 'offline', 'disabled'];

/** The cameras in the user's scope, refreshed every 10 s like a guard's status board. */
export const useCameras = (enabled = true) =>
  useQuery({ queryKey: ['cameras'], queryFn: () => api<CameraRow[]>('GET', '/api/cameras'), refetchInterval: 10_000, enabled });
