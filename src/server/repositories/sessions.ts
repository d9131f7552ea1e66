import { createHash, randomBytes } from 'node:crypto';
import type { FailureRecord, SessionStage } from '../../domain/sign-in.js';
import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

export interface SessionRecord {
  idHash: string;
  userId: number;
  stage: SessionStage;
  csrfToken: string;
  pendingTotpEnc: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAtMs: number;
  lastSeenAtMs: number;
  revokedAtMs: number | null;
}

/** The cookie carries a random token; only its hash is stored, so a copied database opens no session. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Server-side sessions: revocable one by one or all at once ("log out everywhere"). */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(trx: Trx, s: { userId: number; stage: SessionStage; ip: string | null; userAgent: string | null }, nowMs: number): Promise<{ token: string; record: SessionRecord }> {
    const token = randomBytes(32).toString('base64url');
    const record: SessionRecord = {
      idHash: hashToken(token), userId: s.userId, stage: s.stage, csrfToken: randomBytes(24).toString('base64url'), pendingTotpEnc: null,
      ip: s.ip, userAgent: s.userAgent, createdAtMs: nowMs, lastSeenAtMs: nowMs, revokedAtMs: null,
    };
    await trx.insertInto('sessions').values({
      id_hash: record.idHash, user_id: record.userId, stage: record.stage, csrf_token: record.csrfToken, pending_totp_enc: null,
      ip: record.ip, user_agent: record.userAgent, created_at: nowMs, last_seen_at: nowMs, revoked_at: null,
    }).execute();
    return { token, record };
  }

  async byToken(token: string): Promise<SessionRecord | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', hashToken(token)).executeTakeFirst();
    if (!r) return undefined;
    return {
      idHash: r.id_hash, userId: r.user_id, stage: r.stage, csrfToken: r.csrf_token, pendingTotpEnc: r.pending_totp_enc, ip: r.ip,
      userAgent: r.user_agent, createdAtMs: Number(r.created_at), lastSeenAtMs: Number(r.last_seen_at), revokedAtMs: r.revoked_at === null ? null : Number(r.revoked_at),
    };
  }

  async touch(idHash: string, nowMs: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: nowMs }).where('id_hash', '=', idHash).execute();
  }

  async setStage(trx: Trx | Db, idHash: string, stage: SessionStage): Promise<void> {
    await trx.updateTable('sessions').set({ stage, pending_totp_enc: null }).where('id_hash', '=', idHash).execute();
  }

  async setPendingTotp(idHash: string, sealed: string): Promise<void> {
    await this.db.updateTable('sessions').set({ pending_totp_enc: sealed }).where('id_hash', '=', idHash).execute();
  }

  async revoke(trx: Trx | Db, idHash: string, nowMs: number): Promise<void> {
    await trx.updateTable('sessions').set({ revoked_at: nowMs }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
  }

  /** Every live session of the user, except `keep` (the one changing its password). Returns how many. */
  async revokeAll(trx: Trx | Db, userId: number, nowMs: number, keep?: string): Promise<number> {
    let q = trx.updateTable('sessions').set({ revoked_at: nowMs }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (keep) q = q.where('id_hash', '!=', keep);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async endAll(userId: number, nowMs: number): Promise<number> {
    return this.revokeAll(this.db, userId, nowMs);
  }

  async activeCount(userId: number): Promise<number> {
    const r = await this.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Forget sessions that ended long ago (kept a while for the record). */
  async prune(beforeMs: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('last_seen_at', '<', beforeMs).execute();
  }
}

/** Failed sign-ins per typed username (known or not), for the lockout. */
export class LoginFailureRepository {
  constructor(private readonly db: Db) {}

  async get(username: string): Promise<FailureRecord | null> {
    const r = await this.db.selectFrom('login_failures').selectAll().where('username', '=', username).executeTakeFirst();
    return r ? { count: r.count, lastAtMs: Number(r.last_at), lockedUntilMs: r.locked_until === null ? null : Number(r.locked_until) } : null;
  }

  async put(trx: Trx, username: string, r: FailureRecord): Promise<void> {
    await trx.insertInto('login_failures').values({ username, count: r.count, last_at: r.lastAtMs, locked_until: r.lockedUntilMs })
      .onConflict((oc) => oc.column('username').doUpdateSet({ count: r.count, last_at: r.lastAtMs, locked_until: r.lockedUntilMs })).execute();
  }

  async clear(trx: Trx, username: string): Promise<void> {
    await trx.deleteFrom('login_failures').where('username', '=', username).execute();
  }
}
