import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VN_HOLIDAYS, DEFAULT_VN_MAKE_UP_DAYS, DEFAULT_WORKING_CALENDAR, VN_OFFSET_MS, type WorkingCalendar, addWorkingDays,
  complaintDeadlines, deadlineStatus, endOfLocalDay, isLocalDate, isWorkingDay, localDate, localYear,
} from '../../src/domain/deadlines.js';
import { DAY_MS } from '../../src/domain/retention.js';

/** Hà Nội wall-clock time → epoch ms. */
const hanoi = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min) - VN_OFFSET_MS;
/** The last millisecond of a Hà Nội day. */
const endOf = (y: number, m: number, d: number) => hanoi(y, m, d + 1) - 1;

/**
 * A hand-made calendar for 2026: New Year, Tết 16–20/2 (off Saturday 14/2 to Sunday 22/2), Giỗ Tổ
 * given on Monday 27/4, 30/4 and 1/5; Saturday 28/2 is worked to make up for a bridged day.
 */
const CAL: WorkingCalendar = {
  holidays: ['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01'],
  makeUpWorkingDays: ['2026-02-28'],
};

describe('local dates in Asia/Ho_Chi_Minh (UTC+7, no daylight saving)', () => {
  it('puts 00:30 in Hà Nội on its own day, not on the UTC day before', () => {
    expect(localDate(hanoi(2026, 3, 6, 0, 30))).toBe('2026-03-06');
    expect(localDate(Date.UTC(2025, 11, 31, 17))).toBe('2026-01-01');
    expect(localYear(Date.UTC(2025, 11, 31, 17))).toBe(2026);
    expect(endOfLocalDay('2026-03-10')).toBe(Date.UTC(2026, 2, 10, 16, 59, 59, 999));
  });

  it('knows weekends, holidays and make-up Saturdays', () => {
    expect(isWorkingDay('2026-02-13', CAL)).toBe(true); // Friday
    expect(isWorkingDay('2026-02-14', CAL)).toBe(false); // Saturday
    expect(isWorkingDay('2026-02-17', CAL)).toBe(false); // Tết
    expect(isWorkingDay('2026-02-28', CAL)).toBe(true); // make-up Saturday
  });
});

