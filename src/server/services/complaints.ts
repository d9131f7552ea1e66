import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type {
  Complaint, ComplaintAnswered, ComplaintDetail, ComplaintEventInput, ComplaintInput, ComplaintPersonInput, ComplaintStatus, ConsentInput,
  PublicComplaintInput, RedactionClip,
} from '../../contract/complaints.js';
import { type WorkingCalendar, complaintDeadlines, deadlineStatus, localDate } from '../../domain/deadlines.js';
import type { Role } from '../../domain/roles.js';
import {
  COMPLAINT_KIND_LABELS, COMPLAINT_MACHINE, type ComplaintEvent, type ComplaintState, answerProblem, complaintCode, consentMissing, consentProblem,
  extensionProblem, filingProblem, normaliseComplaintCode, pendingDeadlines,
} from '../../domain/workflows/complaint.js';
import { type ActorFact, eventsAllowed, transition } from '../../domain/workflows/machine.js';
import { vietnamDate } from '../../domain/workflows/outsider-request.js';
import { AppError, invalid, notFound, unknownCameraNumber } from '../errors.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { ComplaintRecord, ComplaintRepository, PersonRecord } from '../repositories/complaints.js';
import type { HistoryRepository } from '../repositories/history.js';
import type { HoldRepository } from '../repositories/holds.js';
import type { NotificationRepository } from '../repositories/notifications.js';
import type { Trx } from '../repositories/segments.js';
import type { UserRepository } from '../repositories/users.js';
import { type Actor, factsOf } from './actor.js';
import type { ComplaintClipService } from './complaint-clips.js';
import type { Viewer } from './incidents.js';
import type { Mailer } from './mailer.js';
import type { WorkingCalendarService } from './working-calendar.js';

const LEADERSHIP: readonly Role[] = ['principal', 'vice_principal'];
const isLeadership = (roles: readonly Role[]) => roles.some((r) => LEADERSHIP.includes(r));
const WHAT_COMPLAINT = { vi: 'đơn khiếu nại, yêu cầu', en: 'complaint or request' };
/** A complaint is about a time; at most a month of footage is held for one. */
const MAX_COMPLAINT_RANGE_MS = 31 * 86_400_000;
/** The link to a released clip works this long (the filer is told the date). */
export const RELEASE_VALID_MS = 14 * 86_400_000;
export const RELEASE_PATH = '/api/complaints/release/';

/** Everyone listed stays visible in the clip; a pupil is a child, whose image needs the consents (R3.3). */
const shown = (p: PersonRecord) => ({ personId: p.id, isChild: p.role === 'pupil', birthDate: p.birthDate });
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * R3.3: a person recorded (a staff member, a parent for their child) complains or asks to know,
 * to see their own footage, to object or to correct. The footage concerned is held at once; the
 * legal deadlines (2 working days to acknowledge, 15 to answer, one extension of 15 with a reason)
 * are computed from the school's calendar, shown, and warned about before they pass. Leadership
 * answers — with a clip in which other people are blurred, released only when the consents of
 * the children left visible are recorded.
 */
export class ComplaintService {
  constructor(
    private readonly complaints: ComplaintRepository,
    private readonly clips: ComplaintClipService,
    private readonly calendar: WorkingCalendarService,
    private readonly history: HistoryRepository,
    private readonly holds: HoldRepository,
    private readonly notifications: NotificationRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly mailer: Mailer,
    private readonly o: { cameraExists: (id: number) => Promise<boolean>; now: () => number },
  ) {}

  /** A signed-in user files: their name and account are the filer's. */
  async file(input: z.output<typeof ComplaintInput>, viewer: Viewer, actor: Actor): Promise<ComplaintDetail> {
    const user = await this.users.byId(viewer.userId);
    const id = await this.create({ ...input, filerName: user?.fullName ?? viewer.username }, viewer.userId, actor);
    return this.detail(id, viewer);
  }

  /** The public form (no account): the tracking code is how the filer follows it. */
  async filePublic(input: z.output<typeof PublicComplaintInput>, actor: Actor): Promise<ComplaintStatus> {
    const id = await this.create(input, null, actor);
    return this.toStatus(await this.get(id));
  }

