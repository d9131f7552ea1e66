import type { Selectable, Transaction } from 'kysely';
import { type AuditFacts, type ChainedEvent, type Checkpoint, chain } from '../../domain/audit-chain.js';
import type { Db } from '../db/connect.js';
import type { AuditEventTable, Database } from '../db/schema.js';

function toEvent(r: Selectable<AuditEventTable>): ChainedEvent {
  return {
    seq: Number(r.seq), atMs: Number(r.at_ms), actor: r.actor, actorRole: r.actor_role, action: r.action,
    resourceType: r.resource_type, resourceId: r.resource_id, cameraId: r.camera_id, reasonCode: r.reason_code,
    reasonText: r.reason_text, ip: r.ip, userAgent: r.user_agent, outcome: r.outcome,
    detail: JSON.parse(r.detail) as Record<string, unknown>, prevHash: r.prev_hash, hash: r.hash,
  };
}

export interface AuditFilter {
  actor?: string;
  cameraId?: number;
  action?: string;
  fromMs?: number;
  toMs?: number;
}

/** Append-only storage of the audit chain: no update or delete exists here. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /**
   * Append within the caller's transaction, so the event and the change it records commit
   * together. (SQLite serialises writers; on PostgreSQL this needs a lock on the head.)
   */
  async append(trx: Transaction<Database> | Db, facts: AuditFacts): Promise<ChainedEvent> {
    const last = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const e = chain(last ? { seq: Number(last.seq), hash: last.hash } : null, facts);
    await trx.insertInto('audit_events').values({
      seq: e.seq, at_ms: e.atMs, actor: e.actor, actor_role: e.actorRole, action: e.action, resource_type: e.resourceType,
      resource_id: e.resourceId, camera_id: e.cameraId, reason_code: e.reasonCode, reason_text: e.reasonText, ip: e.ip,
      user_agent: e.userAgent, outcome: e.outcome, detail: JSON.stringify(e.detail), prev_hash: e.prevHash, hash: e.hash,
    }).execute();
    return e;
  }

  async record(facts: AuditFacts): Promise<ChainedEvent> {
    return this.db.transaction().execute((trx) => this.append(trx, facts));
  }

  /** Events in sequence order after `afterSeq`, for walking the chain in batches. */
  async batch(afterSeq: number, limit: number): Promise<ChainedEvent[]> {
    const rows = await this.db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(toEvent);
  }

  async search(f: AuditFilter, limit: number): Promise<ChainedEvent[]> {
    let q = this.db.selectFrom('audit_events').selectAll();
    if (f.actor) q = q.where('actor', '=', f.actor);
    if (f.cameraId !== undefined) q = q.where('camera_id', '=', f.cameraId);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.fromMs !== undefined) q = q.where('at_ms', '>=', f.fromMs);
    if (f.toMs !== undefined) q = q.where('at_ms', '<', f.toMs);
    return (await q.orderBy('seq', 'desc').limit(limit).execute()).map(toEvent);
  }

  async head(): Promise<{ seq: number; hash: string } | null> {
    const r = await this.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r ? { seq: Number(r.seq), hash: r.hash } : null;
  }

  async hashAt(seq: number): Promise<string | null> {
    const r = await this.db.selectFrom('audit_events').select('hash').where('seq', '=', seq).executeTakeFirst();
    return r?.hash ?? null;
  }

  async addCheckpoint(c: Checkpoint, signature: string): Promise<void> {
    await this.db.insertInto('audit_checkpoints').values({ seq: c.seq, hash: c.hash, at_ms: c.atMs, signature })
      .onConflict((oc) => oc.column('seq').doNothing()).execute();
  }

  async checkpoints(): Promise<Array<Checkpoint & { signature: string }>> {
    const rows = await this.db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute();
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, atMs: Number(r.at_ms), signature: r.signature }));
  }

  async lastCheckpointSeq(): Promise<number> {
    const r = await this.db.selectFrom('audit_checkpoints').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r ? Number(r.seq) : 0;
  }
}
