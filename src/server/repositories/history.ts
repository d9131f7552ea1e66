import type { HistoryEntry } from '../../contract/workflows.js';
import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

export type SubjectKind = 'incident' | 'case' | 'document' | 'request' | 'complaint';

/** Every step a workflow took (R4.3, R7.1): who, when, from which state to which, and what they wrote. */
export class HistoryRepository {
  constructor(private readonly db: Db) {}

  async add(trx: Trx | Db, e: { kind: SubjectKind; id: number; atMs: number; actor: string; event: string; from: string | null; to: string | null; note?: string | null }): Promise<void> {
    await trx.insertInto('workflow_history').values({
      subject_kind: e.kind, subject_id: e.id, at: e.atMs, actor: e.actor, event: e.event, from_state: e.from, to_state: e.to, note: e.note ?? null,
    }).execute();
  }

  async of(kind: SubjectKind, id: number): Promise<HistoryEntry[]> {
    const rows = await this.db.selectFrom('workflow_history')
      .leftJoin('users', 'users.username', 'workflow_history.actor')
      .select(['workflow_history.id', 'at', 'actor', 'users.full_name as displayName', 'event', 'from_state', 'to_state', 'note'])
      .where('subject_kind', '=', kind).where('subject_id', '=', id).orderBy('workflow_history.id').execute();
    return rows.map((r) => ({
      id: r.id, atMs: Number(r.at), actor: r.actor, actorName: r.displayName ?? r.actor, event: r.event,
      fromState: r.from_state, toState: r.to_state, note: r.note,
    }));
  }
}
