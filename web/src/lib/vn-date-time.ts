import { formatVnClock, formatVnDate, parseVnDate } from '../playback/vn-time.js';

const DATE_TIME = /^\s*(\S+)\s+(\d{1,2})[:hg](\d{2})(?::(\d{2}))?\s*$/i;

/**
 * "20/11/2026 08:15" (or with seconds, or "8h15") in Vietnam's time → epoch ms; null when it is not
 * a real moment. Typed text, not a native field: those follow the browser's own order and zone.
 */
export function parseVnDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const day = parseVnDate(m[1] ?? '');
  const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (day === null || h > 23 || mi > 59 || s > 59) return null;
  return day + ((h * 60 + mi) * 60 + s) * 1000;
}

/** An instant as such a field shows it: "20/11/2026 08:15", or "20/11/2026 08:15:30" with seconds. */
export const formatVnDateTimeInput = (ms: number, seconds = false): string => `${formatVnDate(ms)} ${formatVnClock(ms, seconds)}`;
