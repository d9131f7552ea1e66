import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type {
  OutsiderRequest, OutsiderRequestDetail, RequestApprovalInput, RequestApproved, RequestInput, RequestStatus,
} from '../../contract/requests.js';
import type { Role } from '../../domain/roles.js';
import { reasonTooShort, eventsAllowed, transition } from '../../domain/workflows/machine.js';
import {
  REQUEST_MACHINE, REQUEST_PURPOSE_LABELS, type RequestEvent, type RequestState, TRACKING_CODE_BYTES, approvalProblem, clipWatermark,
  effectiveState, grantFromApproval, normaliseTrackingCode, refusalProblem, requesterUsername, submissionProblem, trackingCode, vietnamDate,
} from '../../domain/workflows/outsider-request.js';
import { AppError, invalid, notFound, unknownCameraNumber } from '../errors.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { HistoryRepository } from '../repositories/history.js';
import type { HoldRepository } from '../repositories/holds.js';
import type { NotificationRepository } from '../repositories/notifications.js';
import type { RequestRecord, RequestRepository } from '../repositories/requests.js';
import type { Trx } from '../repositories/segments.js';
import type { UserRepository } from '../repositories/users.js';
import type { AccountService } from './accounts.js';
import { type Actor, factsOf } from './actor.js';
import type { AccessGrantService } from './grants.js';
import type { Viewer } from './incidents.js';
import type { Mailer } from './mailer.js';

const LEADERSHIP: readonly Role[] = ['principal', 'vice_principal'];
const WHAT_REQUEST = { vi: 'đề nghị', en: 'request' };
const REVOKE_EXAMPLE = { vi: 'Đã hết nhu cầu xem theo xác nhận của đơn vị đề nghị', en: 'The requesting unit confirmed it no longer needs access' };

/** R4.2: a request is withdrawn only while it waits; once the principal has decided, it is theirs to revoke. */
function notWithdrawable(code: string, state: RequestState): AppError {
  const label = REQUEST_MACHINE.states[state];
  if (state === 'withdrawn') {
    return new AppError(409, 'request.alreadyWithdrawn', { vi: `Đề nghị ${code} đã được rút trước đó; không cần làm gì thêm.`, en: `Request ${code} was already withdrawn; nothing more to do.` });
  }
  return new AppError(409, 'request.notWithdrawable', {
    vi: `Đề nghị ${code} đã được xử lý (“${label.vi}”) nên không thể rút nữa. Nếu không còn cần xem dữ liệu, hãy báo nhà trường để thu hồi quyền.`,
    en: `Request ${code} has been dealt with (“${label.en}”), so it can no longer be withdrawn. If you no longer need access, ask the school to revoke it.`,
  });
}

/**
 * R4.2: outsiders ask for footage on a public form; the footage is held at once; only the
 * principal approves — creating a requester account and a limited grant — or refuses with a
 * reason; a grant expires with its validity or is revoked. The requester is told at each step.
 */
export class RequestService {
  constructor(
    private readonly requests: RequestRepository,
    private readonly history: HistoryRepository,
    private readonly holds: HoldRepository,
    private readonly notifications: NotificationRepository,
    private readonly users: UserRepository,
    private readonly accounts: AccountService,
    private readonly grants: AccessGrantService,
    private readonly audit: AuditRepository,
    private readonly mailer: Mailer,
    private readonly o: { cameraExists: (id: number) => Promise<boolean>; now: () => number },
  ) {}

