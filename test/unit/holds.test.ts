import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FootageHold, HOLD_KINDS, HOLD_KIND_LABELS, type HoldKind, type HoldRequest, holdIsActive, holdProblem, holdRows, mergeHeldRanges, releaseProblem,
} from '../../src/domain/holds.js';
import { DAY_MS, isHeld } from '../../src/domain/retention.js';

const NOW = Date.UTC(2026, 2, 10, 3);
const MIN = 60_000;

let nextId = 1;
function hold(kind: HoldKind, cameraId: number | null, startMs: number, endMs: number, extra: Partial<FootageHold> = {}): FootageHold {
  return {
    id: nextId++, subject: { kind, id: kind === 'manual' ? null : 7 }, cameraId, startMs, endMs, untilMs: null,
    reason: 'giữ làm chứng cứ', createdBy: 'hieutruong', createdAtMs: NOW - DAY_MS, releasedAtMs: null, ...extra,
  };
}

describe('one hold model for every workflow (issue 6, Holds)', () => {
  it('labels every kind and says how long it lasts, in Vietnamese and English', () => {
    for (const k of HOLD_KINDS) {
      expect(HOLD_KIND_LABELS[k].vi).not.toBe('');
      expect(HOLD_KIND_LABELS[k].lasts.en).not.toBe('');
    }
  });

  it('stays a retention Hold: the sweeper keeps what a workflow hold covers (R3.2)', () => {
    const h = hold('case', 1, NOW - 2 * DAY_MS, NOW - 2 * DAY_MS + 10 * MIN);
    const segment = { id: 1, cameraId: 1, startMs: h.startMs + MIN, endMs: h.startMs + 2 * MIN, sizeBytes: 1 };
    expect(isHeld(segment, [h], NOW)).toBe(true);
  });

  it('a released hold, or one past its end, holds nothing', () => {
    expect(holdIsActive(hold('manual', 1, 0, 1, { releasedAtMs: NOW - 1 }), NOW)).toBe(false);
    expect(holdIsActive(hold('archive', 1, 0, 1, { untilMs: NOW }), NOW)).toBe(false);
    expect(holdIsActive(hold('archive', 1, 0, 1, { untilMs: NOW + 1 }), NOW)).toBe(true);
  });
});

describe('held ranges on the timeline', () => {
  it('merges overlapping and touching holds of the camera, keeps the others apart, sorted, with their kinds', () => {
    const base = NOW - DAY_MS;
    const holds = [
      hold('complaint', 1, base + 30 * MIN, base + 40 * MIN),
      hold('incident', 1, base, base + 10 * MIN),
      hold('case', 1, base + 5 * MIN, base + 20 * MIN),
      hold('request', 1, base + 20 * MIN, base + 25 * MIN), // touches the case's end
      hold('manual', null, base + 60 * MIN, base + 70 * MIN), // every camera
      hold('case', 2, base + 100 * MIN, base + 110 * MIN), // another camera
      hold('archive', 1, base + 200 * MIN, base + 210 * MIN, { releasedAtMs: NOW - MIN }),
    ];
    expect(mergeHeldRanges(holds, 1, NOW)).toEqual([
      { startMs: base, endMs: base + 25 * MIN, kinds: ['incident', 'case', 'request'] },
      { startMs: base + 30 * MIN, endMs: base + 40 * MIN, kinds: ['complaint'] },
      { startMs: base + 60 * MIN, endMs: base + 70 * MIN, kinds: ['manual'] },
    ]);
  });

  it('gives sorted, disjoint ranges covering exactly the active holds of the camera', () => {
    const arbHold = fc.record({
      kind: fc.constantFrom(...HOLD_KINDS),
      cameraId: fc.constantFrom(1, 2, null),
      startMs: fc.integer({ min: 0, max: 1000 }),
      lengthMs: fc.integer({ min: 1, max: 200 }),
      released: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbHold, { maxLength: 12 }), (specs) => {
        const holds = specs.map((s) => hold(s.kind, s.cameraId, s.startMs, s.startMs + s.lengthMs, { releasedAtMs: s.released ? 0 : null }));
        const ranges = mergeHeldRanges(holds, 1, NOW);
        for (let i = 1; i < ranges.length; i++) expect((ranges[i - 1]?.endMs ?? 0) < (ranges[i]?.startMs ?? 0)).toBe(true);
        for (let t = 0; t <= 1200; t += 7) {
          const segment = { id: 1, cameraId: 1, startMs: t, endMs: t + 1, sizeBytes: 1 };
          const live = holds.filter((h) => holdIsActive(h, NOW));
          expect(ranges.some((r) => r.startMs <= t && t < r.endMs)).toBe(isHeld(segment, live, NOW));
        }
      }),
    );
  });
});

describe('checking a hold before it is stored', () => {
  const good: HoldRequest = { subject: { kind: 'complaint', id: 3 }, cameraIds: [1, 2, 1], startMs: NOW - DAY_MS, endMs: NOW - DAY_MS + 30 * MIN, untilMs: null, reason: 'đơn khiếu nại số 3' };

  it('accepts a well-formed hold and stores one row per camera', () => {
    expect(holdProblem(good, NOW)).toBeNull();
    expect(holdRows(good)).toEqual([
      { cameraId: 1, startMs: good.startMs, endMs: good.endMs, untilMs: null },
      { cameraId: 2, startMs: good.startMs, endMs: good.endMs, untilMs: null },
    ]);
  });

  it('refuses no camera, an empty or reversed range, too long a range, an end already past', () => {
    expect(holdProblem({ ...good, cameraIds: [] }, NOW)?.vi).toContain('camera');
    expect(holdProblem({ ...good, endMs: good.startMs }, NOW)).not.toBeNull();
    expect(holdProblem({ ...good, startMs: good.endMs - 32 * DAY_MS }, NOW)?.en).toContain('31 days');
    expect(holdProblem({ ...good, untilMs: NOW }, NOW)).not.toBeNull();
  });

  it('a workflow hold names its record; a manual hold says why (R3.2)', () => {
    expect(holdProblem({ ...good, subject: { kind: 'case', id: null } }, NOW)).not.toBeNull();
    expect(holdProblem({ ...good, subject: { kind: 'manual', id: null }, reason: 'giữ' }, NOW)?.vi).toContain('lý do');
    expect(holdProblem({ ...good, subject: { kind: 'manual', id: null }, reason: 'Công an phường đề nghị giữ' }, NOW)).toBeNull();
  });

  it('releasing early needs a reason for the audit log, and happens once', () => {
    expect(releaseProblem({ releasedAtMs: null }, 'ngắn')).not.toBeNull();
    expect(releaseProblem({ releasedAtMs: null }, 'Phụ huynh đã rút đơn khiếu nại')).toBeNull();
    expect(releaseProblem({ releasedAtMs: NOW }, 'Phụ huynh đã rút đơn khiếu nại')?.en).toContain('already');
  });
});
