import { currentLang } from '../i18n/index.js';

const VN_OFFSET_MS = 7 * 3_600_000;
const locale = () => (currentLang() === 'vi' ? 'vi-VN' : 'en-GB');
const inVietnam = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hourCycle: 'h23', ...options });
const dayFmt = inVietnam({ day: '2-digit', month: '2-digit', year: 'numeric' });
const hourFmt = inVietnam({ hour: '2-digit', minute: '2-digit' });
const dayHourFmt = inVietnam({ day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });

/** dd/MM/yyyy in Asia/Ho_Chi_Minh. */
export const formatDate = (ms: number): string => dayFmt.format(ms);
/** HH:mm in Asia/Ho_Chi_Minh. */
export const formatHour = (ms: number): string => hourFmt.format(ms);
/** dd/MM HH:mm in Asia/Ho_Chi_Minh (a chart's hours over several days). */
export const formatDayHour = (ms: number): string => dayHourFmt.format(ms).replace(',', '');

/** A number in the reader's way of writing it (1.234,5 in Vietnamese, 1,234.5 in English). */
export const formatNumber = (n: number, fractionDigits = 0): string =>
  new Intl.NumberFormat(locale(), { maximumFractionDigits: fractionDigits }).format(n);

/** "Cổng chính" → "cong chinh": many keyboards here lack a Vietnamese IME, so searches ignore accents. */
export const foldAccents = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1 234 567 890 → "1,1 GB" (powers of 1024, as disks are shown on a PC). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, unit === 0 ? 0 : 1)} ${UNITS[unit]}`;
}

/** kbit/s → "850 kbit/s" or "2,4 Mbit/s". */
export const formatBitrate = (kbps: number): string =>
  kbps >= 1000 ? `${formatNumber(kbps / 1000, 1)} Mbit/s` : `${formatNumber(kbps)} kbit/s`;

/** A day picked in a date field (yyyy-MM-dd, a day in Vietnam) → the epoch ms of its start there. */
export function vietnamDayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - VN_OFFSET_MS;
}

/** An instant → the day it is in Vietnam, as a date field wants it (yyyy-MM-dd). */
export const vietnamDay = (ms: number): string => new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