  async submit(input: z.output<typeof RequestInput>, actor: Actor): Promise<RequestStatus> {
    const nowMs = this.o.now();
    const cameraIds = [...new Set(input.cameraIds)];
    const asked = { cameraIds, places: input.places, fromMs: input.from, toMs: input.to, needs: input.needs, purposeDetail: input.description };
    const problem = submissionProblem(asked, nowMs);
    if (problem) throw invalid('request.invalid', problem);
    for (const id of cameraIds) if (!(await this.o.cameraExists(id))) throw unknownCameraNumber('request.camera', id);
    const code = await this.freshCode();
    const leaders = await this.leaders();
    const record: Omit<RequestRecord, 'id'> = {
      trackingCode: code, requesterName: input.requesterName, organisation: input.organisation, contactEmail: input.contactEmail ?? null,
      contactPhone: input.contactPhone ?? null, purpose: input.purpose, cameraIds, places: input.places, fromMs: input.from, toMs: input.to,
      needs: [...new Set(input.needs)], legalBasis: input.legalBasis, description: input.description, state: 'submitted', submittedAtMs: nowMs,
      decidedBy: null, decidedAtMs: null, refusalReason: null, grantId: null, requesterUserId: null, validUntilMs: null, revokedBy: null, revokedAtMs: null,
    };
    const title = {
      vi: `Đề nghị ${code} — ${input.organisation} (${REQUEST_PURPOSE_LABELS[input.purpose].vi}) chờ Hiệu trưởng duyệt`,
      en: `Request ${code} — ${input.organisation} (${REQUEST_PURPOSE_LABELS[input.purpose].en}) awaits the principal`,
    };
    await this.requests.transaction(async (trx) => {
      const id = await this.requests.insert(trx, record);
      await this.history.add(trx, { kind: 'request', id, atMs: nowMs, actor: code, event: 'submit', from: null, to: 'submitted', note: `${input.requesterName} — ${input.organisation}` });
      // R4.2, R3.2: the footage asked for is held at once, while the request waits.
      for (const cameraId of cameraIds) {
        await this.holds.create({
          cameraId, startMs: input.from, endMs: input.to, kind: 'request', subjectId: id, reason: `Đề nghị ${code}: ${input.organisation}`,
          createdBy: code, createdAt: nowMs, untilMs: null,
        }, trx);
      }
      await this.notifications.add(trx, { userIds: leaders.map((u) => u.id), kind: 'request.submitted', subjectKind: 'request', subjectId: id, atMs: nowMs, title });
      // The audit log is for ever: the requester's contact details stay in the request, not here.
      await this.audit.append(trx, factsOf(actor, nowMs, {
        action: 'request.submit', resourceType: 'request', resourceId: id, cameraId: cameraIds[0] ?? null,
        detail: { trackingCode: code, purpose: input.purpose, organisation: input.organisation, cameraIds, places: input.places, from: input.from, to: input.to, needs: record.needs },
      }));
    });
    this.mailer.send(leaders.flatMap((u) => (u.email ? [u.email] : [])), title, `${title.vi}\n\n${input.description}\n\nMở Vigil → Đề nghị xem dữ liệu để xem và quyết định.`);
    this.tell(record, {
      vi: `Nhà trường đã nhận đề nghị ${code}`, en: `The school received request ${code}`,
    }, `Nhà trường đã nhận đề nghị xem dữ liệu camera của ông/bà.\nMã tra cứu: ${code}\nĐề nghị sẽ do Hiệu trưởng xem xét (Điều 4.2). Ông/bà có thể tra cứu kết quả bằng mã này trên trang /yeu-cau/tra-cuu.`);
    return this.toStatus({ ...record, id: 0 });
  }

  /** Public: what the holder of a code may know — the state, the decision, the reason, the validity. */
  async status(typed: string): Promise<RequestStatus> {
    return this.toStatus(await this.byCode(typed));
  }

