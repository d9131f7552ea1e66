import { deadlineStatus } from '../../domain/deadlines.js';
import type { Role } from '../../domain/roles.js';
import { pendingDeadlines } from '../../domain/workflows/complaint.js';
import { vietnamDate } from '../../domain/workflows/outsider-request.js';
import type { ComplaintRepository } from '../repositories/complaints.js';
import type { NotificationRepository } from '../repositories/notifications.js';
import type { UserRepository } from '../repositories/users.js';
import type { Mailer } from './mailer.js';
import type { WorkingCalendarService } from './working-calendar.js';

const LEADERSHIP: readonly Role[] = ['principal', 'vice_principal'];

/** R3.3: the complaint deadlines, watched — leadership is warned before they pass, and when they have. */
export class ComplaintDeadlineWarnings {
  constructor(
    private readonly complaints: ComplaintRepository,
    private readonly calendar: WorkingCalendarService,
    private readonly notifications: NotificationRepository,
    private readonly users: UserRepository,
    private readonly mailer: Mailer,
    private readonly now: () => number,
  ) {}

  /**
   * Warns leadership once when a deadline is a day away and once when it has passed (in the app
   * and by email). Runs with the retention sweep; returns how many warnings went out.
   */
  async warn(): Promise<number> {
    const nowMs = this.now();
    const cal = await this.calendar.get();
    let sent = 0;
    const leaders = (await this.users.list()).filter((u) => u.disabledAt === null && u.roles.some((r) => LEADERSHIP.includes(r)));
    for (const c of await this.complaints.pending()) {
      const warned = new Set(c.warned);
      const fresh: Array<{ which: 'acknowledge' | 'answer'; status: 'due_soon' | 'overdue'; dueMs: number }> = [];
      for (const d of pendingDeadlines(c, cal)) {
        const status = deadlineStatus(d.dueMs, nowMs);
        if (status === 'ok' || warned.has(`${d.which}:${status}`)) continue;
        fresh.push({ which: d.which, status, dueMs: d.dueMs });
      }
      if (fresh.length === 0) continue;
      await this.complaints.transaction(async (trx) => {
        for (const f of fresh) {
          const what = f.which === 'acknowledge' ? { vi: 'tiếp nhận', en: 'acknowledge' } : { vi: 'trả lời', en: 'answer' };
          const title = f.status === 'overdue'
            ? { vi: `QUÁ HẠN ${what.vi} đơn ${c.trackingCode} (hạn ${vietnamDate(f.dueMs)})`, en: `OVERDUE: ${what.en} complaint ${c.trackingCode} (due ${vietnamDate(f.dueMs)})` }
            : { vi: `Sắp đến hạn ${what.vi} đơn ${c.trackingCode}: ${vietnamDate(f.dueMs)}`, en: `Due soon: ${what.en} complaint ${c.trackingCode} by ${vietnamDate(f.dueMs)}` };
          await this.notifications.add(trx, { userIds: leaders.map((u) => u.id), kind: `complaint.${f.status}`, subjectKind: 'complaint', subjectId: c.id, atMs: nowMs, title });
          this.mailer.send(leaders.flatMap((u) => (u.email ? [u.email] : [])), title, `${title.vi}\n\n${c.description}\n\nMở Vigil → Khiếu nại để xử lý (Điều 3.3).`);
          warned.add(`${f.which}:${f.status}`);
          sent += 1;
        }
        await this.complaints.update(trx, c.id, { warned: [...warned] });
      });
    }
    return sent;
  }
}