describe('working-day deadlines (R3.3)', () => {
  it('counts from the next working day: filed Friday 16:00, 2 working days → end of Tuesday', () => {
    expect(addWorkingDays(hanoi(2026, 3, 6, 16), 2, CAL)).toBe(endOf(2026, 3, 10));
  });

  it('uses the Hà Nội date even when the UTC date is the day before (filed Friday 00:30)', () => {
    expect(addWorkingDays(hanoi(2026, 3, 6, 0, 30), 2, CAL)).toBe(endOf(2026, 3, 10));
  });

  it('skips the whole Tết break: filed Thursday 12/2 → acknowledge by Monday 23/2', () => {
    expect(addWorkingDays(hanoi(2026, 2, 12, 9), 2, CAL)).toBe(endOf(2026, 2, 23));
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(addWorkingDays(hanoi(2026, 2, 26, 10), 2, CAL)).toBe(endOf(2026, 2, 28));
  });

  it('n = 0 is the end of the filing day', () => {
    expect(addWorkingDays(hanoi(2026, 3, 6, 16), 0, CAL)).toBe(endOf(2026, 3, 6));
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays(0, -1, CAL)).toThrow(RangeError);
    expect(() => addWorkingDays(0, 1.5, CAL)).toThrow(RangeError);
  });

  it('acknowledge in 2, answer in 15, across Tết and the make-up Saturday', () => {
    // Wed 11 (1), Thu 12 (2), Fri 13 (3), Mon 23–Fri 27 (8), Sat 28 (9), Mon 2/3–Fri 6/3 (14), Mon 9/3 (15)
    expect(complaintDeadlines(hanoi(2026, 2, 10, 14), null, CAL)).toEqual({ acknowledgeBy: endOf(2026, 2, 12), answerBy: endOf(2026, 3, 9) });
  });

  it('answer in 15 across Giỗ Tổ, 30/4 and 1/5; extended once by 15 more', () => {
    const filed = hanoi(2026, 4, 15, 10); // a Wednesday
    // Thu 16 (1), Fri 17 (2), Mon 20–Fri 24 (7), Tue 28 (8), Wed 29 (9), Mon 4/5–Fri 8/5 (14), Mon 11/5 (15)
    expect(complaintDeadlines(filed, null, CAL)).toEqual({ acknowledgeBy: endOf(2026, 4, 17), answerBy: endOf(2026, 5, 11) });
    // Tue 12/5 … Fri 29/5 (14), Mon 1/6 (15)
    expect(complaintDeadlines(filed, hanoi(2026, 5, 4, 9), CAL)).toEqual({ acknowledgeBy: endOf(2026, 4, 17), answerBy: endOf(2026, 6, 1) });
  });

  it('the extended deadline is 30 working days from filing', () => {
    const filed = hanoi(2026, 2, 10, 14);
    expect(complaintDeadlines(filed, filed + DAY_MS, CAL).answerBy).toBe(addWorkingDays(filed, 30, CAL));
  });

  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 1) });
  const calendars = fc.constantFrom(CAL, DEFAULT_WORKING_CALENDAR);

  it('never lands on a day off, and always at the very end of a local day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), calendars, (start, n, cal) => {
        const due = addWorkingDays(start, n, cal);
        expect(isWorkingDay(localDate(due), cal)).toBe(true);
        expect(localDate(due + 1)).not.toBe(localDate(due));
      }),
    );
  });

  it('lands exactly n working days after the filing day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), calendars, (start, n, cal) => {
        const due = addWorkingDays(start, n, cal);
        let count = 0;
        for (let t = endOfLocalDay(localDate(start)) + 1; t < due; t += DAY_MS) if (isWorkingDay(localDate(t), cal)) count += 1;
        expect(count).toBe(n);
        expect(due).toBeGreaterThan(start);
      }),
    );
  });
});

describe('deadline status', () => {
  const due = endOf(2026, 3, 10);
  it('is ok, then due soon within the warning window, then overdue', () => {
    expect(deadlineStatus(due, due - 2 * DAY_MS, DAY_MS)).toBe('ok');
    expect(deadlineStatus(due, due - DAY_MS, DAY_MS)).toBe('due_soon');
    expect(deadlineStatus(due, due, DAY_MS)).toBe('due_soon');
    expect(deadlineStatus(due, due + 1, DAY_MS)).toBe('overdue');
  });
});

describe('the default Vietnamese holidays', () => {
  it('are real dates, weekdays, sorted and distinct; make-up days are weekends', () => {
    for (const d of [...DEFAULT_VN_HOLIDAYS, ...DEFAULT_VN_MAKE_UP_DAYS]) expect(isLocalDate(d)).toBe(true);
    for (const d of DEFAULT_VN_HOLIDAYS) expect([0, 6]).not.toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
    for (const d of DEFAULT_VN_MAKE_UP_DAYS) expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
    expect([...DEFAULT_VN_HOLIDAYS].sort()).toEqual(DEFAULT_VN_HOLIDAYS);
    expect(new Set(DEFAULT_VN_HOLIDAYS).size).toBe(DEFAULT_VN_HOLIDAYS.length);
  });

  it('include the days the government announced: Tết 2026, Giỗ Tổ given on Monday 27/4/2026, 2/9', () => {
    for (const d of ['2026-02-16', '2026-02-20', '2026-04-27', '2025-04-07', '2025-09-02', '2026-09-02']) expect(DEFAULT_VN_HOLIDAYS).toContain(d);
  });

  it('rejects dates that do not exist', () => {
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-2-3')).toBe(false);
    expect(isLocalDate('2028-02-29')).toBe(true);
  });
});
