import type { Role } from '../../domain/roles.js';
import type { Db } from '../db/connect.js';
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
}

/** Accounts and their roles. Writes take the caller's transaction, so the audit event commits with them. */
export class UserRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async byUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!row) return undefined;
    const roles = await this.db.selectFrom('user_roles').select('role').where('user_id', '=', row.id).orderBy('role').execute();
    return {
      id: row.id, username: row.username, fullName: row.full_name, unitId: row.unit_id, roles: roles.map((r) => r.role as Role),
      passwordHash: row.password_hash, mustChangePassword: row.must_change_password === 1, disabledAt: row.disabled_at,
    };
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

  async setDisabled(trx: Trx, userId: number, disabledAt: number | null, nowMs: number): Promise<void> {
    await trx.updateTable('users').set({ disabled_at: disabledAt, updated_at: nowMs }).where('id', '=', userId).execute();
  }
}