  private async create(input: z.output<typeof PublicComplaintInput>, filerUserId: number | null, actor: Actor): Promise<number> {
    const nowMs = this.o.now();
    const cameraIds = [...new Set(input.cameraIds)];
    const problem = filingProblem({ description: input.description, place: input.place, cameraIds, fromMs: input.from, toMs: input.to }, nowMs);
    if (problem) throw invalid('complaint.invalid', problem);
    if (input.to - input.from > MAX_COMPLAINT_RANGE_MS) {
      throw invalid('complaint.range', { vi: 'Khoảng thời gian dài tối đa 31 ngày. Hãy ghi rõ hơn lúc bạn bị ghi hình.', en: 'The time range is at most 31 days. Say more precisely when you were recorded.' });
    }
    if (input.relation === 'parent_of_pupil' && input.pupilName.trim().length < 2) {
      throw invalid('complaint.pupil', { vi: 'Hãy ghi họ tên và lớp của con bạn.', en: "Give your child's name and class." });
    }
    for (const id of cameraIds) if (!(await this.o.cameraExists(id))) throw unknownCameraNumber('complaint.camera', id);
    const code = await this.freshCode();
    const leaders = await this.leaders();
    const record: Omit<ComplaintRecord, 'id'> = {
      trackingCode: code, kind: input.kind, relation: input.relation, filerName: input.filerName, filerUserId, pupilName: input.pupilName,
      pupilClass: input.pupilClass, contactEmail: input.contactEmail ?? null, contactPhone: input.contactPhone ?? null, cameraIds, place: input.place,
      fromMs: input.from, toMs: input.to, description: input.description, state: 'filed', filedAtMs: nowMs, acknowledgedAtMs: null, extendedAtMs: null,
      extensionReason: null, answeredAtMs: null, answeredBy: null, answerText: null, releasedClipId: null, releaseTokenSha256: null,
      releaseValidUntilMs: null, closedAtMs: null, warned: [],
    };
    const cal = await this.calendar.get();
    const due = complaintDeadlines(nowMs, null, cal);
    const title = {
      vi: `${COMPLAINT_KIND_LABELS[input.kind].vi} ${code} của ${input.filerName} — tiếp nhận trước ${vietnamDate(due.acknowledgeBy)}`,
      en: `${COMPLAINT_KIND_LABELS[input.kind].en} ${code} from ${input.filerName} — acknowledge by ${vietnamDate(due.acknowledgeBy)}`,
    };
    const id = await this.complaints.transaction(async (trx) => {
      const cid = await this.complaints.insert(trx, record);
      await this.history.add(trx, { kind: 'complaint', id: cid, atMs: nowMs, actor: actor.name === 'anonymous' ? code : actor.name, event: 'file', from: null, to: 'filed', note: input.filerName });
      // R3.3: the footage concerned is held at once — all cameras at that time when only the place is known.
      for (const cameraId of cameraIds.length > 0 ? cameraIds : [null]) {
        await this.holds.create({
          cameraId, startMs: input.from, endMs: input.to, kind: 'complaint', subjectId: cid, reason: `Đơn ${code}: ${COMPLAINT_KIND_LABELS[input.kind].vi}`,
          createdBy: actor.name === 'anonymous' ? code : actor.name, createdAt: nowMs, untilMs: null,
        }, trx);
      }
      await this.notifications.add(trx, { userIds: leaders.map((u) => u.id), kind: 'complaint.filed', subjectKind: 'complaint', subjectId: cid, atMs: nowMs, title });
      // The audit log is for ever: the filer's contact details stay in the complaint, not here.
      await this.audit.append(trx, factsOf(actor, nowMs, {
        action: 'complaint.file', resourceType: 'complaint', resourceId: cid, cameraId: cameraIds[0] ?? null,
        detail: { trackingCode: code, kind: input.kind, relation: input.relation, cameraIds, place: input.place, from: input.from, to: input.to },
      }));
      return cid;
    });
    this.mailer.send(leaders.flatMap((u) => (u.email ? [u.email] : [])), title,
      `${title.vi}\n\n${input.description}\n\nHạn tiếp nhận: ${vietnamDate(due.acknowledgeBy)}; hạn trả lời: ${vietnamDate(due.answerBy)} (Điều 3.3).\nMở Vigil → Khiếu nại để xử lý.`);
    this.tell(record, { vi: `Nhà trường đã nhận đơn ${code}`, en: `The school received your complaint ${code}` },
      `Nhà trường đã nhận đơn của ông/bà (${COMPLAINT_KIND_LABELS[input.kind].vi}).\nMã tra cứu: ${code}\n` +
      `Đơn được tiếp nhận trong 2 ngày làm việc và trả lời trước ngày ${vietnamDate(due.answerBy)} (có thể gia hạn một lần, có nêu lý do).\n` +
      'Hình ảnh liên quan đã được giữ lại, không bị xóa trong khi giải quyết. Tra cứu tại trang /khieu-nai/tra-cuu.');
    return id;
  }

