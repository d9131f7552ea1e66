/**
 * Complaints and data-subject requests (R3.3, PDP Law 91/2025/QH15): a person recorded complains,
 * or asks to know, to see their own footage, to object or to correct. Leadership acknowledges in
 * 2 working days and answers within 15 (once extended by 15 with a reason), where fitting with a
 * redacted clip; a child's image goes out only with the consents recorded.
 */
import { type ComplaintDeadlineSettings, DEFAULT_COMPLAINT_DEADLINES, type WorkingCalendar, complaintDeadlines, localDate } from '../deadlines.js';
import { type Bilingual, LEADERSHIP, type Machine, START_BEFORE_END, reasonTooShort } from './machine.js';
import { normaliseTrackingCode, trackingCode } from './outsider-request.js';

export const COMPLAINT_KINDS = ['complaint', 'know', 'see_own_footage', 'object', 'correct'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];
export const COMPLAINT_KIND_LABELS: Record<ComplaintKind, Bilingual> = {
  complaint: { vi: 'Khiếu nại', en: 'Complaint' },
  know: { vi: 'Yêu cầu được biết', en: 'Request to know' },
  see_own_footage: { vi: 'Yêu cầu xem hình ảnh của mình', en: 'Request to see own footage' },
  object: { vi: 'Phản đối xử lý dữ liệu', en: 'Objection to processing' },
  correct: { vi: 'Yêu cầu chỉnh sửa', en: 'Request to correct' },
};

export const COMPLAINT_STATES = ['filed', 'acknowledged', 'extended', 'answered', 'closed', 'withdrawn'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];
export const COMPLAINT_EVENTS = ['file', 'acknowledge', 'extend', 'answer', 'close', 'withdraw'] as const;
export type ComplaintEvent = (typeof COMPLAINT_EVENTS)[number];

const PENDING: readonly ComplaintState[] = ['filed', 'acknowledged', 'extended'];

export const COMPLAINT_MACHINE: Machine<ComplaintState, ComplaintEvent> = {
  subject: { vi: 'đơn', en: 'complaint' },
  states: {
    filed: { vi: 'Mới nhận', en: 'Filed' },
    acknowledged: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
    extended: { vi: 'Đã gia hạn', en: 'Extended' },
    answered: { vi: 'Đã trả lời', en: 'Answered' },
    closed: { vi: 'Đã đóng', en: 'Closed' },
    withdrawn: { vi: 'Đã rút đơn', en: 'Withdrawn' },
  },
  events: {
    file: { vi: 'Gửi đơn', en: 'File' },
    acknowledge: { vi: 'Tiếp nhận', en: 'Acknowledge' },
    extend: { vi: 'Gia hạn trả lời', en: 'Extend the deadline' },
    answer: { vi: 'Trả lời', en: 'Answer' },
    close: { vi: 'Đóng đơn', en: 'Close' },
    withdraw: { vi: 'Rút đơn', en: 'Withdraw' },
  },
  transitions: [
    // R3.3: every person recorded may complain — staff, parents, through the public form too.
    { from: null, event: 'file', to: 'filed', who: { anyone: true }, rule: 'R3.3' },
    { from: 'filed', event: 'acknowledge', to: 'acknowledged', who: LEADERSHIP, rule: 'R3.3' },
    // R3.3: extendable once — there is no step out of `extended` back to `extended`.
    { from: 'acknowledged', event: 'extend', to: 'extended', who: LEADERSHIP, rule: 'R3.3' },
    // An answer within the first 2 days also acknowledges.
    ...PENDING.map((from) => ({ from, event: 'answer' as const, to: 'answered' as const, who: LEADERSHIP, rule: 'R3.3' })),
    { from: 'answered', event: 'close', to: 'closed', who: LEADERSHIP, rule: 'R3.3' },
    ...PENDING.map((from) => ({ from, event: 'withdraw' as const, to: 'withdrawn' as const, who: { facts: ['filer' as const] }, rule: 'R3.3' })),
  ],
};

/** R3.3, R3.2: the footage concerned is held from filing until the complaint is over. */
export const complaintHoldsFootage = (state: ComplaintState): boolean => state !== 'closed' && state !== 'withdrawn';

export const MIN_COMPLAINT_TEXT = 10;

/** R3.3: a complaint or request is about a time and a place, and says what it is about. */
export function filingProblem(f: { description: string; place: string; cameraIds: readonly number[]; fromMs: number; toMs: number }, nowMs: number): Bilingual | null {
  if (f.place.trim() === '' && f.cameraIds.length === 0) {
    return { vi: 'Hãy ghi nơi bạn bị ghi hình (hoặc chọn camera).', en: 'Say where you were recorded (or choose the cameras).' };
  }
  if (!(f.fromMs < f.toMs)) return START_BEFORE_END;
  if (f.fromMs >= nowMs) return { vi: 'Hãy chọn khoảng thời gian đã qua.', en: 'Choose a time in the past.' };
  if (f.description.trim().length < MIN_COMPLAINT_TEXT) {
    return { vi: `Hãy trình bày nội dung (ít nhất ${MIN_COMPLAINT_TEXT} ký tự).`, en: `Say what it is about (at least ${MIN_COMPLAINT_TEXT} characters).` };
  }
  return null;
}

