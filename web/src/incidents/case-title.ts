import { formatVnDate } from '../playback/vn-time.js';

/**
 * The case an incident becomes is named in Vietnamese whatever the UI's language: its title goes
 * into the biên bản ("Về việc xem xét … qua dữ liệu camera"), an official document (R4.3).
 */
export function defaultCaseTitle(incident: { occurredAtMs: number; place: string }): string {
  return `Sự việc ngày ${formatVnDate(incident.occurredAtMs)} tại ${incident.place.trim()}`.slice(0, 200);
}