  /** Public: what the holder of a code may know. */
  async status(typed: string): Promise<ComplaintStatus> {
    return this.toStatus(await this.byCode(typed));
  }

  /** The public filer withdraws with the code, while it waits for an answer. */
  async withdrawByCode(typed: string, actor: Actor): Promise<ComplaintStatus> {
    const c = await this.byCode(typed);
    await this.apply(c, 'withdraw', { roles: [], facts: ['filer'] }, actor, c.trackingCode, 'Người gửi rút đơn (bằng mã tra cứu)');
    return this.toStatus(await this.get(c.id));
  }

  async list(viewer: Viewer, which: string): Promise<Complaint[]> {
    const cal = await this.calendar.get();
    const nowMs = this.o.now();
    const names = await this.usernames();
    const rows = (await this.complaints.list(isLeadership(viewer.roles) ? undefined : viewer.userId)).map((c) => this.toComplaint(c, cal, nowMs, names));
    if (which === 'all') return rows;
    if (which === 'open') return rows.filter((c) => c.state !== 'closed' && c.state !== 'withdrawn');
    return rows.filter((c) => c.state === which);
  }

  async detail(id: number, viewer: Viewer): Promise<ComplaintDetail> {
    const c = await this.visible(id, viewer);
    const leader = isLeadership(viewer.roles);
    const nowMs = this.o.now();
    const people = leader ? await this.complaints.people(id) : [];
    const consents = leader ? await this.complaints.consents(id) : [];
    const missing = consentMissing(people.map(shown), consents, nowMs);
    const clips: RedactionClip[] = leader ? await this.clips.list(c) : (await this.clips.list(c)).filter((k) => k.id === c.releasedClipId);
    const facts: ActorFact[] = c.filerUserId === viewer.userId ? ['filer'] : [];
    return {
      ...this.toComplaint(c, await this.calendar.get(), nowMs, await this.usernames()),
      people: people.map((p) => ({ id: p.id, name: p.name, role: p.role, className: p.className, birthDate: p.birthDate, isChild: p.role === 'pupil', addedBy: p.addedBy, addedAtMs: p.addedAtMs })),
      consents: consents.map((k) => ({
        id: k.id, personId: k.personId, givenBy: k.givenBy, giverName: k.giverName, note: k.note, recordedBy: k.recordedBy, givenAtMs: k.givenAtMs,
        withdrawnAtMs: k.withdrawnAtMs, withdrawReason: k.withdrawReason,
      })),
      consentStatus: { missing, problem: consentProblem(missing) },
      clips,
      releasedClipId: c.releasedClipId,
      history: leader || facts.length > 0 ? await this.history.of('complaint', id) : [],
      holds: leader ? (await this.holds.of('complaint', id)).map((h) => ({ ...h, kind: 'complaint' as const, createdAtMs: h.createdAt, releasedAtMs: h.releasedAt })) : [],
      allowedEvents: eventsAllowed(COMPLAINT_MACHINE, c.state, { roles: viewer.roles, facts }).filter((e) => e !== 'file'),
      viewerIsFiler: facts.length > 0,
    };
  }

