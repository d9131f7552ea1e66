import type { Notification } from '../../contract/workflows.js';
import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

/** In-app notices (R7.1: leadership learns of an incident at once); read by their owner only. */
export class NotificationRepository {
  constructor(private readonly db: Db) {}

  async add(trx: Trx | Db, n: { userIds: readonly number[]; kind: string; subjectKind: string; subjectId: number; title: { vi: string; en: string }; atMs: number }): Promise<void> {
    if (n.userIds.length === 0) return;
    await trx.insertInto('notifications').values(n.userIds.map((userId) => ({
      user_id: userId, kind: n.kind, subject_kind: n.subjectKind, subject_id: n.subjectId, title_vi: n.title.vi, title_en: n.title.en,
      created_at: n.atMs, read_at: null,
    }))).execute();
  }

  async of(userId: number, limit = 100): Promise<Notification[]> {
    const rows = await this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id, kind: r.kind, subjectKind: r.subject_kind, subjectId: r.subject_id, title: { vi: r.title_vi, en: r.title_en },
      createdAtMs: Number(r.created_at), readAtMs: r.read_at === null ? null : Number(r.read_at),
    }));
  }

  /** Marks one (or, without an id, every) notice of this user as read; another user's notice is untouched. */
  async markRead(userId: number, nowMs: number, id?: number): Promise<number> {
    let q = this.db.updateTable('notifications').set({ read_at: nowMs }).where('user_id', '=', userId).where('read_at', 'is', null);
    if (id !== undefined) q = q.where('id', '=', id);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  /** Opening a record reads its notices: the user has seen what they were about. */
  async markReadFor(userId: number, subjectKind: string, subjectId: number, nowMs: number): Promise<number> {
    const r = await this.db.updateTable('notifications').set({ read_at: nowMs }).where('user_id', '=', userId).where('read_at', 'is', null)
      .where('subject_kind', '=', subjectKind).where('subject_id', '=', subjectId).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
