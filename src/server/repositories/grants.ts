import type { AccessGrant, GrantAction } from '../../domain/policy.js';
import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

export interface GrantRecord extends AccessGrant {
  userId: number;
  purpose: string;
  grantedBy: string;
  createdAtMs: number;
  revokedBy: string | null;
}

/** R4.2: time-limited, revocable access to footage for someone the regulation does not name. */
export class AccessGrantRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(trx: Trx, g: Omit<GrantRecord, 'id' | 'revokedAtMs' | 'revokedBy'>): Promise<number> {
    const { id } = await trx.insertInto('access_grants').values({
      user_id: g.userId, camera_ids: JSON.stringify(g.cameraIds), actions: JSON.stringify(g.actions), from_ms: g.fromMs, to_ms: g.toMs,
      valid_until: g.validUntilMs, purpose: g.purpose, granted_by: g.grantedBy, created_at: g.createdAtMs, revoked_at: null, revoked_by: null,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async get(id: number): Promise<GrantRecord | undefined> {
    const r = await this.db.selectFrom('access_grants').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toGrant(r) : undefined;
  }

  /** Grants still in force for a user (not revoked, not expired). */
  async activeFor(userId: number, nowMs: number): Promise<GrantRecord[]> {
    const rows = await this.db.selectFrom('access_grants').selectAll().where('user_id', '=', userId)
      .where('revoked_at', 'is', null).where('valid_until', '>', nowMs).orderBy('id').execute();
    return rows.map(toGrant);
  }

  async list(userId?: number): Promise<GrantRecord[]> {
    let q = this.db.selectFrom('access_grants').selectAll();
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    return (await q.orderBy('id', 'desc').execute()).map(toGrant);
  }

  async revoke(trx: Trx, id: number, by: string, nowMs: number): Promise<void> {
    await trx.updateTable('access_grants').set({ revoked_at: nowMs, revoked_by: by }).where('id', '=', id).execute();
  }
}

function toGrant(r: { id: number; user_id: number; camera_ids: string; actions: string; from_ms: number; to_ms: number; valid_until: number; purpose: string; granted_by: string; created_at: number; revoked_at: number | null; revoked_by: string | null }): GrantRecord {
  return {
    id: r.id, userId: r.user_id, cameraIds: JSON.parse(r.camera_ids) as number[], actions: JSON.parse(r.actions) as GrantAction[],
    fromMs: Number(r.from_ms), toMs: Number(r.to_ms), validUntilMs: Number(r.valid_until), revokedAtMs: r.revoked_at === null ? null : Number(r.revoked_at),
    purpose: r.purpose, grantedBy: r.granted_by, createdAtMs: Number(r.created_at), revokedBy: r.revoked_by,
  };
}