/** R3.3: one extension of 15 working days, with a reason, given before the answer is late. */
export function extensionProblem(reason: string, nowMs: number, answerByMs: number): Bilingual | null {
  if (nowMs > answerByMs) {
    return {
      vi: 'Đã quá hạn trả lời nên không thể gia hạn; hãy trả lời ngay và ghi rõ lý do chậm trễ.',
      en: 'The answer is already late, so it cannot be extended; answer now and say why it is late.',
    };
  }
  return reasonTooShort(reason, MIN_COMPLAINT_TEXT, {
    vi: 'Cần xác minh thêm với giáo viên chủ nhiệm và phụ huynh liên quan',
    en: 'We need to hear the class teacher and the other parents involved',
  });
}

/** R3.3: the answer says something; a clip, if any, is redacted (other people blurred). */
export function answerProblem(a: { text: string; clip: { redacted: boolean } | null }): Bilingual | null {
  if (a.text.trim().length < MIN_COMPLAINT_TEXT) {
    return { vi: `Hãy viết nội dung trả lời (ít nhất ${MIN_COMPLAINT_TEXT} ký tự).`, en: `Write the answer (at least ${MIN_COMPLAINT_TEXT} characters).` };
  }
  if (a.clip && !a.clip.redacted) {
    return {
      vi: 'Đoạn ghi hình gửi kèm phải được làm mờ những người khác, nhất là trẻ em khác.',
      en: 'A clip sent with the answer must blur other people, above all other children.',
    };
  }
  return null;
}

/** The deadlines still running, for the list, the warnings and the notifications (R3.3). */
export function pendingDeadlines(
  c: { state: ComplaintState; filedAtMs: number; extendedAtMs: number | null },
  calendar: WorkingCalendar,
  settings: ComplaintDeadlineSettings = DEFAULT_COMPLAINT_DEADLINES,
): Array<{ which: 'acknowledge' | 'answer'; dueMs: number }> {
  if (!PENDING.includes(c.state)) return [];
  const d = complaintDeadlines(c.filedAtMs, c.extendedAtMs, calendar, settings);
  const answer = { which: 'answer' as const, dueMs: d.answerBy };
  return c.state === 'filed' ? [{ which: 'acknowledge', dueMs: d.acknowledgeBy }, answer] : [answer];
}

/** Someone visible (not blurred) in a clip to be released. */
export interface PersonShown {
  personId: number;
  /** A child under the Law on Children (under 16): every pupil of the school. */
  isChild: boolean;
  /** 'yyyy-mm-dd'; null when unknown. */
  birthDate: string | null;
}

export interface ImageConsent {
  personId: number;
  givenBy: 'parent' | 'child';
  givenAtMs: number;
  withdrawnAtMs: number | null;
}

export interface MissingConsent {
  personId: number;
  missing: 'parent' | 'child';
}

/** R3.3: from this age the child's own consent is needed too. */
export const CHILD_OWN_CONSENT_AGE = 7;

/** Whole years of age on a local date, both 'yyyy-mm-dd'. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * R3.3 + R3.1 (PDP Law 91/2025/QH15, Decree 56/2017 on children's images): a child's image goes
 * to anyone outside only with the parent's consent, and the child's own when 7 or older on the
 * day of release. A child whose birth date is unknown is treated as 7 or older. Empty: all given.
 */
export function consentMissing(people: readonly PersonShown[], consents: readonly ImageConsent[], releaseAtMs: number): MissingConsent[] {
  const releaseDate = localDate(releaseAtMs);
  const has = (personId: number, by: ImageConsent['givenBy']): boolean =>
    consents.some((c) => c.personId === personId && c.givenBy === by && c.givenAtMs <= releaseAtMs && (c.withdrawnAtMs === null || c.withdrawnAtMs > releaseAtMs));
  const missing: MissingConsent[] = [];
  for (const p of people) {
    if (!p.isChild) continue;
    if (!has(p.personId, 'parent')) missing.push({ personId: p.personId, missing: 'parent' });
    const needsOwn = p.birthDate === null || ageOn(p.birthDate, releaseDate) >= CHILD_OWN_CONSENT_AGE;
    if (needsOwn && !has(p.personId, 'child')) missing.push({ personId: p.personId, missing: 'child' });
  }
  return missing;
}

export function consentProblem(missing: readonly MissingConsent[]): Bilingual | null {
  if (missing.length === 0) return null;
  const parents = missing.filter((m) => m.missing === 'parent').length;
  const children = missing.length - parents;
  return {
    vi: `Chưa thể gửi đoạn ghi hình: còn thiếu ${parents} sự đồng ý của cha mẹ và ${children} sự đồng ý của trẻ từ đủ 7 tuổi. Hãy ghi nhận sự đồng ý, hoặc làm mờ các em.`,
    en: `The clip cannot be released yet: ${parents} parent consent(s) and ${children} consent(s) of children aged 7 or over are missing. Record them, or blur those children.`,
  };
}

/** 'KN-7K3M-Q9TX' (khiếu nại): the same 40-bit code as a request's, told apart by its prefix. */
export const complaintCode = (randomBytes: Uint8Array): string => `KN${trackingCode(randomBytes).slice(2)}`;

/** A typed code in canonical form ('kn 7k3m q9tx' → 'KN-7K3M-Q9TX'), or null when it cannot be one. */
export function normaliseComplaintCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s\-_.]/g, '');
  const body = compact.startsWith('KN') && compact.length === 10 ? compact.slice(2) : compact;
  const canonical = normaliseTrackingCode(body);
  return canonical === null ? null : `KN${canonical.slice(2)}`;
}
