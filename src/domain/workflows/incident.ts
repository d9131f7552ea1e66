/**
 * Incident reports (R7.1, R4.1): a guard or any staff member reports what happened; leadership
 * acknowledges, assigns, comments, and closes it or turns it into an evidence case (R4.3).
 */
import type { Role } from '../roles.js';
import { type Actor, type ActorFact, type Bilingual, LEADERSHIP, LEADERSHIP_ROLES, type Machine, type Who, staysIn } from './machine.js';

export const INCIDENT_CATEGORIES = ['pupil_safety', 'intrusion', 'property', 'fire', 'equipment', 'other'] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const INCIDENT_CATEGORY_LABELS: Record<IncidentCategory, Bilingual> = {
  pupil_safety: { vi: 'An toàn học sinh', en: 'Pupil safety' },
  intrusion: { vi: 'Xâm nhập trái phép', en: 'Intrusion' },
  property: { vi: 'Tài sản (mất cắp, hư hỏng)', en: 'Property (theft, damage)' },
  fire: { vi: 'Cháy nổ', en: 'Fire or explosion' },
  equipment: { vi: 'Sự cố thiết bị', en: 'Equipment fault' },
  other: { vi: 'Khác', en: 'Other' },
};

/** Least to most urgent, so the order can be compared. */
export const INCIDENT_URGENCIES = ['low', 'medium', 'high', 'emergency'] as const;
export type IncidentUrgency = (typeof INCIDENT_URGENCIES)[number];

export const INCIDENT_URGENCY_LABELS: Record<IncidentUrgency, Bilingual> = {
  low: { vi: 'Thấp', en: 'Low' },
  medium: { vi: 'Trung bình', en: 'Medium' },
  high: { vi: 'Cao', en: 'High' },
  emergency: { vi: 'Khẩn cấp', en: 'Emergency' },
};

