import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VN_OFFSET_MS, type WorkingCalendar } from '../../src/domain/deadlines.js';
import { type Subject, can } from '../../src/domain/policy.js';
import { DAY_MS } from '../../src/domain/retention.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import {
  COMPLAINT_MACHINE, type ImageConsent, type PersonShown, ageOn, answerProblem, complaintHoldsFootage, consentMissing, consentProblem,
  extensionProblem, filingProblem, pendingDeadlines,
} from '../../src/domain/workflows/complaint.js';
import {
  BIEN_BAN_MACHINE, CASE_MACHINE, DEFAULT_EVIDENCE_SETTINGS, caseHoldUntil, clipProblem, documentYear, finaliseProblem, formatDocumentNumber,
  nextDocumentNumber, reopenProblem,
} from '../../src/domain/workflows/evidence-case.js';
import { INCIDENT_MACHINE, incidentActor, incidentHoldRange, incidentReportProblem } from '../../src/domain/workflows/incident.js';
import { ACTOR_FACTS, type Actor, type Machine, eventsAllowed, mayAct, transition } from '../../src/domain/workflows/machine.js';
import {
  REQUEST_MACHINE, type RequestApproval, type RequestAsked, approvalProblem, effectiveState, grantFromApproval, normaliseTrackingCode,
  refusalProblem, submissionProblem, trackingCode,
} from '../../src/domain/workflows/outsider-request.js';

const NOW = Date.UTC(2026, 2, 10, 3); // Tuesday 10/3/2026, 10:00 in Hà Nội
const MIN = 60_000;
const as = (...roles: Role[]): Actor => ({ roles, facts: [] });
const principal = as('principal');
const vice = as('vice_principal');
const guard = as('guard');
const outsider: Actor = { roles: [] };

/** A machine with its states and events named, for the properties that hold for every workflow. */
const MACHINES: Array<{ name: string; machine: Machine<string, string> }> = [
  { name: 'incident', machine: INCIDENT_MACHINE },
  { name: 'case', machine: CASE_MACHINE },
  { name: 'biên bản', machine: BIEN_BAN_MACHINE },
  { name: 'request', machine: REQUEST_MACHINE },
  { name: 'complaint', machine: COMPLAINT_MACHINE },
];
const arbActor = fc.record({ roles: fc.subarray([...ROLES]), facts: fc.subarray([...ACTOR_FACTS]) });

describe('the workflow state machines', () => {
  for (const { name, machine } of MACHINES) {
    const states = [null, ...Object.keys(machine.states)];
    const events = Object.keys(machine.events);

    it(`${name}: never lets anyone take a step the table does not give to one of their roles or facts`, () => {
      fc.assert(
        fc.property(arbActor, fc.constantFrom(...states), fc.constantFrom(...events), (actor, state, event) => {
          const out = transition(machine, state, event, actor);
          const rows = machine.transitions.filter((t) => t.from === state && t.event === event);
          const entitled = rows.some(
            (t) => t.who.anyone === true || (t.who.roles ?? []).some((r) => actor.roles.includes(r)) || (t.who.facts ?? []).some((f) => actor.facts.includes(f)),
          );
          expect(out.ok).toBe(entitled);
          expect(eventsAllowed(machine, state, actor).includes(event)).toBe(out.ok);
          if (out.ok) expect(rows.map((t) => t.to)).toContain(out.to);
          else expect(out.problem.vi).not.toBe(out.problem.en);
        }),
      );
    });

    it(`${name}: every step names its rule and leads to a known state`, () => {
      for (const t of machine.transitions) {
        expect(t.rule).toMatch(/^R\d+(\.\d+)?$/);
        expect(Object.keys(machine.states)).toContain(t.to);
      }
    });
  }

  it('says who may act, citing the rule, in Vietnamese with diacritics and in English', () => {
    const out = transition(INCIDENT_MACHINE, 'reported', 'acknowledge', guard);
    expect(out).toEqual({ ok: false, problem: expect.objectContaining({ code: 'workflow.notAllowed' }) });
    if (out.ok) return;
    expect(out.problem.vi).toContain('Chỉ Hiệu trưởng hoặc Phó hiệu trưởng mới được “Tiếp nhận” (R7.1)');
    expect(out.problem.en).toContain('Only Principal or Vice-principal may “Acknowledge”');
  });

  it('says what can be done instead when the state is wrong, or that the record is finished', () => {
    const early = transition(COMPLAINT_MACHINE, 'filed', 'close', principal);
    expect(early.ok || early.problem.vi).toContain('Lúc này bạn có thể: “Tiếp nhận”, “Trả lời”');
    const done = transition(INCIDENT_MACHINE, 'closed', 'comment', principal);
    expect(done.ok || done.problem.en).toContain('finished');
  });
});