  /** The steps of the machine: acknowledge, extend (once, with a reason), answer, close, withdraw. */
  async act(id: number, input: z.output<typeof ComplaintEventInput>, viewer: Viewer, actor: Actor, origin: string): Promise<ComplaintDetail | ComplaintAnswered> {
    const c = await this.visible(id, viewer);
    const who = { roles: viewer.roles, facts: c.filerUserId === viewer.userId ? (['filer'] as ActorFact[]) : [] };
    switch (input.event) {
      case 'acknowledge':
        await this.apply(c, 'acknowledge', who, actor, viewer.username, input.note ?? null);
        break;
      case 'extend':
        await this.extend(c, input.reason, who, actor, viewer.username);
        break;
      case 'answer':
        return this.answer(c, input.text, input.clipId ?? null, who, viewer, actor, origin);
      case 'close':
        await this.apply(c, 'close', who, actor, viewer.username, input.note ?? null);
        break;
      case 'withdraw':
        await this.apply(c, 'withdraw', who, actor, viewer.username, input.note ?? 'Người gửi rút đơn');
        break;
    }
    return this.detail(id, viewer);
  }

  /** A step without more to it than the state, the history, the holds and the audit. */
  private async apply(c: ComplaintRecord, event: 'acknowledge' | 'close' | 'withdraw', who: { roles: readonly Role[]; facts: ActorFact[] }, actor: Actor, by: string, note: string | null): Promise<void> {
    const to = this.step(c, event, who);
    const nowMs = this.o.now();
    await this.complaints.transaction(async (trx) => {
      await this.stillIn(trx, c);
      await this.complaints.update(trx, c.id, {
        state: to, ...(event === 'acknowledge' ? { acknowledgedAtMs: nowMs } : {}), ...(event !== 'acknowledge' ? { closedAtMs: nowMs } : {}),
      });
      await this.history.add(trx, { kind: 'complaint', id: c.id, atMs: nowMs, actor: by, event, from: c.state, to, note });
      // R3.2: the footage is no longer held for a complaint that is over (the clips given stay as given).
      if (event !== 'acknowledge') await this.holds.releaseAll('complaint', c.id, nowMs, by, event === 'close' ? 'Đơn đã được giải quyết xong' : 'Người gửi đã rút đơn', trx);
      await this.audit.append(trx, factsOf(actor, nowMs, { action: `complaint.${event}`, resourceType: 'complaint', resourceId: c.id, detail: { trackingCode: c.trackingCode, note } }));
    });
    if (event === 'acknowledge') {
      const due = complaintDeadlines(c.filedAtMs, null, await this.calendar.get());
      this.tell(c, { vi: `Đơn ${c.trackingCode} đã được tiếp nhận`, en: `Complaint ${c.trackingCode} was acknowledged` },
        `Nhà trường đã tiếp nhận đơn ${c.trackingCode}. Hạn trả lời: ${vietnamDate(due.answerBy)}.`);
    }
  }

  private async extend(c: ComplaintRecord, reason: string, who: { roles: readonly Role[]; facts: ActorFact[] }, actor: Actor, by: string): Promise<void> {
    const to = this.step(c, 'extend', who);
    const nowMs = this.o.now();
    const cal = await this.calendar.get();
    const before = complaintDeadlines(c.filedAtMs, null, cal);
    const problem = extensionProblem(reason, nowMs, before.answerBy);
    if (problem) throw invalid('complaint.extension', problem);
    const after = complaintDeadlines(c.filedAtMs, nowMs, cal);
    await this.complaints.transaction(async (trx) => {
      await this.stillIn(trx, c);
      await this.complaints.update(trx, c.id, { state: to, extendedAtMs: nowMs, extensionReason: reason });
      await this.history.add(trx, { kind: 'complaint', id: c.id, atMs: nowMs, actor: by, event: 'extend', from: c.state, to, note: `${reason} — hạn mới ${vietnamDate(after.answerBy)}` });
      await this.audit.append(trx, factsOf(actor, nowMs, {
        action: 'complaint.extend', resourceType: 'complaint', resourceId: c.id, detail: { trackingCode: c.trackingCode, reason, answerBy: after.answerBy },
      }));
    });
    this.tell(c, { vi: `Đơn ${c.trackingCode}: gia hạn trả lời`, en: `Complaint ${c.trackingCode}: answer deadline extended` },
      `Nhà trường gia hạn trả lời đơn ${c.trackingCode} đến ngày ${vietnamDate(after.answerBy)}.\nLý do: ${reason}`);
  }

