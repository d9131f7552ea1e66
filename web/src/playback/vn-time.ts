/**
 * Vietnam's time for the playback screen. Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving),
 * so days and tick marks are plain arithmetic; formatting goes through Intl like the rest of the app.
 */
export const VN_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

/** Midnight in Vietnam of the day that holds `ms`. */
export const vnDayStart = (ms: number): number => Math.floor((ms + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS;

/** "dd/MM/yyyy" (also d/M/yyyy, with - or .) → midnight in Vietnam of that day; null if there is no such day. */
export function parseVnDate(text: string): number | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return utc - VN_OFFSET_MS;
}

/** The day in the address bar: yyyy-mm-dd (Vietnam's calendar). */
export function isoDay(dayStartMs: number): string {
  return new Date(dayStartMs + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function parseIsoDay(text: string | null): number | null {
  const m = text ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  return m ? parseVnDate(`${m[3]}/${m[2]}/${m[1]}`) : null;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Wall-clock fields in Vietnam (no Intl: called for every tick mark and every frame). */
function fields(ms: number) {
  const d = new Date(ms + VN_OFFSET_MS);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
}

export function formatVnDate(ms: number): string {
  const f = fields(ms);
  return `${two(f.d)}/${two(f.mo)}/${f.y}`;
}

/** HH:mm:ss, or HH:mm without seconds. */
export function formatVnClock(ms: number, seconds = true): string {
  const f = fields(ms);
  return seconds ? `${two(f.h)}:${two(f.mi)}:${two(f.s)}` : `${two(f.h)}:${two(f.mi)}`;
}

/** dd/MM/yyyy HH:mm:ss */
export const formatVnDateTime = (ms: number): string => `${formatVnDate(ms)} ${formatVnClock(ms)}`;

/** A length of time as hours, minutes and seconds (each shown only when not zero, seconds when all are). */
export function durationParts(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.round(ms / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}