describe('incident reports (R7.1, R4.1)', () => {
  it('a guard or any staff member reports; requesters, vendors and administrators do not', () => {
    for (const r of ['guard', 'staff', 'unit_head', 'principal', 'equipment_officer'] as const) expect(transition(INCIDENT_MACHINE, null, 'report', as(r))).toEqual({ ok: true, to: 'reported' });
    for (const r of ['requester', 'vendor', 'admin'] as const) expect(transition(INCIDENT_MACHINE, null, 'report', as(r)).ok).toBe(false);
  });

  it('leadership acknowledges, assigns, and closes it or turns it into a case', () => {
    expect(transition(INCIDENT_MACHINE, 'reported', 'acknowledge', vice)).toEqual({ ok: true, to: 'acknowledged' });
    expect(transition(INCIDENT_MACHINE, 'acknowledged', 'assign', vice)).toEqual({ ok: true, to: 'in_progress' });
    expect(transition(INCIDENT_MACHINE, 'in_progress', 'turn_into_case', principal)).toEqual({ ok: true, to: 'turned_into_case' });
    expect(transition(INCIDENT_MACHINE, 'in_progress', 'close', principal)).toEqual({ ok: true, to: 'closed' });
    expect(eventsAllowed(INCIDENT_MACHINE, 'turned_into_case', principal)).toEqual([]);
  });

  it('the assignee comments and proposes closing, but does not close; the reporter may add details', () => {
    const incident = { reportedBy: 5, assigneeId: 9 };
    const assignee = incidentActor({ userId: 9, roles: ['staff'] }, incident);
    const reporter = incidentActor({ userId: 5, roles: ['guard'] }, incident);
    expect(eventsAllowed(INCIDENT_MACHINE, 'in_progress', assignee)).toEqual(['comment', 'propose_close']);
    expect(transition(INCIDENT_MACHINE, 'in_progress', 'close', assignee).ok).toBe(false);
    expect(eventsAllowed(INCIDENT_MACHINE, 'in_progress', reporter)).toEqual(['comment']);
    expect(eventsAllowed(INCIDENT_MACHINE, 'in_progress', as('guard'))).toEqual([]);
  });

  it('holds its cameras around its time, 5 minutes either side by default', () => {
    const at = NOW - 60 * MIN;
    expect(incidentHoldRange({ cameraIds: [3, 1, 3], occurredAtMs: at, endedAtMs: null })).toEqual({ cameraIds: [3, 1], startMs: at - 5 * MIN, endMs: at + 5 * MIN });
    expect(incidentHoldRange({ cameraIds: [1], occurredAtMs: at, endedAtMs: at + 20 * MIN }, 10 * MIN)).toEqual({ cameraIds: [1], startMs: at - 10 * MIN, endMs: at + 30 * MIN });
  });

  it('a report says where, when and what happened', () => {
    const report = { occurredAtMs: NOW - MIN, endedAtMs: null, place: 'Cổng chính', cameraIds: [], category: 'intrusion' as const, urgency: 'high' as const, description: 'Người lạ trèo qua hàng rào' };
    expect(incidentReportProblem(report, NOW)).toBeNull();
    expect(incidentReportProblem({ ...report, place: '' }, NOW)).not.toBeNull();
    expect(incidentReportProblem({ ...report, occurredAtMs: NOW + 60 * MIN }, NOW)).not.toBeNull();
    expect(incidentReportProblem({ ...report, endedAtMs: NOW - 2 * MIN }, NOW)).not.toBeNull();
    expect(incidentReportProblem({ ...report, description: 'có người' }, NOW)?.vi).toContain('mô tả');
  });
});

