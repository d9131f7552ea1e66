/** What the complaint screens share with the server (R3.3): the API's types and the pure rules. */
export type {
  Complaint, ComplaintAnswered, ComplaintDeadline, ComplaintDetail, ComplaintEventInput, ComplaintInput, ComplaintPerson, ComplaintPersonInput,
  ComplaintStatus, ConsentInput, ConsentStatus, FilerRelation, ImageConsentView, PersonRole, PublicComplaintInput, RedactionClip,
  WorkingCalendarInput, WorkingCalendarView,
} from '../../../src/contract/complaints.js';
export { FILER_RELATIONS, PERSON_ROLES } from '../../../src/contract/complaints.js';
export {
  CHILD_OWN_CONSENT_AGE, COMPLAINT_KINDS, COMPLAINT_KIND_LABELS, COMPLAINT_MACHINE, COMPLAINT_STATES, MIN_COMPLAINT_TEXT, ageOn,
  extensionProblem, filingProblem, type ComplaintKind, type ComplaintState,
} from '../../../src/domain/workflows/complaint.js';
export { DEADLINE_STATUS_LABELS, type DeadlineStatus, localDate } from '../../../src/domain/deadlines.js';

/** A redaction rectangle as the API has it: fractions of the picture, seconds from the clip's start. */
export interface RedactionBox {
  x: number;
  y: number;
  w: number;
  h: number;
  startS: number;
  endS: number;
}
