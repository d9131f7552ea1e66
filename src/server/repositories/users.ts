import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Role } from '../../domain/roles.js';
import type { Db } from '../db/connect.js';
import type { UserTable } from '../db/schema.js';
import type { Trx } from './segments.js';

export interface UserRecord {
  id: number;
  username: string;
  fullName: string;
  unitId: number | null;
  roles: Role[];
  passwordHash: string;
  mustChangePassword: boolean;
  disabledAt: number | null;
  totpSecretEnc: string | null;
  totpEnabledAt: number | null;
  totpLastStep: number | null;
  createdAt: number;
  /** Where notices go by email when SMTP is set (R7.1); optional. */
  email: string | null;
}

type UserRow = Selectable<UserTable>;

/** Accounts and their roles. Writes take the caller's transaction, so the audit event commits with them. */
export class UserRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async byUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? this.withRoles(row) : undefined;
  }

  async byId(id: number): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.withRoles(row) : undefined;
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    const roles = await this.db.selectFrom('user_roles').select(['user_id', 'role']).orderBy('role').execute();
    return rows.map((row) => toUser(row, roles.filter((r) => r.user_id === row.id).map((r) => r.role as Role)));
  }

  private async withRoles(row: UserRow): Promise<UserRecord> {
    const roles = await this.db.selectFrom('user_roles').select('role').where('user_id', '=', row.id).orderBy('role').execute();
    return toUser(row, roles.map((r) => r.role as Role));
  }

  async setTotp(trx: Trx, userId: number, sealedSecret: string | null, nowMs: number): Promise<void> {
    await trx.updateTable('users').set({ totp_secret_enc: sealedSecret, totp_enabled_at: sealedSecret ? nowMs : null, totp_last_step: null, updated_at: nowMs })
      .where('id', '=', userId).execute();
  }

  /** Accept a TOTP time step once (replay protection): false when it was already used. */
  async claimTotpStep(userId: number, step: number): Promise<boolean> {
    const r = await this.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)])).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Replace the recovery codes (only their hashes are kept). */
  async setRecoveryCodes(trx: Trx, userId: number, codes: string[]): Promise<void> {
    await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    for (const code of codes) await trx.insertInto('recovery_codes').values({ user_id: userId, code_hash: recoveryHash(code), used_at: null }).execute();
  }

  /** Use a recovery code once: false when unknown or already used. */
  async useRecoveryCode(userId: number, code: string, nowMs: number): Promise<boolean> {
    const r = await this.db.updateTable('recovery_codes').set({ used_at: nowMs })
      .where('user_id', '=', userId).where('code_hash', '=', recoveryHash(code)).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async recoveryCodesLeft(userId: number): Promise<number> {
    const r = await this.db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insert(trx: Trx, u: { username: string; fullName: string; unitId: number | null; passwordHash: string; mustChangePassword: boolean; roles: Role[] }, nowMs: number): Promise<number> {
    const { id } = await trx.insertInto('users').values({
      username: u.username, full_name: u.fullName, unit_id: u.unitId, password_hash: u.passwordHash,
      must_change_password: u.mustChangePassword ? 1 : 0, disabled_at: null, created_at: nowMs, updated_at: nowMs,
    }).returning('id').executeTakeFirstOrThrow();
    await this.setRoles(trx, id, u.roles);
    return id;
  }

  async setRoles(trx: Trx, userId: number, roles: Role[]): Promise<void> {
    await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
    for (const role of new Set(roles)) await trx.insertInto('user_roles').values({ user_id: userId, role }).execute();
  }

  async setPassword(trx: Trx, userId: number, passwordHash: string, mustChange: boolean, nowMs: number): Promise<void> {
    await trx.updateTable('users').set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0, updated_at: nowMs })
      .where('id', '=', userId).execute();
  }

  async setEmail(trx: Trx, userId: number, email: string | null, nowMs: number): Promise<void> {
    await trx.updateTable('users').set({ email, updated_at: nowMs }).where('id', '=', userId).execute();
  }

  async setDisabled(trx: Trx, userId: number, disabledAt: number | null, nowMs: number): Promise<void> {
    await trx.updateTable('users').set({ disabled_at: disabledAt, updated_at: nowMs }).where('id', '=', userId).execute();
  }
}

/** Recovery codes are ~50 random bits and every wrong guess counts towards the lockout: SHA-256 at rest suffices. */
const recoveryHash = (code: string): string => createHash('sha256').update(code.replace(/[^a-z0-9]/gi, '').toLowerCase()).digest('hex');

function toUser(row: UserRow, roles: Role[]): UserRecord {
  return {
    id: row.id, username: row.username, fullName: row.full_name, unitId: row.unit_id, roles, passwordHash: row.password_hash,
    mustChangePassword: row.must_change_password === 1, disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    totpSecretEnc: row.totp_secret_enc, totpEnabledAt: row.totp_enabled_at === null ? null : Number(row.totp_enabled_at),
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step), createdAt: Number(row.created_at), email: row.email,
  };
}