describe('evidence cases and the biên bản (R4.3)', () => {
  it('leadership opens, builds and closes a case; only the principal reopens it', () => {
    expect(transition(CASE_MACHINE, null, 'open', vice)).toEqual({ ok: true, to: 'open' });
    expect(transition(CASE_MACHINE, 'open', 'attach_clip', vice)).toEqual({ ok: true, to: 'open' });
    expect(transition(CASE_MACHINE, 'open', 'close', vice)).toEqual({ ok: true, to: 'closed' });
    expect(transition(CASE_MACHINE, 'closed', 'attach_clip', principal).ok).toBe(false);
    expect(transition(CASE_MACHINE, 'closed', 'reopen', vice).ok).toBe(false);
    expect(transition(CASE_MACHINE, 'closed', 'reopen', principal)).toEqual({ ok: true, to: 'open' });
    expect(transition(CASE_MACHINE, null, 'open', guard).ok).toBe(false);
    expect(reopenProblem('sai')).not.toBeNull();
    expect(reopenProblem('Phụ huynh cung cấp chứng cứ mới')).toBeNull();
  });

  it('a clip is one camera, start before end, at most 2 hours, of footage that exists', () => {
    const start = NOW - 3 * 3_600_000;
    expect(clipProblem({ cameraId: 1, startMs: start, endMs: start + 120 * MIN }, NOW)).toBeNull();
    expect(clipProblem({ cameraId: 1, startMs: start, endMs: start + 121 * MIN }, NOW)?.vi).toContain('120 phút');
    expect(clipProblem({ cameraId: 1, startMs: start, endMs: start }, NOW)).not.toBeNull();
    expect(clipProblem({ cameraId: 1, startMs: NOW - MIN, endMs: NOW + MIN }, NOW)).not.toBeNull();
  });

  it('holds clips while the case is open, then for the retention period after it closes', () => {
    expect(caseHoldUntil(null)).toBeNull();
    expect(caseHoldUntil(NOW)).toBe(NOW + 730 * DAY_MS);
    expect(caseHoldUntil(NOW, { ...DEFAULT_EVIDENCE_SETTINGS, evidenceRetentionDays: 10 })).toBe(NOW + 10 * DAY_MS);
  });

  it('a draft is edited; a finalised biên bản never changes', () => {
    expect(transition(BIEN_BAN_MACHINE, 'draft', 'edit', principal)).toEqual({ ok: true, to: 'draft' });
    expect(transition(BIEN_BAN_MACHINE, 'draft', 'finalise', vice)).toEqual({ ok: true, to: 'finalised' });
    expect(eventsAllowed(BIEN_BAN_MACHINE, 'finalised', principal)).toEqual([]);
    expect(transition(BIEN_BAN_MACHINE, 'finalised', 'edit', principal).ok).toBe(false);
  });

  it('is finalised only with a chair, a secretary and content, naming what is missing', () => {
    expect(finaliseProblem({ chair: 'Nguyễn Thị Hoa', secretary: 'Trần Văn Nam', content: 'Xem xét sự việc…' })).toBeNull();
    const problem = finaliseProblem({ chair: ' ', secretary: 'Trần Văn Nam', content: '' });
    expect(problem?.vi).toBe('Chưa thể hoàn tất biên bản: còn thiếu chủ tọa, nội dung.');
  });

  it('numbers documents per year in the Decree 30/2020 form: 05/BB-THĐKh', () => {
    expect(formatDocumentNumber(5, 'BB', 'THĐKh')).toBe('05/BB-THĐKh');
    expect(formatDocumentNumber(123, 'QĐ', 'THĐKh')).toBe('123/QĐ-THĐKh');
    const given = [{ year: 2025, number: 41 }, { year: 2026, number: 1 }, { year: 2026, number: 4 }];
    expect(nextDocumentNumber(given, 2026)).toBe(5);
    expect(nextDocumentNumber(given, 2027)).toBe(1);
    // 31/12/2025 18:00 UTC is already 1/1/2026 in Hà Nội: the new year's numbering.
    expect(documentYear(Date.UTC(2025, 11, 31, 18))).toBe(2026);
  });
});

