/**
 * Working-day deadlines (R3.3: acknowledge a complaint in 2 working days, answer within 15,
 * extendable once by 15). Days are the school's local dates in Asia/Ho_Chi_Minh, which is UTC+7
 * all year (Vietnam has no daylight saving), so plain Date arithmetic with a fixed offset is exact.
 */
import { DAY_MS } from './retention.js';

export const VN_OFFSET_MS = 7 * 3_600_000;

/** A local date, 'yyyy-mm-dd'. */
export type LocalDate = string;

export const localDate = (ms: number): LocalDate => new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
export const localYear = (ms: number): number => new Date(ms + VN_OFFSET_MS).getUTCFullYear();
export const startOfLocalDay = (date: LocalDate): number => Date.parse(`${date}T00:00:00Z`) - VN_OFFSET_MS;
/** The last millisecond of the local day: 23:59:59.999 in Hà Nội. */
export const endOfLocalDay = (date: LocalDate): number => startOfLocalDay(date) + DAY_MS - 1;

function nextDate(date: LocalDate): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The school's working calendar (a setting). */
export interface WorkingCalendar {
  /** Days off besides Saturdays and Sundays: public holidays and the days given in lieu. */
  holidays: readonly LocalDate[];
  /** Saturdays or Sundays worked to make up for a bridged day; they count as working days. */
  makeUpWorkingDays: readonly LocalDate[];
}

export function isWorkingDay(date: LocalDate, calendar: WorkingCalendar): boolean {
  if (calendar.makeUpWorkingDays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * R3.3: the end (23:59:59.999 local) of the n-th working day after the day of `startMs`. The day
 * something is filed does not count, so a complaint filed on Friday afternoon with 2 working days
 * is due at the end of Tuesday. n = 0 gives the end of the filing day itself.
 */
export function addWorkingDays(startMs: number, n: number, calendar: WorkingCalendar): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let date = localDate(startMs);
  for (let left = n; left > 0; ) {
    date = nextDate(date);
    if (isWorkingDay(date, calendar)) left -= 1;
  }
  return endOfLocalDay(date);
}

/** R3.3: the legal periods, in working days (settings with these defaults). */
export interface ComplaintDeadlineSettings {
  acknowledgeWorkingDays: number;
  answerWorkingDays: number;
  extensionWorkingDays: number;
}
export const DEFAULT_COMPLAINT_DEADLINES: ComplaintDeadlineSettings = { acknowledgeWorkingDays: 2, answerWorkingDays: 15, extensionWorkingDays: 15 };

export interface ComplaintDeadlines {
  acknowledgeBy: number;
  answerBy: number;
}

/**
 * R3.3: acknowledge within 2 working days and answer within 15 of filing; once extended (with a
 * reason, once only), the answer is due 15 more working days after the original deadline.
 */
export function complaintDeadlines(
  filedAtMs: number,
  extendedAtMs: number | null,
  calendar: WorkingCalendar,
  settings: ComplaintDeadlineSettings = DEFAULT_COMPLAINT_DEADLINES,
): ComplaintDeadlines {
  const acknowledgeBy = addWorkingDays(filedAtMs, settings.acknowledgeWorkingDays, calendar);
  const firstAnswerBy = addWorkingDays(filedAtMs, settings.answerWorkingDays, calendar);
  const answerBy = extendedAtMs === null ? firstAnswerBy : addWorkingDays(firstAnswerBy, settings.extensionWorkingDays, calendar);
  return { acknowledgeBy, answerBy };
}

export type DeadlineStatus = 'ok' | 'due_soon' | 'overdue';

export const DEADLINE_STATUS_LABELS: Record<DeadlineStatus, { vi: string; en: string }> = {
  ok: { vi: 'Còn hạn', en: 'On time' },
  due_soon: { vi: 'Sắp đến hạn', en: 'Due soon' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
};

/** Shown beside each deadline, and warned about before it passes (R3.3). */
export function deadlineStatus(dueMs: number, nowMs: number, warnBeforeMs: number = DAY_MS): DeadlineStatus {
  if (nowMs > dueMs) return 'overdue';
  return dueMs - nowMs <= warnBeforeMs ? 'due_soon' : 'ok';
}

/**
 * Public holidays of Vietnam 2025–2027 for public servants (schools follow them): a default the
 * school edits in settings. Labour Code 2019 art. 112: 1/1, 5 days of Tết, Giỗ Tổ (10/3 lunar),
 * 30/4, 1/5, 2/9 plus one adjacent day; a holiday on a weekend is given on the next working day.
 * 2025 and 2026 follow the government's announcements as we know them; 2027 is a guess until
 * the government announces it — check each year.
 */
export const DEFAULT_VN_HOLIDAYS: readonly LocalDate[] = [
  // 2025
  '2025-01-01',
  '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', // Tết: off 25/1–2/2
  '2025-04-07', // Giỗ Tổ Hùng Vương
  '2025-04-30', '2025-05-01', '2025-05-02', // 2/5 swapped with Saturday 26/4
  '2025-09-01', '2025-09-02',
  // 2026
  '2026-01-01',
  '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', // Tết: off 14/2–22/2
  '2026-04-27', // Giỗ Tổ falls on Sunday 26/4: given on Monday
  '2026-04-30', '2026-05-01',
  '2026-09-01', '2026-09-02', // the adjacent day is a default: check the government's notice
  // 2027 (guess): Lunar New Year is Saturday 6/2/2027
  '2027-01-01',
  '2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10',
  '2027-04-16', // Giỗ Tổ Hùng Vương
  '2027-04-30', '2027-05-03', // 1/5 falls on Saturday: given on Monday
  '2027-09-02', '2027-09-03',
];

/** Weekend days worked in exchange for a bridged weekday (announced with the holidays). */
export const DEFAULT_VN_MAKE_UP_DAYS: readonly LocalDate[] = ['2025-04-26'];

export const DEFAULT_WORKING_CALENDAR: WorkingCalendar = { holidays: DEFAULT_VN_HOLIDAYS, makeUpWorkingDays: DEFAULT_VN_MAKE_UP_DAYS };

/** A date typed into the calendar settings must be a real 'yyyy-mm-dd' date. */
export function isLocalDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