  /**
   * R3.3: the answer, in words and, where fitting, with a redacted clip: it goes out only rendered
   * from its current rectangles and with every consent of the children left visible recorded.
   * The link is made here, shown once, and sent to the filer's email when they gave one.
   */
  private async answer(c: ComplaintRecord, text: string, clipId: number | null, who: { roles: readonly Role[]; facts: ActorFact[] }, viewer: Viewer, actor: Actor, origin: string): Promise<ComplaintAnswered> {
    const to = this.step(c, 'answer', who);
    const nowMs = this.o.now();
    const clip = clipId === null ? null : await this.clips.record(c.id, clipId);
    if (clip && !this.clips.isCurrent(clip)) {
      throw invalid('complaint.clipNotRendered', {
        vi: 'Đoạn ghi hình chưa được xuất bản làm mờ theo các vùng hiện tại. Hãy bấm "Xuất đoạn đã làm mờ" và đợi xong.',
        en: 'The clip has not been rendered with its current areas. Render it and wait for it to finish.',
      });
    }
    const problem = answerProblem({ text, clip: clip ? { redacted: true } : null });
    if (problem) throw invalid('complaint.answer', problem);
    if (clip) {
      const missing = await this.missingConsents(c.id, nowMs);
      const noConsent = consentProblem(missing);
      if (noConsent) throw new AppError(409, 'complaint.consentMissing', noConsent, { missing });
    }
    const token = clip ? randomBytes(32).toString('base64url') : null;
    const validUntilMs = nowMs + RELEASE_VALID_MS;
    await this.complaints.transaction(async (trx) => {
      await this.stillIn(trx, c);
      await this.complaints.update(trx, c.id, {
        state: to, answeredAtMs: nowMs, answeredBy: viewer.username, answerText: text, ...(c.acknowledgedAtMs === null ? { acknowledgedAtMs: nowMs } : {}),
        ...(clip && token ? { releasedClipId: clip.id, releaseTokenSha256: tokenHash(token), releaseValidUntilMs: validUntilMs } : {}),
      });
      if (clip) await this.complaints.updateClip(trx, clip.id, { releasedAtMs: nowMs });
      await this.history.add(trx, {
        kind: 'complaint', id: c.id, atMs: nowMs, actor: viewer.username, event: 'answer', from: c.state, to,
        note: clip ? `${text}\n— Kèm đoạn ghi hình đã làm mờ #${clip.id} (SHA-256 ${clip.renderedSha256}), liên kết hiệu lực đến ${vietnamDate(validUntilMs)}` : text,
      });
      await this.audit.append(trx, factsOf(actor, nowMs, {
        action: 'complaint.answer', resourceType: 'complaint', resourceId: c.id, cameraId: clip?.cameraId ?? null,
        ...(clip ? { reason: { code: 'complaint', text: `Trả lời đơn ${c.trackingCode} kèm đoạn ghi hình đã làm mờ` } } : {}),
        detail: { trackingCode: c.trackingCode, clipId: clip?.id ?? null, sha256: clip?.renderedSha256 ?? null, boxes: clip?.boxes.length ?? 0, releaseValidUntil: clip ? validUntilMs : null },
      }));
      if (c.filerUserId !== null) {
        await this.notifications.add(trx, {
          userIds: [c.filerUserId], kind: 'complaint.answered', subjectKind: 'complaint', subjectId: c.id, atMs: nowMs,
          title: { vi: `Đơn ${c.trackingCode} đã được trả lời`, en: `Complaint ${c.trackingCode} was answered` },
        });
      }
    });
    const url = token ? `${origin}${RELEASE_PATH}${token}` : null;
    this.tell(c, { vi: `Trả lời đơn ${c.trackingCode}`, en: `Answer to complaint ${c.trackingCode}` },
      `${text}\n\n${url ? `Đoạn ghi hình (những người khác đã được làm mờ) tải tại: ${url}\nLiên kết có hiệu lực đến hết ngày ${vietnamDate(validUntilMs)}. Không chia sẻ liên kết này.` : ''}`);
    return { ...(await this.detail(c.id, viewer)), release: url ? { url, validUntilMs } : null };
  }

  // ───────────── people and consents (R3.3) ─────────────

