/**
 * How official documents write numbers, dates and times (Decree 30/2020/NĐ-CP, Appendix I).
 * Pure: every function takes the time zone, because the school's zone is a setting
 * (default Asia/Ho_Chi_Minh) and a document must show the school's wall clock, not the server's.
 */

export const SCHOOL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface LocalTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-GB with h23: plain numbers, midnight as 00 (some ICU versions give 24 with hour12: false).
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `ms`. */
export function localTime(ms: number, timeZone = SCHOOL_TIME_ZONE): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0,
    hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0,
  };
}


const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "ngày 05 tháng 10 năm 2024". The decree pads days below 10 and the months 1 and 2 with a zero
 * ("tháng 01", "tháng 02") but writes the other months bare ("tháng 3"), so that a month cannot be
 * altered by writing a digit in front of it.
 */
export function formatVietnameseDate(ms: number, timeZone = SCHOOL_TIME_ZONE): string {
  const t = localTime(ms, timeZone);
  const month = t.month <= 2 ? pad2(t.month) : String(t.month);
  return `ngày ${pad2(t.day)} tháng ${month} năm ${t.year}`;
}

/** The italic line under the national motto: "Long Biên, ngày 05 tháng 10 năm 2024". */
export function formatPlaceDate(place: string, ms: number, timeZone = SCHOOL_TIME_ZONE): string {
  return `${place}, ${formatVietnameseDate(ms, timeZone)}`;
}

/** "14 giờ 30 phút", as minutes say when a meeting opened or closed. */
export function formatClockTime(ms: number, timeZone = SCHOOL_TIME_ZONE): string {
  const t = localTime(ms, timeZone);
  return `${pad2(t.hour)} giờ ${pad2(t.minute)} phút`;
}

/** "05/10/2024 14:30:05": the clip list, to the second, so a reader can find the frame. */
export function formatDateTime(ms: number, timeZone = SCHOOL_TIME_ZONE): string {
  const t = localTime(ms, timeZone);
  return `${pad2(t.day)}/${pad2(t.month)}/${t.year} ${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}`;
}

/** Whether two instants fall on the same calendar day at the school. */
export function isSameLocalDay(a: number, b: number, timeZone = SCHOOL_TIME_ZONE): boolean {
  const x = localTime(a, timeZone);
  const y = localTime(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

/**
 * "05/BB-THĐKh": the number (reset every year, padded below 10 as the decree asks), the kind of
 * document and the school's abbreviation.
 */
export function formatDocumentNumber(number: number, kind: string, abbreviation: string): string {
  return `${pad2(number)}/${kind}-${abbreviation}`;
}

/** "12.345.678 byte": exact, in the Vietnamese grouping, because a size is part of the evidence. */
export function formatBytes(bytes: number): string {
  return `${new Intl.NumberFormat('vi-VN', { useGrouping: true, maximumFractionDigits: 0 }).format(bytes)} byte`;
}
