import { describe, expect, it } from 'vitest';
import {
  DAY_MS, DEFAULT_RETENTION, type Hold, type StoredSegment, checkRetentionSettings, isHeld, planRetention,
} from '../../src/domain/retention.js';

const NOW = Date.UTC(2026, 10, 25, 12);
const GB = 1024 ** 3;
/** `count` segments of 10 s on camera 1, the first `ageDays` days old, each 1 GB for easy sums. */
function segments(count: number, ageDays: number, cameraId = 1, size = GB): StoredSegment[] {
  const start = NOW - ageDays * DAY_MS;
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1, cameraId, startMs: start + i * 10_000, endMs: start + (i + 1) * 10_000, sizeBytes: size,
  }));
}
const roomy = { totalBytes: 1000 * GB, usedBytes: 100 * GB };

describe('retention (R3.2)', () => {
  it('deletes footage older than the retention period and keeps newer footage', () => {
    const old = segments(3, 31);
    const fresh = segments(2, 29).map((s) => ({ ...s, id: s.id + 10 }));
    const plan = planRetention({ oldestFirst: [...old, ...fresh], holds: [], settings: DEFAULT_RETENTION, disk: roomy, nowMs: NOW });
    expect(plan.delete).toEqual([1, 2, 3].map((id) => ({ id, reason: 'expired' })));
    expect(plan.wantsMore).toBe(false);
  });

  it('never deletes held footage, even when it has expired', () => {
    const old = segments(3, 40);
    const second = old[1] as StoredSegment;
    const hold: Hold = { cameraId: 1, startMs: second.startMs + 1000, endMs: second.startMs + 2000, untilMs: null };
    const plan = planRetention({ oldestFirst: old, holds: [hold], settings: DEFAULT_RETENTION, disk: roomy, nowMs: NOW });
    expect(plan.delete.map((d) => d.id)).toEqual([1, 3]);
    expect(plan.keptHeld).toBe(1);
  });

  it('a hold on another camera, a released-by-expiry hold or a hold elsewhere in time does not protect', () => {
    const [seg] = segments(1, 40) as [StoredSegment];
    expect(isHeld(seg, [{ cameraId: 2, startMs: seg.startMs, endMs: seg.endMs, untilMs: null }], NOW)).toBe(false);
    expect(isHeld(seg, [{ cameraId: 1, startMs: seg.startMs, endMs: seg.endMs, untilMs: NOW - 1 }], NOW)).toBe(false);
    expect(isHeld(seg, [{ cameraId: 1, startMs: seg.endMs, endMs: seg.endMs + 5000, untilMs: null }], NOW)).toBe(false);
    expect(isHeld(seg, [{ cameraId: null, startMs: seg.startMs, endMs: seg.endMs, untilMs: null }], NOW)).toBe(true);
  });

  it('past the high-water mark deletes the oldest unheld footage until below the warning mark', () => {
    const recent = segments(20, 2);
    const disk = { totalBytes: 100 * GB, usedBytes: 92 * GB };
    const hold: Hold = { cameraId: 1, startMs: recent[0]!.startMs, endMs: recent[0]!.endMs, untilMs: null };
    const plan = planRetention({ oldestFirst: recent, holds: [hold], settings: DEFAULT_RETENTION, disk, nowMs: NOW });
    // 92 → 85 GB: seven segments of 1 GB, skipping the held first one.
    expect(plan.delete.map((d) => d.id)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(plan.delete.every((d) => d.reason === 'disk_pressure')).toBe(true);
    expect(plan.usedBytesAfter).toBe(85 * GB);
    expect(plan.level).toBe('warning');
  });

  it('raises a warning before the high-water mark without deleting anything', () => {
    const plan = planRetention({ oldestFirst: segments(5, 1), holds: [], settings: DEFAULT_RETENTION, disk: { totalBytes: 100 * GB, usedBytes: 87 * GB }, nowMs: NOW });
    expect(plan.delete).toEqual([]);
    expect(plan.level).toBe('warning');
  });

  it('stays critical when everything left is held, and asks for the next batch when it used the whole one', () => {
    const segs = segments(3, 1);
    const hold: Hold = { cameraId: null, startMs: 0, endMs: NOW, untilMs: null };
    const plan = planRetention({ oldestFirst: segs, holds: [hold], settings: DEFAULT_RETENTION, disk: { totalBytes: 100 * GB, usedBytes: 95 * GB }, nowMs: NOW });
    expect(plan.delete).toEqual([]);
    expect(plan.level).toBe('critical');
    expect(plan.wantsMore).toBe(true);
  });

  it('refuses a retention not longer than the 15-day review cycle plus grace (R5.2)', () => {
    expect(checkRetentionSettings({ ...DEFAULT_RETENTION, retentionDays: 15 })).toEqual({ code: 'retention.tooShort', minimumDays: 19 });
    expect(checkRetentionSettings({ ...DEFAULT_RETENTION, retentionDays: 18 })?.code).toBe('retention.tooShort');
    expect(checkRetentionSettings({ ...DEFAULT_RETENTION, retentionDays: 19 })).toBeNull();
    expect(checkRetentionSettings({ retentionDays: 30, warnPercent: 90, highWaterPercent: 90 })?.code).toBe('retention.marksOrder');
  });
});
