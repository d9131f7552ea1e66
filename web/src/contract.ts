/** What the web app shares with the server: the API's zod schemas and the pure domain rules (never src/server). */
export { ChangePasswordInput, LoginInput, SecondFactorInput, TotpConfirmInput } from '../../src/contract/auth.js';
export type { CameraView } from '../../src/contract/cameras.js';
export { checkPassword } from '../../src/domain/password-policy.js';
export type { Action } from '../../src/domain/policy.js';
export { ROLE_LABELS, type Role } from '../../src/domain/roles.js';
export { type CameraHealth, shownHealth } from '../../src/domain/supervisor-state.js';
export type {
  BienBanDraftInput, CaseAttachment, CaseClip, CaseClipInput, CaseDocument, CasePerson, CasePersonInput, EvidenceCase, EvidenceCaseDetail, ExportJob,
  HistoryEntry, Hold, Incident, IncidentDetail, IncidentEventInput, IncidentInput, Notification, VerifyReport,
} from '../../src/contract/workflows.js';
export { EvidenceManifest } from '../../src/contract/evidence.js';
export { DocumentSchool } from '../../src/contract/documents.js';
export {
  INCIDENT_CATEGORIES, INCIDENT_CATEGORY_LABELS, INCIDENT_MACHINE, INCIDENT_STATES, INCIDENT_URGENCIES, INCIDENT_URGENCY_LABELS,
  MIN_INCIDENT_DESCRIPTION, type IncidentCategory, type IncidentEvent, type IncidentState, type IncidentUrgency,
} from '../../src/domain/workflows/incident.js';
export { BIEN_BAN_MACHINE, CASE_MACHINE, type CaseState, clipProblem, reopenProblem } from '../../src/domain/workflows/evidence-case.js';
export { HOLD_KIND_LABELS } from '../../src/domain/holds.js';
