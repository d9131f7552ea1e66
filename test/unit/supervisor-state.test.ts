import { describe, expect, it } from 'vitest';
import {
  type SupervisorState, backoffDelayMs, cameraHealth, initialSupervisorState, nextSupervisorState, shownHealth,
} from '../../src/domain/supervisor-state.js';

const step = (s: SupervisorState, e: Parameters<typeof nextSupervisorState>[1], now = 0) => nextSupervisorState(s, e, now);

describe('camera supervisor state machine', () => {
  it('spawns ffmpeg on start and records once bytes arrive', () => {
    const a = step(initialSupervisorState(0), { type: 'start' });
    expect(a.state.phase).toBe('starting');
    expect(a.effects).toEqual([{ type: 'spawn', generation: 1 }]);
    const b = step(a.state, { type: 'bytes', generation: 1 }, 500);
    expect(b.state.phase).toBe('recording');
    expect(b.state.downSinceMs).toBeNull();
  });

  it('restarts on any exit, even exit code 0, with stepped backoff and a gap', () => {
    let s = step(initialSupervisorState(0), { type: 'start' }).state;
    s = step(s, { type: 'bytes', generation: 1 }).state;
    const t = step(s, { type: 'exited', generation: 1, code: 0, signal: null, sawBytes: true }, 1000);
    expect(t.state.phase).toBe('backoff');
    expect(t.effects).toEqual([
      { type: 'salvage', generation: 1 },
      { type: 'openGap', reason: 'camera_disconnected' },
      { type: 'schedule', generation: 2, delayMs: 1000 },
    ]);
    const r = step(t.state, { type: 'backoffElapsed', generation: 2 }, 2000);
    expect(r.effects).toEqual([{ type: 'spawn', generation: 2 }]);
    const f = step(r.state, { type: 'exited', generation: 2, code: 1, signal: null, sawBytes: false }, 2100);
    expect(f.effects.at(-1)).toEqual({ type: 'schedule', generation: 3, delayMs: 2000 });
    // The gap is opened once, when the camera went down, not at every failed retry.
    expect(f.effects.some((e) => e.type === 'openGap')).toBe(false);
    expect(f.state.lastExit?.reason).toBe('connection_failed');
  });

  it('ignores a late exit from an old generation', () => {
    let s = step(initialSupervisorState(0), { type: 'start' }).state;
    s = step(s, { type: 'exited', generation: 1, code: 1, signal: null, sawBytes: false }).state;
    s = step(s, { type: 'backoffElapsed', generation: 2 }).state;
    const late = step(s, { type: 'exited', generation: 1, code: 0, signal: null, sawBytes: true });
    expect(late.state).toBe(s);
    expect(late.effects).toEqual([]);
  });

  it('kills a stalled ffmpeg when the watchdog fires and names the reason', () => {
    let s = step(initialSupervisorState(0), { type: 'start' }).state;
    s = step(s, { type: 'bytes', generation: 1 }).state;
    const w = step(s, { type: 'watchdog', generation: 1 });
    expect(w.effects).toEqual([{ type: 'kill', generation: 1, signal: 'SIGKILL' }]);
    const x = step(w.state, { type: 'exited', generation: 1, code: null, signal: 'SIGKILL', sawBytes: true });
    expect(x.state.lastExit?.reason).toBe('watchdog');
    const next = step(step(x.state, { type: 'backoffElapsed', generation: 2 }).state, { type: 'exited', generation: 2, code: 1, signal: null, sawBytes: false });
    expect(next.state.lastExit?.reason).toBe('connection_failed');
  });

  it('resets the backoff once a segment closes', () => {
    let s = step(initialSupervisorState(0), { type: 'start' }).state;
    for (let g = 1; g <= 3; g += 1) {
      s = step(s, { type: 'exited', generation: g, code: 1, signal: null, sawBytes: false }).state;
      s = step(s, { type: 'backoffElapsed', generation: g + 1 }).state;
    }
    expect(s.failures).toBe(3);
    s = step(s, { type: 'segmentClosed', generation: 4 }).state;
    expect(s.failures).toBe(0);
    expect(s.phase).toBe('recording');
  });

  it('stops gracefully with SIGINT and cancels a pending restart', () => {
    let s = step(initialSupervisorState(0), { type: 'start' }).state;
    const stop = step(s, { type: 'stop' });
    expect(stop.effects).toEqual([{ type: 'kill', generation: 1, signal: 'SIGINT' }]);
    const done = step(stop.state, { type: 'exited', generation: 1, code: 255, signal: null, sawBytes: true });
    expect(done.state.phase).toBe('stopped');
    expect(done.effects).toContainEqual({ type: 'openGap', reason: 'recorder_stopped' });
    s = step(initialSupervisorState(0), { type: 'start' }).state;
    s = step(s, { type: 'exited', generation: 1, code: 1, signal: null, sawBytes: false }).state;
    const cancelled = step(s, { type: 'stop' });
    expect(cancelled.state.phase).toBe('stopped');
    expect(step(cancelled.state, { type: 'backoffElapsed', generation: 2 }).effects).toEqual([]);
  });

  it('steps the backoff 1, 2, 5 s and stays at the last step', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelayMs(n))).toEqual([1000, 2000, 5000, 5000, 5000]);
  });

  it('tells a guard reconnecting first, then offline after a while', () => {
    let s = step(initialSupervisorState(0), { type: 'start' }, 0).state;
    s = step(s, { type: 'bytes', generation: 1 }, 0).state;
    s = step(s, { type: 'exited', generation: 1, code: 0, signal: null, sawBytes: true }, 10_000).state;
    expect(cameraHealth(s, 15_000, 30_000)).toBe('reconnecting');
    expect(cameraHealth(s, 40_000, 30_000)).toBe('offline');
  });

  it('shows a disabled camera as disabled, and one with no recorder running as offline', () => {
    expect(shownHealth(false, 'recording')).toBe('disabled');
    expect(shownHealth(true, undefined)).toBe('offline');
    expect(shownHealth(true, 'reconnecting')).toBe('reconnecting');
  });
});
