import { randomBytes } from 'node:crypto';
import type { AuditFacts } from '../../domain/audit-chain.js';
import { checkPassword } from '../../domain/password-policy.js';
import { ROLES, type Role } from '../../domain/roles.js';
import { AppError, WHAT, invalid, notFound } from '../errors.js';
import type { AuditRepository } from '../repositories/audit.js';
import { type Actor, factsOf } from './actor.js';
import { passwords } from '../repositories/passwords.js';
import type { UnitRepository } from '../repositories/units.js';
import type { Trx } from '../repositories/segments.js';
import type { UserRecord, UserRepository } from '../repositories/users.js';

export type { Actor } from './actor.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/** One-time passwords meet the policy: 4 groups of letters and digits plus a symbol. */
export function oneTimePassword(): string {
  const body = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}-${body.slice(12)}A7`;
}

/** An account checked and hashed, not yet written; `password` is shown once when it is one-time. */
export interface PreparedAccount {
  username: string;
  fullName: string;
  unitId: number | null;
  roles: Role[];
  password: string;
  oneTime: boolean;
  passwordHash: string;
}

/** Accounts (issue 4): create, password, roles, disable — each change audited in its transaction. */
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly audit: AuditRepository,
    private readonly now: () => number,
  ) {}

  async add(input: { username: string; fullName: string; roles: string[]; unitId?: number | null; password?: string }, actor: Actor) {
    const account = await this.prepare(input);
    const id = await this.users.transaction((trx) => this.insertPrepared(trx, account, actor));
    return { id, username: account.username, roles: account.roles, oneTimePassword: account.oneTime ? account.password : null };
  }

  /**
   * Everything before the account is written — checks and the password's hash — so that another
   * change (R4.2: an approval) can write it in its own transaction with `insertPrepared`.
   */
  async prepare(input: { username: string; fullName: string; roles: string[]; unitId?: number | null; password?: string }): Promise<PreparedAccount> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) {
      throw invalid('account.username', {
        vi: 'Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.',
        en: 'A username has 3–32 characters: lower-case letters without accents, digits, dot, dash or underscore.',
      });
    }
    if (await this.users.byUsername(username)) {
      throw new AppError(409, 'account.exists', { vi: `Đã có tài khoản "${username}".`, en: `The account "${username}" already exists.` });
    }
    const roles = this.roles(input.roles);
    if (input.unitId != null && !(await this.units.get(input.unitId))) throw notFound(WHAT.unit);
    const { password, oneTime } = this.choosePassword(input.password, username);
    const passwordHash = await passwords.hash(password);
    return { username, fullName: input.fullName.trim(), unitId: input.unitId ?? null, roles, password, oneTime, passwordHash };
  }

  /** Writes a prepared account and its audit event in the caller's transaction. */
  async insertPrepared(trx: Trx, a: PreparedAccount, actor: Actor): Promise<number> {
    const userId = await this.users.insert(trx, { username: a.username, fullName: a.fullName, unitId: a.unitId, passwordHash: a.passwordHash, mustChangePassword: a.oneTime, roles: a.roles }, this.now());
    await this.audit.append(trx, this.facts(actor, 'account.create', a.username, { roles: a.roles, unitId: a.unitId }));
    return userId;
  }

  async setPassword(usernameRaw: string, newPassword: string | undefined, actor: Actor) {
    const user = await this.user(usernameRaw);
    const { password, oneTime } = this.choosePassword(newPassword, user.username);
    const passwordHash = await passwords.hash(password);
    await this.users.transaction(async (trx) => {
      await this.users.setPassword(trx, user.id, passwordHash, oneTime, this.now());
      await this.audit.append(trx, this.facts(actor, 'account.password', user.username, { oneTime }));
    });
    return { username: user.username, oneTimePassword: oneTime ? password : null };
  }

  async setRoles(usernameRaw: string, rolesRaw: string[], actor: Actor) {
    const user = await this.user(usernameRaw);
    const roles = this.roles(rolesRaw);
    await this.users.transaction(async (trx) => {
      await this.users.setRoles(trx, user.id, roles);
      await this.audit.append(trx, this.facts(actor, 'account.roles', user.username, { before: user.roles, after: roles }));
    });
    return { username: user.username, roles };
  }

  async disable(usernameRaw: string, actor: Actor) {
    const user = await this.user(usernameRaw);
    const nowMs = this.now();
    await this.users.transaction(async (trx) => {
      await this.users.setDisabled(trx, user.id, nowMs, nowMs);
      await this.audit.append(trx, this.facts(actor, 'account.disable', user.username, {}));
    });
    return { username: user.username, disabledAt: nowMs };
  }

  private choosePassword(given: string | undefined, username: string): { password: string; oneTime: boolean } {
    if (given === undefined) return { password: oneTimePassword(), oneTime: true };
    const problems = checkPassword(given, username);
    if (problems.length > 0) {
      throw invalid('account.weakPassword', { vi: problems.map((p) => p.vi).join(' '), en: problems.map((p) => p.en).join(' ') }, problems.map((p) => p.code));
    }
    return { password: given, oneTime: false };
  }

  private roles(raw: string[]): Role[] {
    const unknown = raw.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0 || raw.length === 0) {
      throw invalid('account.roles', {
        vi: `Vai trò không hợp lệ: ${unknown.join(', ') || '(trống)'}. Các vai trò: ${ROLES.join(', ')}.`,
        en: `Unknown roles: ${unknown.join(', ') || '(none)'}. The roles are: ${ROLES.join(', ')}.`,
      });
    }
    return raw as Role[];
  }

  private async user(usernameRaw: string): Promise<UserRecord> {
    const user = await this.users.byUsername(usernameRaw.trim().toLowerCase());
    if (!user) throw notFound({ vi: `tài khoản "${usernameRaw}"`, en: `account "${usernameRaw}"` });
    return user;
  }

  private facts(actor: Actor, action: string, username: string, detail: Record<string, unknown>): AuditFacts {
    return factsOf(actor, this.now(), { action, resourceType: 'account', resourceId: username, detail });
  }
}
