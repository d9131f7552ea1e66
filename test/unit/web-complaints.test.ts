import { describe, expect, it } from 'vitest';
import { deadlineWarnings } from '../../web/src/complaints/deadlines.js';
import { giversNeeded } from '../../web/src/complaints/consents.js';
import { boxFromDrag, clipRange, formatSeconds, retimed, sameBoxes, shownAt } from '../../web/src/complaints/redaction-boxes.js';
import { navFor } from '../../web/src/shell/nav.js';

const MIN = 60_000;

describe('the complaint screens (R3.3)', () => {
  it('shows the complaints in the menu to those who may read them', () => {
    expect(navFor(['self.session', 'complaint.read'])).toContainEqual(expect.objectContaining({ path: '/complaints', label: 'complaints.nav' }));
    expect(navFor(['self.session', 'incident.read']).map((i) => i.path)).not.toContain('/complaints');
  });

  it('warns of each deadline overdue or due soon, counting complaints', () => {
    const c = (deadlines: Array<{ which: 'acknowledge' | 'answer'; status: 'ok' | 'due_soon' | 'overdue' }>) => ({ deadlines: deadlines.map((d) => ({ ...d, dueMs: 0 })) });
    expect(deadlineWarnings([
      c([{ which: 'acknowledge', status: 'overdue' }, { which: 'answer', status: 'ok' }]),
      c([{ which: 'answer', status: 'due_soon' }]),
      c([{ which: 'answer', status: 'due_soon' }]),
      c([]),
    ])).toEqual([{ status: 'overdue', which: 'acknowledge', count: 1 }, { status: 'due_soon', which: 'answer', count: 2 }]);
    expect(deadlineWarnings([c([{ which: 'answer', status: 'ok' }])])).toEqual([]);
  });

  it('asks the consent of a child of 7 or more, or of unknown age, besides the parent’s', () => {
    const pupil = (birthDate: string | null) => ({ birthDate, isChild: true });
    expect(giversNeeded(pupil('2018-06-01'), '2026-12-02')).toEqual(['parent', 'child']);
    expect(giversNeeded(pupil('2020-06-01'), '2026-12-02')).toEqual(['parent']);
    expect(giversNeeded(pupil('2019-12-02'), '2026-12-02')).toEqual(['parent', 'child']);
    expect(giversNeeded(pupil(null), '2026-12-02')).toEqual(['parent', 'child']);
    expect(giversNeeded({ birthDate: null, isChild: false }, '2026-12-02')).toEqual([]);
  });
});

describe('the redaction editor (R3.3)', () => {
  it('turns a drag into a rectangle of the picture lasting 5 s from the current second', () => {
    expect(boxFromDrag({ x: 0.6, y: 0.5 }, { x: 0.2, y: 0.1 }, 3, 30)).toEqual({ x: 0.2, y: 0.1, w: 0.4, h: 0.4, startS: 3, endS: 8 });
    // Dragged past the picture's edge: kept inside it; near the clip's end: stops at the end.
    expect(boxFromDrag({ x: 0.9, y: 0.9 }, { x: 1.3, y: 1.2 }, 28, 30)).toEqual({ x: 0.9, y: 0.9, w: 0.1, h: 0.1, startS: 28, endS: 30 });
  });

  it('takes a click for a click, not a rectangle', () => {
    expect(boxFromDrag({ x: 0.5, y: 0.5 }, { x: 0.502, y: 0.6 }, 0, 30)).toBeNull();
  });

  it('shows a rectangle only while the video is inside its time range', () => {
    const b = { x: 0, y: 0, w: 0.1, h: 0.1, startS: 2, endS: 7 };
    expect([1.9, 2, 5, 7, 7.1].map((s) => shownAt(b, s))).toEqual([false, true, true, true, false]);
  });

  it('keeps a retimed range inside the clip, its end not before its start', () => {
    const b = { x: 0, y: 0, w: 0.1, h: 0.1, startS: 2, endS: 7 };
    expect(retimed(b, 10, 4, 30)).toMatchObject({ startS: 10, endS: 10 });
    expect(retimed(b, -3, 99, 30)).toMatchObject({ startS: 0, endS: 30 });
    expect(sameBoxes([b], [{ ...b }])).toBe(true);
    expect(sameBoxes([b], [{ ...b, endS: 8 }])).toBe(false);
  });

  it('writes seconds the Vietnamese way', () => {
    expect(formatSeconds(0)).toBe('0');
    expect(formatSeconds(12.5)).toBe('12,5');
    expect(formatSeconds(75)).toBe('1:15');
  });

  it('cuts the complaint’s own range by default, at most 10 minutes and not past a minute ago', () => {
    const now = 1_000 * MIN;
    expect(clipRange({ fromMs: now - 60 * MIN, toMs: now - 50 * MIN }, now)).toEqual({ fromMs: now - 60 * MIN, toMs: now - 50 * MIN });
    expect(clipRange({ fromMs: now - 60 * MIN, toMs: now - 30 * MIN }, now)).toEqual({ fromMs: now - 60 * MIN, toMs: now - 50 * MIN });
    expect(clipRange({ fromMs: now - 5 * MIN, toMs: now + 60 * MIN }, now)).toEqual({ fromMs: now - 5 * MIN, toMs: now - MIN });
  });
});
