import type { GrantAction } from '../../domain/policy.js';
import { AppError, WHAT, invalid, notFound } from '../errors.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { GrantRecord, AccessGrantRepository } from '../repositories/grants.js';
import type { Trx } from '../repositories/segments.js';
import type { UserRepository } from '../repositories/users.js';
import { type Actor, factsOf } from './actor.js';

/** Longest a grant may stay valid: approvals are for a matter, not for ever (R4.2: e.g. 7 days). */
export const MAX_GRANT_DAYS = 90;

/** R4.2: grants the principal gives — limited in cameras, footage, actions and time; revocable; audited. */
export class AccessGrantService {
  constructor(
    private readonly grants: AccessGrantRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly cameraExists: (id: number) => Promise<boolean>,
    private readonly now: () => number,
  ) {}

  async create(input: { username: string; cameraIds: number[]; from: number; to: number; actions: GrantAction[]; validUntil: number; purpose: string }, actor: Actor): Promise<GrantRecord> {
    const user = await this.users.byUsername(input.username);
    if (!user) throw notFound({ vi: `tài khoản "${input.username}"`, en: `account "${input.username}"` });
    const nowMs = this.now();
    if (input.validUntil <= nowMs || input.validUntil > nowMs + MAX_GRANT_DAYS * 86_400_000) {
      throw invalid('grant.validity', {
        vi: `Thời hạn quyền phải ở sau hiện tại và không quá ${MAX_GRANT_DAYS} ngày.`,
        en: `A grant must end in the future and within ${MAX_GRANT_DAYS} days.`,
      });
    }
    for (const id of new Set(input.cameraIds)) if (!(await this.cameraExists(id))) throw notFound(WHAT.camera);
    const record = {
      userId: user.id, cameraIds: [...new Set(input.cameraIds)], actions: [...new Set(input.actions)], fromMs: input.from, toMs: input.to,
      validUntilMs: input.validUntil, purpose: input.purpose, grantedBy: actor.name, createdAtMs: nowMs,
    };
    const id = await this.grants.transaction((trx) => this.insertIn(trx, record, user.username, actor));
    return { ...record, id, revokedAtMs: null, revokedBy: null };
  }

  /** Writes a grant (already checked) and its audit event in the caller's transaction (R4.2: an approval). */
  async insertIn(trx: Trx, record: Omit<GrantRecord, 'id' | 'revokedAtMs' | 'revokedBy'>, username: string, actor: Actor): Promise<number> {
    const gid = await this.grants.insert(trx, record);
    await this.audit.append(trx, factsOf(actor, record.createdAtMs, { action: 'grant.create', resourceType: 'grant', resourceId: gid, detail: { ...record, username } }));
    return gid;
  }

  /** Revokes a grant and audits it in the caller's transaction. */
  async revokeIn(trx: Trx, id: number, actor: Actor, nowMs: number): Promise<void> {
    await this.grants.revoke(trx, id, actor.name, nowMs);
    await this.audit.append(trx, factsOf(actor, nowMs, { action: 'grant.revoke', resourceType: 'grant', resourceId: id }));
  }

  async revoke(id: number, actor: Actor): Promise<GrantRecord> {
    const g = await this.grants.get(id);
    if (!g) throw notFound({ vi: 'quyền truy cập', en: 'grant' });
    if (g.revokedAtMs !== null) throw new AppError(409, 'grant.revoked', { vi: 'Quyền này đã bị thu hồi trước đó.', en: 'This grant was already revoked.' });
    const nowMs = this.now();
    await this.grants.transaction((trx) => this.revokeIn(trx, id, actor, nowMs));
    return { ...g, revokedAtMs: nowMs, revokedBy: actor.name };
  }

  list(userId?: number): Promise<GrantRecord[]> {
    return this.grants.list(userId);
  }
}
