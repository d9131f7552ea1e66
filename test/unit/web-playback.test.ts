import { describe, expect, it } from 'vitest';
import { DRIFT_MS, followAction, leaderIndex } from '../../web/src/playback/sync.js';
import { MAX_VIEW_MS, MIN_VIEW_MS, clampView, msAt, panBy, ticks, xAt, zoomAt } from '../../web/src/playback/timeline-scale.js';
import { durationParts, formatVnClock, formatVnDate, formatVnDateTime, isoDay, parseIsoDay, parseVnDate, vnDayStart } from '../../web/src/playback/vn-time.js';

const day = { startMs: Date.UTC(2026, 10, 24, 17), endMs: Date.UTC(2026, 10, 25, 17) }; // 25/11/2026 in Vietnam

describe("the playback screen keeps Vietnam's time", () => {
  it('reads and writes days as dd/MM/yyyy, midnight in Ho Chi Minh City', () => {
    expect(parseVnDate('25/11/2026')).toBe(day.startMs);
    expect(parseVnDate('5/1/2026')).toBe(Date.UTC(2026, 0, 4, 17));
    expect(parseVnDate('31/02/2026')).toBeNull();
    expect(parseVnDate('2026-11-25')).toBeNull();
    expect(formatVnDate(day.startMs)).toBe('25/11/2026');
    expect(isoDay(day.startMs)).toBe('2026-11-25');
    expect(parseIsoDay('2026-11-25')).toBe(day.startMs);
    expect(vnDayStart(day.startMs + 23 * 3_600_000)).toBe(day.startMs);
    expect(vnDayStart(day.startMs - 1)).toBe(day.startMs - 86_400_000);
  });

  it('shows wall-clock times HH:mm:ss in Vietnam', () => {
    expect(formatVnClock(day.startMs + 10 * 3_600_000 + 15 * 60_000 + 32_400)).toBe('10:15:32');
    expect(formatVnClock(day.startMs + 90 * 60_000, false)).toBe('01:30');
    expect(formatVnDateTime(day.startMs + 1000)).toBe('25/11/2026 00:00:01');
    expect(durationParts(3_930_400)).toEqual({ h: 1, m: 5, s: 30 });
  });
});

describe('the timeline zooms from a day down to a minute', () => {
  it('zooms around the point under the pointer, never narrower than a minute nor wider than the day', () => {
    const hour = { startMs: day.startMs + 10 * 3_600_000, endMs: day.startMs + 11 * 3_600_000 };
    const anchor = hour.startMs + 15 * 60_000;
    const zoomed = zoomAt(hour, 0.5, anchor, day);
    expect(zoomed.endMs - zoomed.startMs).toBe(30 * 60_000);
    expect((anchor - zoomed.startMs) / (zoomed.endMs - zoomed.startMs)).toBeCloseTo(0.25);
    const tight = zoomAt(hour, 0.0001, anchor, day);
    expect(tight.endMs - tight.startMs).toBe(MIN_VIEW_MS);
    expect(zoomAt(hour, 1000, anchor, day)).toEqual(day);
    expect(MAX_VIEW_MS).toBe(86_400_000);
  });

  it('pans inside the day and maps pixels to instants', () => {
    const hour = { startMs: day.startMs, endMs: day.startMs + 3_600_000 };
    expect(panBy(hour, -60_000, day)).toEqual(hour);
    expect(panBy(hour, 600_000, day).startMs).toBe(day.startMs + 600_000);
    expect(clampView({ startMs: day.endMs - 1000, endMs: day.endMs + 3_600_000 }, day).endMs).toBe(day.endMs);
    expect(msAt(hour, 500, 1000)).toBe(day.startMs + 1_800_000);
    expect(xAt(hour, day.startMs + 900_000, 1000)).toBe(250);
  });

  it('puts labelled ticks on round times of the Vietnamese clock, seconds when zoomed to a minute', () => {
    const hour = { startMs: day.startMs + 10 * 3_600_000 + 7 * 60_000, endMs: day.startMs + 11 * 3_600_000 + 7 * 60_000 };
    const t = ticks(hour, 1000);
    expect(t.stepMs).toBe(5 * 60_000);
    expect(t.major[0]?.label).toBe('10:10');
    const minute = { startMs: day.startMs + 10 * 3_600_000, endMs: day.startMs + 10 * 3_600_000 + 60_000 };
    expect(ticks(minute, 1000).major.map((m) => m.label).slice(0, 2)).toEqual(['10:00:00', '10:00:05']);
    expect(ticks(day, 360).major.every((m) => /^\d\d:00$/.test(m.label))).toBe(true);
  });
});

describe('several cameras keep in step', () => {
  const at = { clockMs: 1_000_000, resumesAtMs: null, empty: null, loading: false };

  it('moves a follower back to the clock only when more than 0.3 s apart', () => {
    expect(followAction({ ...at, followerMs: 1_000_000 + DRIFT_MS - 1 })).toBe('keep');
    expect(followAction({ ...at, followerMs: 1_000_000 - DRIFT_MS - 1 })).toBe('resync');
    expect(followAction({ ...at, followerMs: null })).toBe('resync');
    expect(followAction({ ...at, followerMs: null, loading: true })).toBe('keep');
  });

  it('lets a camera with a gap wait for its footage instead of fetching the gap again', () => {
    expect(followAction({ ...at, followerMs: 1_060_000, resumesAtMs: 1_060_000 })).toBe('wait');
    expect(followAction({ ...at, followerMs: null, empty: { fromMs: 900_000, untilMs: 1_500_000 } })).toBe('wait');
    expect(followAction({ ...at, clockMs: 1_060_000, followerMs: 1_060_000, resumesAtMs: 1_060_000 })).toBe('keep');
  });

  it('takes the pace from the first camera that has footage', () => {
    expect(leaderIndex([false, true, true])).toBe(1);
    expect(leaderIndex([false])).toBe(-1);
  });
});