describe('outsider requests (R4.2)', () => {
  const asked: RequestAsked = { cameraIds: [1, 2], places: '', fromMs: NOW - DAY_MS, toMs: NOW - DAY_MS + 60 * MIN, needs: ['view_on_site'], purposeDetail: 'Xác minh vụ va chạm giao thông trước cổng trường' };
  const approval: RequestApproval = { cameraIds: [1], fromMs: asked.fromMs, toMs: asked.toMs, needs: ['view_on_site'], validityDays: 7 };

  it('anyone submits through the public form, without an account', () => {
    expect(transition(REQUEST_MACHINE, null, 'submit', outsider)).toEqual({ ok: true, to: 'submitted' });
    expect(submissionProblem(asked, NOW)).toBeNull();
    expect(submissionProblem({ ...asked, cameraIds: [], places: '' }, NOW)).not.toBeNull();
    expect(submissionProblem({ ...asked, needs: [] }, NOW)).not.toBeNull();
    expect(submissionProblem({ ...asked, toMs: asked.fromMs + 32 * DAY_MS, fromMs: NOW - 40 * DAY_MS }, NOW)?.en).toContain('31 days');
  });

  it('only the principal approves, refuses or revokes — not a vice-principal (R4.2)', () => {
    expect(transition(REQUEST_MACHINE, 'submitted', 'approve', principal)).toEqual({ ok: true, to: 'approved' });
    expect(transition(REQUEST_MACHINE, 'submitted', 'refuse', principal)).toEqual({ ok: true, to: 'refused' });
    expect(transition(REQUEST_MACHINE, 'approved', 'revoke', principal)).toEqual({ ok: true, to: 'revoked' });
    const byVice = transition(REQUEST_MACHINE, 'submitted', 'approve', { roles: ['vice_principal', 'admin', 'equipment_officer'] });
    expect(byVice.ok || byVice.problem.vi).toContain('Chỉ Hiệu trưởng mới được “Duyệt” (R4.2)');
    fc.assert(
      fc.property(arbActor, fc.constantFrom('approve' as const, 'refuse' as const), (actor, event) => {
        expect(transition(REQUEST_MACHINE, 'submitted', event, actor).ok).toBe(actor.roles.includes('principal'));
      }),
    );
  });

  it('the requester may withdraw while it waits, not once decided', () => {
    const filer: Actor = { roles: [], facts: ['filer'] };
    expect(transition(REQUEST_MACHINE, 'submitted', 'withdraw', filer)).toEqual({ ok: true, to: 'withdrawn' });
    expect(transition(REQUEST_MACHINE, 'refused', 'withdraw', filer).ok).toBe(false);
  });

  it('an approved request expires with its grant, and an expired one cannot be revoked', () => {
    const approved = { state: 'approved' as const, validUntilMs: NOW + DAY_MS };
    expect(effectiveState(approved, NOW)).toBe('approved');
    expect(effectiveState(approved, NOW + DAY_MS)).toBe('expired');
    expect(effectiveState({ state: 'revoked', validUntilMs: NOW + DAY_MS }, NOW + 2 * DAY_MS)).toBe('revoked');
    expect(transition(REQUEST_MACHINE, effectiveState(approved, NOW + DAY_MS), 'revoke', principal).ok).toBe(false);
  });

  it('grants no more than was asked: cameras, needs; validity 1–90 days; a range of at most 31 days', () => {
    expect(approvalProblem(asked, approval, NOW)).toBeNull();
    expect(approvalProblem(asked, { ...approval, cameraIds: [] }, NOW)).not.toBeNull();
    expect(approvalProblem(asked, { ...approval, cameraIds: [3] }, NOW)).not.toBeNull();
    expect(approvalProblem({ ...asked, cameraIds: [], places: 'Sân trường' }, { ...approval, cameraIds: [3] }, NOW)).toBeNull();
    expect(approvalProblem(asked, { ...approval, needs: ['clip_copy'] }, NOW)).not.toBeNull();
    for (const validityDays of [0, 91, 1.5]) expect(approvalProblem(asked, { ...approval, validityDays }, NOW)).not.toBeNull();
    expect(approvalProblem(asked, { ...approval, validityDays: 90 }, NOW)).toBeNull();
    expect(approvalProblem(asked, { ...approval, toMs: approval.fromMs }, NOW)).not.toBeNull();
    expect(approvalProblem(asked, { ...approval, fromMs: NOW - 40 * DAY_MS }, NOW)).not.toBeNull();
  });

  it('the grant reaches camera 1 in the range for 7 days, and nothing else', () => {
    const grant = { id: 1, ...grantFromApproval(approval, NOW) };
    expect(grant.validUntilMs).toBe(NOW + 7 * DAY_MS);
    expect(grant.actions).toEqual(['footage.playback']);
    const requester: Subject = { userId: 77, roles: ['requester'], unitId: null, grants: [grant], workOrderCameraIds: [] };
    const camera = (id: number) => ({ id, unitId: 1, guardsWatch: true });
    const footage = (id: number, startMs = approval.fromMs, endMs = approval.toMs) => ({ kind: 'footage' as const, camera: camera(id), range: { startMs, endMs } });
    expect(can(requester, 'footage.playback', footage(1), NOW).allowed).toBe(true);
    expect(can(requester, 'footage.playback', footage(2), NOW).allowed).toBe(false);
    expect(can(requester, 'footage.playback', footage(1, approval.fromMs - MIN), NOW).allowed).toBe(false);
    expect(can(requester, 'footage.clip', footage(1), NOW).allowed).toBe(false);
    expect(can(requester, 'footage.playback', footage(1), NOW + 7 * DAY_MS).allowed).toBe(false);
  });

  it('a refusal gives a reason of at least 10 characters', () => {
    expect(refusalProblem('không')).not.toBeNull();
    expect(refusalProblem('Mục đích không phù hợp quy chế')).toBeNull();
  });

  it('tracking codes are easy to read out and type: no 0, O, 1 or I; typed forms normalise', () => {
    const code = trackingCode(new Uint8Array([0, 1, 2, 3, 31, 32, 255, 100]));
    expect(code).toBe('YC-2345-Z2Z6');
    expect(normaliseTrackingCode(' yc 2345 z2z6 ')).toBe(code);
    expect(normaliseTrackingCode('2345z2z6')).toBe(code);
    expect(normaliseTrackingCode('YC-2345-Z2Z0')).toBeNull();
    expect(normaliseTrackingCode('YC-2345')).toBeNull();
    expect(() => trackingCode(new Uint8Array(4))).toThrow(RangeError);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        const c = trackingCode(bytes);
        expect(c).toMatch(/^YC-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
        expect(normaliseTrackingCode(c.toLowerCase().replaceAll('-', ' '))).toBe(c);
      }),
    );
  });
});

