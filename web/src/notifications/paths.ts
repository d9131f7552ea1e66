import type { Notification } from '../contract.js';

/** Where a notification leads: the record it is about, when the app has a screen for it. */
export function notificationPath(n: Pick<Notification, 'subjectKind' | 'subjectId'>): string | null {
  switch (n.subjectKind) {
    case 'incident':
      return `/incidents/${n.subjectId}`;
    case 'case':
      return `/cases/${n.subjectId}`;
    case 'request':
      return `/requests/${n.subjectId}`;
    case 'complaint':
      return `/complaints/${n.subjectId}`;
    default:
      return null;
  }
}

export const unreadCount = (notifications: readonly Pick<Notification, 'readAtMs'>[]): number => notifications.filter((x) => x.readAtMs === null).length;

/** The bell's count: none at 0, "99+" past 99 (a badge must stay small on a phone). */
export const countLabel = (count: number): string | null => (count === 0 ? null : count > 99 ? '99+' : String(count));
