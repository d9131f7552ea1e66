/**
 * The camera supervisor's state machine (go2rtc style: a generation id per ffmpeg run, so a late
 * exit of an old process cannot touch the new one). Pure: the recorder feeds events and carries
 * out the returned effects.
 */

export type SupervisorPhase = 'stopped' | 'starting' | 'recording' | 'backoff' | 'stopping';

export interface SupervisorState {
  phase: SupervisorPhase;
  generation: number;
  /** Index into the backoff steps for the next restart. */
  failures: number;
  /** When the camera last stopped delivering footage (null while recording). */
  downSinceMs: number | null;
  sinceMs: number;
  lastExit: { code: number | null; signal: string | null; reason: DownReason } | null;
  /** Set when the watchdog killed the current run, so its exit is told apart from a camera drop. */
  watchdogFired: boolean;
}

export type DownReason = 'camera_disconnected' | 'connection_failed' | 'watchdog' | 'recorder_stopped' | 'not_started';

export type SupervisorEvent =
  | { type: 'start' }
  | { type: 'bytes'; generation: number }
  | { type: 'segmentClosed'; generation: number }
  | { type: 'exited'; generation: number; code: number | null; signal: string | null; sawBytes: boolean }
  | { type: 'watchdog'; generation: number }
  | { type: 'backoffElapsed'; generation: number }
  | { type: 'stop' };

export type SupervisorEffect =
  | { type: 'spawn'; generation: number }
  | { type: 'kill'; generation: number; signal: 'SIGINT' | 'SIGKILL' }
  | { type: 'schedule'; generation: number; delayMs: number }
  | { type: 'openGap'; reason: DownReason }
  | { type: 'salvage'; generation: number };

export interface Transition {
  state: SupervisorState;
  effects: SupervisorEffect[];
}

/** Stepped backoff (seconds): short enough that a camera back from a reboot records within 10 s. */
export const DEFAULT_BACKOFF_MS = [1000, 2000, 5000] as const;

export function initialSupervisorState(nowMs: number): SupervisorState {
  return { phase: 'stopped', generation: 0, failures: 0, downSinceMs: nowMs, sinceMs: nowMs, lastExit: null, watchdogFired: false };
}

export function backoffDelayMs(failures: number, steps: readonly number[] = DEFAULT_BACKOFF_MS): number {
  const last = steps[steps.length - 1] ?? 1000;
  return steps[Math.min(failures, steps.length - 1)] ?? last;
}

function downReason(code: number | null, sawBytes: boolean, killedByWatchdog: boolean): DownReason {
  if (killedByWatchdog) return 'watchdog';
  if (sawBytes) return 'camera_disconnected';
  return code === 0 ? 'camera_disconnected' : 'connection_failed';
}

function isStale(state: SupervisorState, generation: number): boolean {
  return generation !== state.generation;
}

export function nextSupervisorState(
  state: SupervisorState,
  event: SupervisorEvent,
  nowMs: number,
  steps: readonly number[] = DEFAULT_BACKOFF_MS,
): Transition {
  const keep: Transition = { state, effects: [] };
  switch (event.type) {
    case 'start': {
      if (state.phase !== 'stopped') return keep;
      const generation = state.generation + 1;
      return {
        state: { ...state, phase: 'starting', generation, sinceMs: nowMs },
        effects: [{ type: 'spawn', generation }],
      };
    }
    case 'bytes': {
      if (isStale(state, event.generation) || state.phase !== 'starting') return keep;
      return { state: { ...state, phase: 'recording', sinceMs: nowMs, downSinceMs: null }, effects: [] };
    }
    case 'segmentClosed': {
      if (isStale(state, event.generation)) return keep;
      // A closed segment proves the stream is stable: the next failure starts the backoff again.
      const phase = state.phase === 'starting' ? 'recording' : state.phase;
      const sinceMs = phase === state.phase ? state.sinceMs : nowMs;
      const downSinceMs = phase === 'recording' ? null : state.downSinceMs;
      return { state: { ...state, phase, sinceMs, failures: 0, downSinceMs }, effects: [] };
    }
    case 'watchdog': {
      if (isStale(state, event.generation)) return keep;
      if (state.phase !== 'starting' && state.phase !== 'recording') return keep;
      return {
        state: { ...state, watchdogFired: true },
        effects: [{ type: 'kill', generation: event.generation, signal: 'SIGKILL' }],
      };
    }
    case 'exited': {
      if (isStale(state, event.generation)) return keep;
      const salvage: SupervisorEffect = { type: 'salvage', generation: event.generation };
      if (state.phase === 'stopping') {
        return {
          state: { ...state, phase: 'stopped', sinceMs: nowMs, downSinceMs: nowMs, watchdogFired: false,
            lastExit: { code: event.code, signal: event.signal, reason: 'recorder_stopped' } },
          effects: [salvage, { type: 'openGap', reason: 'recorder_stopped' }],
        };
      }
      const reason = downReason(event.code, event.sawBytes, state.watchdogFired);
      const generation = state.generation + 1;
      const delayMs = backoffDelayMs(state.failures, steps);
      const wasUp = state.downSinceMs === null;
      return {
        state: {
          ...state,
          phase: 'backoff',
          generation,
          failures: state.failures + 1,
          watchdogFired: false,
          sinceMs: nowMs,
          downSinceMs: state.downSinceMs ?? nowMs,
          lastExit: { code: event.code, signal: event.signal, reason },
        },
        effects: [salvage, ...(wasUp ? [{ type: 'openGap', reason } as const] : []),
          { type: 'schedule', generation, delayMs }],
      };
    }
    case 'backoffElapsed': {
      if (isStale(state, event.generation) || state.phase !== 'backoff') return keep;
      return {
        state: { ...state, phase: 'starting', sinceMs: nowMs },
        effects: [{ type: 'spawn', generation: state.generation }],
      };
    }
    case 'stop': {
      if (state.phase === 'starting' || state.phase === 'recording') {
        return {
          state: { ...state, phase: 'stopping', sinceMs: nowMs },
          effects: [{ type: 'kill', generation: state.generation, signal: 'SIGINT' }],
        };
      }
      if (state.phase === 'backoff') {
        // Invalidate the pending restart by moving to a new generation.
        return { state: { ...state, phase: 'stopped', generation: state.generation + 1, sinceMs: nowMs }, effects: [] };
      }
      return keep;
    }
  }
}

export type CameraHealth = 'recording' | 'reconnecting' | 'offline' | 'disabled';

/** What a guard sees: recording, reconnecting (briefly down), or offline (down for a while). */
export function cameraHealth(state: SupervisorState, nowMs: number, offlineAfterMs: number): CameraHealth {
  if (state.phase === 'recording') return 'recording';
  if (state.phase === 'stopped' || state.phase === 'stopping') return 'offline';
  const downFor = nowMs - (state.downSinceMs ?? nowMs);
  return downFor >= offlineAfterMs ? 'offline' : 'reconnecting';
}

/** What a user sees for a camera: disabled, or its recorder's health (offline when none runs). */
export function shownHealth(enabled: boolean, recorderHealth: CameraHealth | undefined): CameraHealth {
  return enabled ? (recorderHealth ?? 'offline') : 'disabled';
}