describe('complaints and data-subject requests (R3.3)', () => {
  const hanoi = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min) - VN_OFFSET_MS;
  const CAL: WorkingCalendar = { holidays: [], makeUpWorkingDays: [] };

  it('anyone files; leadership acknowledges, extends once, answers and closes; the filer may withdraw', () => {
    expect(transition(COMPLAINT_MACHINE, null, 'file', outsider)).toEqual({ ok: true, to: 'filed' });
    expect(transition(COMPLAINT_MACHINE, 'filed', 'acknowledge', vice)).toEqual({ ok: true, to: 'acknowledged' });
    expect(transition(COMPLAINT_MACHINE, 'acknowledged', 'extend', vice)).toEqual({ ok: true, to: 'extended' });
    expect(transition(COMPLAINT_MACHINE, 'extended', 'extend', principal).ok).toBe(false);
    expect(transition(COMPLAINT_MACHINE, 'extended', 'answer', principal)).toEqual({ ok: true, to: 'answered' });
    expect(transition(COMPLAINT_MACHINE, 'answered', 'close', principal)).toEqual({ ok: true, to: 'closed' });
    expect(transition(COMPLAINT_MACHINE, 'acknowledged', 'withdraw', { roles: [], facts: ['filer'] })).toEqual({ ok: true, to: 'withdrawn' });
    expect(transition(COMPLAINT_MACHINE, 'acknowledged', 'withdraw', principal).ok).toBe(false);
    expect(complaintHoldsFootage('extended')).toBe(true);
    expect(complaintHoldsFootage('withdrawn')).toBe(false);
  });

  it('a filing names a time and a place and says what it is about', () => {
    const f = { description: 'Tôi muốn xem hình ảnh của con tôi', place: 'Sân trường', cameraIds: [], fromMs: NOW - DAY_MS, toMs: NOW - DAY_MS + 30 * MIN };
    expect(filingProblem(f, NOW)).toBeNull();
    expect(filingProblem({ ...f, place: '' }, NOW)).not.toBeNull();
    expect(filingProblem({ ...f, fromMs: NOW + MIN, toMs: NOW + 2 * MIN }, NOW)).not.toBeNull();
  });

  it('an extension needs a reason and must come before the answer is late', () => {
    expect(extensionProblem('Cần xác minh thêm với giáo viên', NOW, NOW + DAY_MS)).toBeNull();
    expect(extensionProblem('bận', NOW, NOW + DAY_MS)).not.toBeNull();
    expect(extensionProblem('Cần xác minh thêm với giáo viên', NOW + 1, NOW)?.en).toContain('late');
  });

  it('an answer says something; a clip with it has other people blurred', () => {
    expect(answerProblem({ text: 'Nhà trường đã xem xét và trả lời như sau', clip: { redacted: true } })).toBeNull();
    expect(answerProblem({ text: 'Nhà trường đã xem xét và trả lời như sau', clip: { redacted: false } })).not.toBeNull();
    expect(answerProblem({ text: 'ok', clip: null })).not.toBeNull();
  });

  it('shows the deadlines still running: both while filed, the answer once acknowledged, none once answered', () => {
    const filedAtMs = hanoi(2026, 3, 6, 16); // Friday
    expect(pendingDeadlines({ state: 'filed', filedAtMs, extendedAtMs: null }, CAL)).toEqual([
      { which: 'acknowledge', dueMs: hanoi(2026, 3, 11) - 1 },
      { which: 'answer', dueMs: hanoi(2026, 3, 28) - 1 },
    ]);
    expect(pendingDeadlines({ state: 'extended', filedAtMs, extendedAtMs: hanoi(2026, 3, 20) }, CAL)).toEqual([{ which: 'answer', dueMs: hanoi(2026, 4, 18) - 1 }]);
    expect(pendingDeadlines({ state: 'answered', filedAtMs, extendedAtMs: null }, CAL)).toEqual([]);
  });

  describe("a child's image goes outside only with consent (R3.3, R3.1)", () => {
    const release = hanoi(2026, 3, 10, 0, 30); // 00:30 on 10/3 in Hà Nội, still 9/3 in UTC
    const child = (personId: number, birthDate: string | null): PersonShown => ({ personId, isChild: true, birthDate });
    const consent = (personId: number, givenBy: 'parent' | 'child', extra: Partial<ImageConsent> = {}): ImageConsent => ({ personId, givenBy, givenAtMs: release - DAY_MS, withdrawnAtMs: null, ...extra });

    it("under 7: the parent's consent only", () => {
      expect(consentMissing([child(1, '2019-03-11')], [], release)).toEqual([{ personId: 1, missing: 'parent' }]);
      expect(consentMissing([child(1, '2019-03-11')], [consent(1, 'parent')], release)).toEqual([]);
    });

    it("7 on the day of release (Hà Nội date): the child's own consent too", () => {
      expect(consentMissing([child(1, '2019-03-10')], [consent(1, 'parent')], release)).toEqual([{ personId: 1, missing: 'child' }]);
      expect(consentMissing([child(1, '2019-03-10')], [consent(1, 'parent'), consent(1, 'child')], release)).toEqual([]);
    });

    it('an unknown birth date counts as 7 or older; adults need nothing here', () => {
      expect(consentMissing([child(1, null), { personId: 2, isChild: false, birthDate: null }], [consent(1, 'parent')], release)).toEqual([{ personId: 1, missing: 'child' }]);
    });

    it('a consent given after the release, or withdrawn before it, does not count', () => {
      expect(consentMissing([child(1, '2020-01-01')], [consent(1, 'parent', { givenAtMs: release + 1 })], release)).toHaveLength(1);
      expect(consentMissing([child(1, '2020-01-01')], [consent(1, 'parent', { withdrawnAtMs: release })], release)).toHaveLength(1);
      expect(consentMissing([child(1, '2020-01-01')], [consent(2, 'parent')], release)).toHaveLength(1);
    });

    it('says what is missing and what to do', () => {
      expect(consentProblem([])).toBeNull();
      expect(consentProblem([{ personId: 1, missing: 'parent' }, { personId: 1, missing: 'child' }])?.vi).toContain('1 sự đồng ý của cha mẹ và 1 sự đồng ý của trẻ từ đủ 7 tuổi');
    });

    it('counts age in whole years, a 29 February birthday included', () => {
      expect(ageOn('2020-02-29', '2027-02-28')).toBe(6);
      expect(ageOn('2020-02-29', '2027-03-01')).toBe(7);
    });
  });
});

it('mayAct: a record fact counts like a role', () => {
  expect(mayAct({ facts: ['assignee'] }, { roles: ['staff'], facts: ['assignee'] })).toBe(true);
  expect(mayAct({ roles: ['principal'] }, { roles: ['staff'] })).toBe(false);
});
