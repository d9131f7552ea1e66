import type { useTranslation } from 'react-i18next';
import { durationParts } from './vn-time.js';

/** "1 giờ 5 phút 30 giây": only the parts that are not zero (seconds when all are). */
export function formatDuration(t: ReturnType<typeof useTranslation>['t'], ms: number): string {
  const { h, m, s } = durationParts(ms);
  const parts = [h > 0 && t('playback.duration.h', { count: h }), m > 0 && t('playback.duration.m', { count: m }), (s > 0 || (h === 0 && m === 0)) && t('playback.duration.s', { count: s })];
  return parts.filter(Boolean).join(' ');
}