  /**
   * R4.2: whoever holds the tracking code filed the request, and may withdraw it while it waits for
   * the principal; the footage is no longer held for it, and leadership is told.
   */
  async withdraw(typed: string, note: string | null, actor: Actor): Promise<RequestStatus> {
    const r = await this.byCode(typed);
    const nowMs = this.o.now();
    const state = effectiveState(r, nowMs);
    if (!transition(REQUEST_MACHINE, state, 'withdraw', { roles: [], facts: ['filer'] }).ok) throw notWithdrawable(r.trackingCode, state);
    const leaders = await this.leaders();
    const title = { vi: `Đề nghị ${r.trackingCode} — ${r.organisation} đã được người đề nghị rút`, en: `Request ${r.trackingCode} — ${r.organisation} was withdrawn by the requester` };
    await this.requests.transaction(async (trx) => {
      const still = await this.requests.get(r.id, trx);
      if (still?.state !== 'submitted') throw notWithdrawable(r.trackingCode, still ? effectiveState(still, nowMs) : state);
      await this.requests.decide(trx, r.id, { state: 'withdrawn', decidedAtMs: nowMs });
      await this.history.add(trx, { kind: 'request', id: r.id, atMs: nowMs, actor: r.trackingCode, event: 'withdraw', from: 'submitted', to: 'withdrawn', note });
      await this.holds.releaseAll('request', r.id, nowMs, r.trackingCode, 'Người đề nghị đã rút đề nghị', trx);
      await this.notifications.add(trx, { userIds: leaders.map((u) => u.id), kind: 'request.withdrawn', subjectKind: 'request', subjectId: r.id, atMs: nowMs, title });
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'request.withdraw', resourceType: 'request', resourceId: r.id, detail: { trackingCode: r.trackingCode, note } }));
    });
    this.tell(r, { vi: `Đề nghị ${r.trackingCode} đã được rút`, en: `Request ${r.trackingCode} was withdrawn` },
      `Ông/bà đã rút đề nghị ${r.trackingCode}. Nhà trường sẽ không xem xét đề nghị này nữa; nếu cần, ông/bà có thể gửi một đề nghị mới.`);
    return this.status(r.trackingCode);
  }

  async list(which: string): Promise<OutsiderRequest[]> {
    const nowMs = this.o.now();
    const rows = (await this.requests.list()).map((r) => this.toRequest(r, nowMs));
    if (which === 'all') return rows;
    if (which === 'open') return rows.filter((r) => r.state === 'submitted' || r.state === 'approved');
    return rows.filter((r) => r.state === which);
  }

  async detail(id: number, viewer: Viewer): Promise<OutsiderRequestDetail> {
    const r = await this.get(id);
    const nowMs = this.o.now();
    const g = r.grantId === null ? undefined : (await this.grants.list(r.requesterUserId ?? undefined)).find((x) => x.id === r.grantId);
    return {
      ...this.toRequest(r, nowMs),
      grant: g ? { id: g.id, cameraIds: [...g.cameraIds], fromMs: g.fromMs, toMs: g.toMs, actions: [...g.actions], validUntilMs: g.validUntilMs, revokedAtMs: g.revokedAtMs } : null,
      history: await this.history.of('request', id),
      holds: (await this.holds.of('request', id)).map((h) => ({ ...h, kind: 'request' as const, createdAtMs: h.createdAt, releasedAtMs: h.releasedAt })),
      allowedEvents: eventsAllowed(REQUEST_MACHINE, effectiveState(r, nowMs), { roles: viewer.roles }).filter((e) => e !== 'submit' && e !== 'withdraw'),
    };
  }

  /**
   * R4.2: the principal approves — cameras, range, actions, validity — which creates the
   * requester's account (a one-time password, changed at first sign-in) and the grant, in one
   * transaction with the decision and its audit events.
   */
  async approve(id: number, input: z.output<typeof RequestApprovalInput>, viewer: Viewer, actor: Actor): Promise<RequestApproved> {
    const r = await this.get(id);
    const nowMs = this.o.now();
    this.step(r, 'approve', viewer, nowMs);
    const approval = { cameraIds: [...new Set(input.cameraIds)], fromMs: input.from, toMs: input.to, needs: [...new Set(input.needs)], validityDays: input.validityDays };
    const problem = approvalProblem({ ...r, purposeDetail: r.description }, approval, nowMs);
    if (problem) throw invalid('request.approval', problem);
    for (const c of approval.cameraIds) if (!(await this.o.cameraExists(c))) throw notFound({ vi: `camera số ${c}`, en: `camera number ${c}` });
    const account = await this.accounts.prepare({ username: requesterUsername(r.trackingCode), fullName: `${r.requesterName} — ${r.organisation}`, roles: ['requester'] });
    const grant = grantFromApproval(approval, nowMs);
    await this.requests.transaction(async (trx) => {
      await this.stillIn(trx, id, 'submitted');
      const userId = await this.accounts.insertPrepared(trx, account, actor);
      const grantId = await this.grants.insertIn(trx, {
        userId, cameraIds: grant.cameraIds, actions: grant.actions, fromMs: grant.fromMs, toMs: grant.toMs, validUntilMs: grant.validUntilMs,
        purpose: `Đề nghị ${r.trackingCode}: ${REQUEST_PURPOSE_LABELS[r.purpose].vi} — ${r.organisation}`, grantedBy: actor.name, createdAtMs: nowMs,
      }, account.username, actor);
      await this.requests.decide(trx, id, { state: 'approved', decidedBy: viewer.username, decidedAtMs: nowMs, grantId, requesterUserId: userId, validUntilMs: grant.validUntilMs });
      await this.history.add(trx, {
        kind: 'request', id, atMs: nowMs, actor: viewer.username, event: 'approve', from: 'submitted', to: 'approved',
        note: [`→ ${account.username}, hiệu lực đến ${vietnamDate(grant.validUntilMs)}`, input.note].filter(Boolean).join(' — '),
      });
      // The footage granted stays held as long as the grant may be used (R3.2); what was asked and not granted is let go.
      await this.holds.releaseAll('request', id, nowMs, viewer.username, 'Đề nghị đã được duyệt: giữ phần được cấp quyền', trx);
      for (const cameraId of grant.cameraIds) {
        await this.holds.create({
          cameraId, startMs: grant.fromMs, endMs: grant.toMs, kind: 'request', subjectId: id, reason: `Đề nghị ${r.trackingCode} (đã duyệt): ${r.organisation}`,
          createdBy: viewer.username, createdAt: nowMs, untilMs: grant.validUntilMs,
        }, trx);
      }
      await this.audit.append(trx, factsOf(actor, nowMs, {
        action: 'request.approve', resourceType: 'request', resourceId: id, cameraId: grant.cameraIds[0] ?? null,
        detail: { trackingCode: r.trackingCode, grantId, username: account.username, cameraIds: grant.cameraIds, from: grant.fromMs, to: grant.toMs, actions: grant.actions, validUntil: grant.validUntilMs },
      }));
    });
    this.tell(r, { vi: `Đề nghị ${r.trackingCode} đã được duyệt`, en: `Request ${r.trackingCode} was approved` },
      `Hiệu trưởng đã duyệt đề nghị ${r.trackingCode}. Quyền xem có hiệu lực đến hết ngày ${vietnamDate(grant.validUntilMs)}.\n` +
      'Nhà trường sẽ trao trực tiếp cho ông/bà tên đăng nhập và mật khẩu dùng một lần (không gửi qua email).');
    return { ...(await this.detail(id, viewer)), account: { username: account.username, oneTimePassword: account.password } };
  }

  /** R4.2: a refusal says why; the requester is told; the footage is no longer held for it. */
  async refuse(id: number, reason: string, viewer: Viewer, actor: Actor): Promise<OutsiderRequestDetail> {
    const r = await this.get(id);
    const nowMs = this.o.now();
    this.step(r, 'refuse', viewer, nowMs);
    const problem = refusalProblem(reason);
    if (problem) throw invalid('request.reason', problem);
    await this.requests.transaction(async (trx) => {
      await this.stillIn(trx, id, 'submitted');
      await this.requests.decide(trx, id, { state: 'refused', decidedBy: viewer.username, decidedAtMs: nowMs, refusalReason: reason });
      await this.history.add(trx, { kind: 'request', id, atMs: nowMs, actor: viewer.username, event: 'refuse', from: 'submitted', to: 'refused', note: reason });
      await this.holds.releaseAll('request', id, nowMs, viewer.username, 'Đề nghị bị từ chối', trx);
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'request.refuse', resourceType: 'request', resourceId: id, detail: { trackingCode: r.trackingCode, reason } }));
    });
    this.tell(r, { vi: `Đề nghị ${r.trackingCode} không được chấp thuận`, en: `Request ${r.trackingCode} was refused` },
      `Hiệu trưởng không chấp thuận đề nghị ${r.trackingCode}.\nLý do: ${reason}`);
    return this.detail(id, viewer);
  }

  /** R4.2: the grant "can be revoked": from now on it allows nothing, and the footage is let go. */
  async revoke(id: number, reason: string, viewer: Viewer, actor: Actor): Promise<OutsiderRequestDetail> {
    const r = await this.get(id);
    const nowMs = this.o.now();
    this.step(r, 'revoke', viewer, nowMs);
    const problem = reasonTooShort(reason, 10, REVOKE_EXAMPLE);
    if (problem) throw invalid('request.reason', problem);
    await this.requests.transaction(async (trx) => {
      await this.stillIn(trx, id, 'approved');
      if (r.grantId !== null) await this.grants.revokeIn(trx, r.grantId, actor, nowMs);
      await this.requests.decide(trx, id, { state: 'revoked', revokedBy: viewer.username, revokedAtMs: nowMs });
      await this.history.add(trx, { kind: 'request', id, atMs: nowMs, actor: viewer.username, event: 'revoke', from: 'approved', to: 'revoked', note: reason });
      await this.holds.releaseAll('request', id, nowMs, viewer.username, 'Quyền xem đã bị thu hồi', trx);
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'request.revoke', resourceType: 'request', resourceId: id, detail: { trackingCode: r.trackingCode, grantId: r.grantId, reason } }));
    });
    this.tell(r, { vi: `Quyền xem theo đề nghị ${r.trackingCode} đã bị thu hồi`, en: `Access under request ${r.trackingCode} was revoked` },
      `Hiệu trưởng đã thu hồi quyền xem dữ liệu theo đề nghị ${r.trackingCode}.\nLý do: ${reason}`);
    return this.detail(id, viewer);
  }

  /** R4.2: the line burnt into a clip taken under a grant: the request (or the grant) and the day. */
  async watermarkFor(grantId: number): Promise<string> {
    const nowMs = this.o.now();
    const r = await this.requests.byGrant(grantId);
    return r ? clipWatermark(r, nowMs) : `Quyền truy cập #${grantId} · ${vietnamDate(nowMs)}`;
  }

  private async byCode(typed: string): Promise<RequestRecord> {
    const code = normaliseTrackingCode(typed);
    const r = code ? await this.requests.byCode(code) : undefined;
    if (!r) {
      throw notFound({ vi: `đề nghị có mã "${typed.slice(0, 20)}". Hãy kiểm tra lại mã tra cứu`, en: `request with the code "${typed.slice(0, 20)}". Check the tracking code` });
    }
    return r;
  }

  private async get(id: number): Promise<RequestRecord> {
    const r = await this.requests.get(id);
    if (!r) throw notFound(WHAT_REQUEST);
    return r;
  }

  /** The state machine decides (R4.2: only the principal): a 403 for who may not, a 409 for a step that no longer fits. */
  private step(r: RequestRecord, event: RequestEvent, viewer: Viewer, nowMs: number): RequestState {
    const outcome = transition(REQUEST_MACHINE, effectiveState(r, nowMs), event, { roles: viewer.roles });
    if (!outcome.ok) throw new AppError(outcome.problem.code === 'workflow.notAllowed' ? 403 : 409, outcome.problem.code, outcome.problem);
    return outcome.to;
  }

  /** Read inside the transaction: of two decisions at once, the second finds the first and stops. */
  private async stillIn(trx: Trx, id: number, state: RequestState): Promise<void> {
    const now = await this.requests.get(id, trx);
    if (now?.state !== state) {
      throw new AppError(409, 'workflow.wrongState', { vi: 'Đề nghị vừa được người khác xử lý. Hãy tải lại trang.', en: 'Someone has just decided this request. Reload the page.' });
    }
  }

  private async freshCode(): Promise<string> {
    for (let i = 0; i < 5; i += 1) {
      const code = trackingCode(randomBytes(TRACKING_CODE_BYTES));
      if (!(await this.requests.byCode(code))) return code;
    }
    throw new Error('no free tracking code after 5 tries');
  }

  private async leaders() {
    return (await this.users.list()).filter((u) => u.disabledAt === null && u.roles.some((r) => LEADERSHIP.includes(r)));
  }

  /** The requester is told by email when they gave one (and SMTP is set); otherwise by the status page. */
  private tell(r: Pick<RequestRecord, 'contactEmail'>, subject: { vi: string; en: string }, body: string): void {
    if (r.contactEmail) this.mailer.send([r.contactEmail], subject, body);
  }

  private toStatus(r: RequestRecord): RequestStatus {
    return {
      trackingCode: r.trackingCode, state: effectiveState(r, this.o.now()), submittedAtMs: r.submittedAtMs, decidedAtMs: r.decidedAtMs,
      refusalReason: r.refusalReason, validUntilMs: r.state === 'approved' || r.state === 'revoked' ? r.validUntilMs : null,
    };
  }

  private toRequest(r: RequestRecord, nowMs: number): OutsiderRequest {
    return {
      id: r.id, trackingCode: r.trackingCode, requesterName: r.requesterName, organisation: r.organisation, contactEmail: r.contactEmail,
      contactPhone: r.contactPhone, purpose: r.purpose, cameraIds: r.cameraIds, places: r.places, fromMs: r.fromMs, toMs: r.toMs, needs: r.needs,
      legalBasis: r.legalBasis, description: r.description, state: effectiveState(r, nowMs), submittedAtMs: r.submittedAtMs, decidedBy: r.decidedBy,
      decidedAtMs: r.decidedAtMs, refusalReason: r.refusalReason, validUntilMs: r.validUntilMs,
      requesterUsername: r.requesterUserId === null ? null : requesterUsername(r.trackingCode),
    };
  }
}