  /** Someone left visible in the clip given out; a pupil needs the consents before it goes. */
  async addPerson(id: number, p: z.output<typeof ComplaintPersonInput>, viewer: Viewer, actor: Actor): Promise<ComplaintDetail> {
    const c = await this.visible(id, viewer);
    this.notAnswered(c);
    const nowMs = this.o.now();
    if (p.birthDate && p.birthDate > localDate(nowMs)) throw invalid('complaint.birthDate', { vi: 'Ngày sinh không thể ở tương lai.', en: 'A birth date cannot be in the future.' });
    await this.complaints.transaction(async (trx) => {
      const pid = await this.complaints.addPerson(trx, { complaintId: id, name: p.name, role: p.role, className: p.className, birthDate: p.birthDate ?? null, addedBy: viewer.username, addedAtMs: nowMs });
      await this.history.add(trx, { kind: 'complaint', id, atMs: nowMs, actor: viewer.username, event: 'add_person', from: c.state, to: c.state, note: `${p.name}${p.className ? ` (${p.className})` : ''}` });
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'complaint.person.add', resourceType: 'complaint', resourceId: id, detail: { personId: pid, role: p.role } }));
    });
    return this.detail(id, viewer);
  }

  async removePerson(id: number, personId: number, viewer: Viewer, actor: Actor): Promise<ComplaintDetail> {
    const c = await this.visible(id, viewer);
    this.notAnswered(c);
    const nowMs = this.o.now();
    await this.complaints.transaction(async (trx) => {
      if (!(await this.complaints.removePerson(trx, id, personId, nowMs))) throw notFound({ vi: 'người liên quan', en: 'person' });
      await this.history.add(trx, { kind: 'complaint', id, atMs: nowMs, actor: viewer.username, event: 'remove_person', from: c.state, to: c.state, note: `#${personId}` });
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'complaint.person.remove', resourceType: 'complaint', resourceId: id, detail: { personId } }));
    });
    return this.detail(id, viewer);
  }

  /** R3.3: the parent's (and from 7 the child's) consent to show the child's image, as signed. */
  async addConsent(id: number, input: z.output<typeof ConsentInput>, viewer: Viewer, actor: Actor): Promise<ComplaintDetail> {
    const c = await this.visible(id, viewer);
    const person = (await this.complaints.people(id)).find((p) => p.id === input.personId);
    if (!person) throw notFound({ vi: 'người liên quan', en: 'person' });
    if (person.role !== 'pupil') {
      throw invalid('complaint.consentAdult', { vi: 'Chỉ cần ghi nhận sự đồng ý cho học sinh (trẻ em).', en: 'Consents are recorded for pupils (children) only.' });
    }
    const nowMs = this.o.now();
    await this.complaints.transaction(async (trx) => {
      const kid = await this.complaints.addConsent(trx, { complaintId: id, personId: person.id, givenBy: input.givenBy, giverName: input.giverName, note: input.note, recordedBy: viewer.username, givenAtMs: nowMs });
      await this.history.add(trx, {
        kind: 'complaint', id, atMs: nowMs, actor: viewer.username, event: 'record_consent', from: c.state, to: c.state,
        note: `${input.givenBy === 'parent' ? 'Cha mẹ' : 'Trẻ'} ${input.giverName} đồng ý cho ${person.name}${input.note ? ` — ${input.note}` : ''}`,
      });
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'complaint.consent.record', resourceType: 'complaint', resourceId: id, detail: { consentId: kid, personId: person.id, givenBy: input.givenBy } }));
    });
    return this.detail(id, viewer);
  }

  async withdrawConsent(id: number, consentId: number, reason: string, viewer: Viewer, actor: Actor): Promise<ComplaintDetail> {
    const c = await this.visible(id, viewer);
    const nowMs = this.o.now();
    await this.complaints.transaction(async (trx) => {
      if (!(await this.complaints.withdrawConsent(trx, id, consentId, nowMs, reason))) throw notFound({ vi: 'sự đồng ý còn hiệu lực', en: 'consent in force' });
      await this.history.add(trx, { kind: 'complaint', id, atMs: nowMs, actor: viewer.username, event: 'withdraw_consent', from: c.state, to: c.state, note: `#${consentId}: ${reason}` });
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'complaint.consent.withdraw', resourceType: 'complaint', resourceId: id, detail: { consentId, reason } }));
    });
    return this.detail(id, viewer);
  }

  // ───────────── the clip given out ─────────────

  /** The filer's download by the link: within its validity, each use audited. */
  async releasedByToken(token: string, actor: Actor, firstRequest: boolean): Promise<{ path: string; name: string }> {
    const c = await this.complaints.byReleaseToken(tokenHash(token));
    const nowMs = this.o.now();
    if (!c || c.releasedClipId === null) throw notFound({ vi: 'đoạn ghi hình theo liên kết này', en: 'clip for this link' });
    if (c.releaseValidUntilMs !== null && nowMs > c.releaseValidUntilMs) {
      throw new AppError(410, 'complaint.linkExpired', {
        vi: `Liên kết đã hết hạn ngày ${vietnamDate(c.releaseValidUntilMs)}. Hãy liên hệ nhà trường (mã đơn ${c.trackingCode}) để được cấp lại.`,
        en: `The link expired on ${vietnamDate(c.releaseValidUntilMs)}. Contact the school (complaint ${c.trackingCode}) for a new one.`,
      });
    }
    return this.releasedFile(c, actor, firstRequest, 'link');
  }

  /** The filer (signed in) downloads the clip given with the answer. */
  async releasedToFiler(id: number, clipId: number, viewer: Viewer, actor: Actor, firstRequest: boolean): Promise<{ path: string; name: string }> {
    const c = await this.visible(id, viewer);
    if (c.releasedClipId !== clipId) throw notFound({ vi: 'đoạn ghi hình đã gửi kèm trả lời', en: 'clip released with the answer' });
    return this.releasedFile(c, actor, firstRequest, 'account');
  }

  private async releasedFile(c: ComplaintRecord, actor: Actor, firstRequest: boolean, via: 'link' | 'account'): Promise<{ path: string; name: string }> {
    const clipId = c.releasedClipId as number;
    const k = await this.clips.record(c.id, clipId);
    // R3.3: a consent withdrawn after the answer stops the clip from going out any further.
    if ((await this.missingConsents(c.id, this.o.now())).length > 0) {
      throw new AppError(410, 'complaint.consentWithdrawn', {
        vi: `Đoạn ghi hình không còn được cung cấp vì sự đồng ý cho hình ảnh của trẻ đã bị rút lại. Hãy liên hệ nhà trường (mã đơn ${c.trackingCode}).`,
        en: `The clip is no longer available: a consent to show a child's image was withdrawn. Contact the school (complaint ${c.trackingCode}).`,
      });
    }
    if (firstRequest) {
      await this.complaints.transaction((trx) => this.audit.append(trx, factsOf(actor, this.o.now(), {
        action: 'complaint.clip.download', resourceType: 'complaint', resourceId: c.id, cameraId: k.cameraId,
        reason: { code: 'complaint', text: `Người gửi đơn ${c.trackingCode} tải đoạn ghi hình đã làm mờ` }, detail: { clipId, via, sha256: k.renderedSha256 },
      })));
    }
    return { path: (await this.clips.redactedFile(c, clipId, actor, false)).path, name: `${c.trackingCode}-camera-${k.cameraId}.mp4` };
  }

  /** Leadership's own access (clips being prepared) goes through the clip service. */
  async forClips(id: number, viewer: Viewer): Promise<ComplaintRecord> {
    return this.visible(id, viewer);
  }

  // ───────────── helpers ─────────────

  /** R3.3: the consents still needed before the clip may go out: those of the pupils left visible. */
  private async missingConsents(id: number, atMs: number) {
    return consentMissing((await this.complaints.people(id)).map(shown), await this.complaints.consents(id), atMs);
  }

  private async get(id: number): Promise<ComplaintRecord> {
    const c = await this.complaints.get(id);
    if (!c) throw notFound(WHAT_COMPLAINT);
    return c;
  }

  /** Leadership sees every complaint; anyone else only their own (others are "not found"). */
  private async visible(id: number, viewer: Viewer): Promise<ComplaintRecord> {
    const c = await this.get(id);
    if (!isLeadership(viewer.roles) && c.filerUserId !== viewer.userId) throw notFound(WHAT_COMPLAINT);
    return c;
  }

  private async byCode(typed: string): Promise<ComplaintRecord> {
    const code = normaliseComplaintCode(typed);
    const c = code ? await this.complaints.byCode(code) : undefined;
    if (!c) throw notFound({ vi: `đơn có mã "${typed.slice(0, 20)}". Hãy kiểm tra lại mã tra cứu`, en: `complaint with the code "${typed.slice(0, 20)}". Check the tracking code` });
    return c;
  }

  private step(c: ComplaintRecord, event: ComplaintEvent, who: { roles: readonly Role[]; facts: ActorFact[] }): ComplaintState {
    const outcome = transition(COMPLAINT_MACHINE, c.state, event, who);
    if (!outcome.ok) throw new AppError(outcome.problem.code === 'workflow.notAllowed' ? 403 : 409, outcome.problem.code, outcome.problem);
    return outcome.to;
  }

  private async stillIn(trx: Trx, c: ComplaintRecord): Promise<void> {
    const now = await this.complaints.get(c.id, trx);
    if (now?.state !== c.state) {
      throw new AppError(409, 'workflow.wrongState', { vi: 'Đơn vừa được người khác xử lý. Hãy tải lại trang.', en: 'Someone has just acted on this complaint. Reload the page.' });
    }
  }

  private notAnswered(c: ComplaintRecord): void {
    if (c.state === 'answered' || c.state === 'closed' || c.state === 'withdrawn') {
      throw new AppError(409, 'workflow.wrongState', { vi: 'Đơn đã được trả lời hoặc đã kết thúc.', en: 'The complaint is answered or over.' });
    }
  }

  private async freshCode(): Promise<string> {
    for (let i = 0; i < 5; i += 1) {
      const code = complaintCode(randomBytes(8));
      if (!(await this.complaints.byCode(code))) return code;
    }
    throw new Error('no free tracking code after 5 tries');
  }

  private async leaders() {
    return (await this.users.list()).filter((u) => u.disabledAt === null && u.roles.some((r) => LEADERSHIP.includes(r)));
  }

  private tell(c: Pick<ComplaintRecord, 'contactEmail'>, subject: { vi: string; en: string }, body: string): void {
    if (c.contactEmail) this.mailer.send([c.contactEmail], subject, body);
  }

  private toStatus(c: ComplaintRecord): Promise<ComplaintStatus> | ComplaintStatus {
    return this.calendar.get().then((cal) => {
      const d = complaintDeadlines(c.filedAtMs, c.extendedAtMs, cal);
      return {
        trackingCode: c.trackingCode, kind: c.kind, state: c.state, filedAtMs: c.filedAtMs, acknowledgeByMs: d.acknowledgeBy, answerByMs: d.answerBy,
        extensionReason: c.extensionReason, answeredAtMs: c.answeredAtMs, answerText: c.answerText, clipReleased: c.releasedClipId !== null,
      };
    });
  }

  private async usernames(): Promise<Map<number, string>> {
    return new Map((await this.users.list()).map((u) => [u.id, u.username]));
  }

  private toComplaint(c: ComplaintRecord, cal: WorkingCalendar, nowMs: number, usernames: Map<number, string>): Complaint {
    const d = complaintDeadlines(c.filedAtMs, c.extendedAtMs, cal);
    return {
      id: c.id, trackingCode: c.trackingCode, kind: c.kind, relation: c.relation, filerName: c.filerName, filerUsername: c.filerUserId === null ? null : (usernames.get(c.filerUserId) ?? null), pupilName: c.pupilName,
      pupilClass: c.pupilClass, contactEmail: c.contactEmail, contactPhone: c.contactPhone, cameraIds: c.cameraIds, place: c.place, fromMs: c.fromMs,
      toMs: c.toMs, description: c.description, state: c.state, filedAtMs: c.filedAtMs, acknowledgedAtMs: c.acknowledgedAtMs, extendedAtMs: c.extendedAtMs,
      extensionReason: c.extensionReason, answeredAtMs: c.answeredAtMs, answerText: c.answerText, acknowledgeByMs: d.acknowledgeBy, answerByMs: d.answerBy,
      deadlines: pendingDeadlines(c, cal).map((p) => ({ which: p.which, dueMs: p.dueMs, status: deadlineStatus(p.dueMs, nowMs) })),
    };
  }
}