export const INCIDENT_STATES = ['reported', 'acknowledged', 'in_progress', 'closed', 'turned_into_case'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export const INCIDENT_EVENTS = ['report', 'acknowledge', 'assign', 'comment', 'propose_close', 'close', 'turn_into_case'] as const;
export type IncidentEvent = (typeof INCIDENT_EVENTS)[number];

/** R7.1: the guards and every member of staff may report; requesters, vendors and admins may not. */
const REPORTERS: readonly Role[] = ['principal', 'vice_principal', 'guard', 'equipment_officer', 'accountant', 'unit_head', 'staff'];
const OPEN: readonly IncidentState[] = ['reported', 'acknowledged', 'in_progress'];
const leadershipOr = (...facts: ActorFact[]): Who => ({ roles: LEADERSHIP_ROLES, facts });

export const INCIDENT_MACHINE: Machine<IncidentState, IncidentEvent> = {
  subject: { vi: 'sự việc', en: 'incident' },
  states: {
    reported: { vi: 'Mới báo cáo', en: 'Reported' },
    acknowledged: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
    in_progress: { vi: 'Đang xử lý', en: 'Assigned, in progress' },
    closed: { vi: 'Đã đóng', en: 'Closed' },
    turned_into_case: { vi: 'Đã chuyển thành vụ việc', en: 'Turned into a case' },
  },
  events: {
    report: { vi: 'Báo cáo sự việc', en: 'Report an incident' },
    acknowledge: { vi: 'Tiếp nhận', en: 'Acknowledge' },
    assign: { vi: 'Giao xử lý', en: 'Assign' },
    comment: { vi: 'Ghi ý kiến', en: 'Comment' },
    propose_close: { vi: 'Đề xuất đóng', en: 'Propose closing' },
    close: { vi: 'Đóng sự việc', en: 'Close' },
    turn_into_case: { vi: 'Chuyển thành vụ việc', en: 'Turn into a case' },
  },
  transitions: [
    { from: null, event: 'report', to: 'reported', who: { roles: REPORTERS }, rule: 'R7.1' },
    // R7.1, R4.1: the report reaches leadership at once; leadership handles it.
    { from: 'reported', event: 'acknowledge', to: 'acknowledged', who: LEADERSHIP, rule: 'R7.1' },
    // Assigning something not yet acknowledged acknowledges it; reassigning is allowed.
    ...(['reported', 'acknowledged', 'in_progress'] as const).map((from) => ({ from, event: 'assign' as const, to: 'in_progress' as const, who: LEADERSHIP, rule: 'R4.1' })),
    // The reporter may add what they learn later; the assignee reports progress.
    ...staysIn(OPEN, 'comment', leadershipOr('reporter', 'assignee'), 'R7.1'),
    ...staysIn(['in_progress'], 'propose_close', { facts: ['assignee'] }, 'R4.1'),
    ...OPEN.map((from) => ({ from, event: 'close' as const, to: 'closed' as const, who: LEADERSHIP, rule: 'R7.1' })),
    ...OPEN.map((from) => ({ from, event: 'turn_into_case' as const, to: 'turned_into_case' as const, who: LEADERSHIP, rule: 'R4.3' })),
  ],
};

export const incidentIsOpen = (state: IncidentState): boolean => OPEN.includes(state);

export interface IncidentReport {
  occurredAtMs: number;
  /** null: still going on, or a moment rather than a stretch of time. */
  endedAtMs: number | null;
  place: string;
  cameraIds: readonly number[];
  category: IncidentCategory;
  urgency: IncidentUrgency;
  description: string;
}

/** Clock drift between a guard's phone and the server must not refuse a report of "just now". */
const CLOCK_SKEW_MS = 5 * 60_000;
export const MIN_INCIDENT_DESCRIPTION = 10;

/** R7.1: time, place, cameras, what happened, urgency. */
export function incidentReportProblem(r: IncidentReport, nowMs: number): Bilingual | null {
  if (r.place.trim() === '' && r.cameraIds.length === 0) {
    return { vi: 'Hãy ghi nơi xảy ra sự việc hoặc chọn camera.', en: 'Say where it happened, or choose the cameras.' };
  }
  if (r.occurredAtMs > nowMs + CLOCK_SKEW_MS) {
    return { vi: 'Thời điểm xảy ra không thể ở tương lai.', en: 'The time it happened cannot be in the future.' };
  }
  if (r.endedAtMs !== null && r.endedAtMs < r.occurredAtMs) {
    return { vi: 'Thời điểm kết thúc phải sau thời điểm xảy ra.', en: 'The end must come after the start.' };
  }
  if (r.description.trim().length < MIN_INCIDENT_DESCRIPTION) {
    return {
      vi: `Hãy mô tả sự việc (ít nhất ${MIN_INCIDENT_DESCRIPTION} ký tự), ví dụ “Học sinh lớp 3A ngã ở cầu thang tầng 2”.`,
      en: `Describe what happened (at least ${MIN_INCIDENT_DESCRIPTION} characters), e.g. “A year-3 pupil fell on the 2nd-floor stairs”.`,
    };
  }
  return null;
}

/** What this user is to this incident, for `transition` and `eventsAllowed`. */
export function incidentActor(user: { userId: number; roles: readonly Role[] }, incident: { reportedBy: number; assigneeId: number | null }): Actor {
  const facts: ActorFact[] = [];
  if (incident.reportedBy === user.userId) facts.push('reporter');
  if (incident.assigneeId === user.userId) facts.push('assignee');
  return { roles: user.roles, facts };
}

/** Footage kept a little before and after what the reporter gave, since times are estimates. */
export const INCIDENT_HOLD_MARGIN_MS = 5 * 60_000;

/** R7.1, R3.2: the footage an open incident holds — its cameras around its time. */
export function incidentHoldRange(
  incident: Pick<IncidentReport, 'cameraIds' | 'occurredAtMs' | 'endedAtMs'>,
  marginMs: number = INCIDENT_HOLD_MARGIN_MS,
): { cameraIds: number[]; startMs: number; endMs: number } {
  const endMs = incident.endedAtMs ?? incident.occurredAtMs;
  return { cameraIds: [...new Set(incident.cameraIds)], startMs: incident.occurredAtMs - marginMs, endMs: endMs + marginMs };
}
