import type { Generated } from 'kysely';

/** Kysely table types. Times are UTC epoch milliseconds. */
export interface UnitTable {
  id: Generated<number>;
  name: string;
  /** 'guards' marks the guards' post, which owns cameras outside any unit's area (R6). */
  kind: 'guards' | 'room' | 'department' | 'other';
  /** R6: 1 when the unit gives its cameras to the guards' watch. */
  guards_watch: Generated<number>;
  created_at: number;
}

export interface CameraTable {
  id: Generated<number>;
  name: string;
  location: string;
  area_type: string;
  owner_unit_id: number;
  /** URLs stored without credentials. */
  main_url: string;
  sub_url: string | null;
  /** AES-256-GCM ciphertext of {username,password}; null when the camera needs none. */
  credentials_enc: string | null;
  make: string | null;
  model: string | null;
  serial: string | null;
  sign_in_place: number;
  sign_checked_at: number | null;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface SegmentTable {
  id: Generated<number>;
  camera_id: number;
  start_ms: number;
  end_ms: number;
  size_bytes: number;
  sha256: string;
  /** Relative to the recordings folder. */
  path: string;
  /** 'ok', or 'missing' when the reconciler found the file gone. Rows are never silently dropped. */
  status: 'ok' | 'missing';
  indexed_at: number;
}

export interface SpanTable {
  id: Generated<number>;
  camera_id: number;
  start_ms: number;
  end_ms: number;
}

export interface GapTable {
  id: Generated<number>;
  camera_id: number;
  start_ms: number;
  /** null while the camera is still down. */
  end_ms: number | null;
  reason: string;
}

export interface HoldTable {
  id: Generated<number>;
  camera_id: number | null;
  start_ms: number;
  end_ms: number;
  kind: string;
  reason: string;
  created_by: string;
  created_at: number;
  until_ms: number | null;
  released_at: number | null;
  subject_id: number | null;
  released_by: string | null;
  release_reason: string | null;
}

export interface RetentionLogTable {
  id: Generated<number>;
  at_ms: number;
  camera_id: number;
  reason: string;
  segments: number;
  bytes: number;
  from_ms: number;
  to_ms: number;
}

export interface SystemEventTable {
  id: Generated<number>;
  at_ms: number;
  kind: string;
  camera_id: number | null;
  detail: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface AuditEventTable {
  seq: number;
  at_ms: number;
  actor: string;
  actor_role: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  camera_id: number | null;
  reason_code: string | null;
  reason_text: string | null;
  ip: string | null;
  user_agent: string | null;
  outcome: 'allowed' | 'denied' | 'failed';
  /** Canonical JSON. */
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointTable {
  seq: number;
  hash: string;
  at_ms: number;
  /** Ed25519 over `checkpointMessage`, base64. */
  signature: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  full_name: string;
  unit_id: number | null;
  /** argon2id (PHC string). */
  password_hash: string;
  must_change_password: number;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
  /** TOTP secret, AES-256-GCM (SecretBox). */
  totp_secret_enc: string | null;
  totp_enabled_at: number | null;
  /** Replay protection: a code's time step is accepted once. */
  totp_last_step: number | null;
  email: string | null;
}

export interface SessionTable {
  /** sha256 of the cookie value: a stolen database does not give live sessions. */
  id_hash: string;
  user_id: number;
  stage: 'totp' | 'enrol' | 'password' | 'ok';
  csrf_token: string;
  pending_totp_enc: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: number;
  last_seen_at: number;
  revoked_at: number | null;
}

export interface LoginFailureTable {
  username: string;
  count: number;
  last_at: number;
  locked_until: number | null;
}

export interface RecoveryCodeTable {
  user_id: number;
  code_hash: string;
  used_at: number | null;
}

export interface AccessGrantTable {
  id: Generated<number>;
  user_id: number;
  /** JSON arrays. */
  camera_ids: string;
  actions: string;
  from_ms: number;
  to_ms: number;
  valid_until: number;
  purpose: string;
  granted_by: string;
  created_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
}

export interface ViewingTable {
  id: string;
  session_id_hash: string;
  user_id: number;
  camera_ids: string;
  reason_code: string;
  reason_text: string;
  created_at: number;
  expires_at: number;
}

export interface WorkOrderTable {
  id: Generated<number>;
  title: string;
  vendor_user_id: number | null;
  camera_ids: string;
  status: 'open' | 'closed';
  created_by: string;
  created_at: number;
  closed_at: number | null;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
}

export interface WorkflowHistoryTable {
  id: Generated<number>;
  subject_kind: string;
  subject_id: number;
  at: number;
  actor: string;
  event: string;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  subject_kind: string;
  subject_id: number;
  title_vi: string;
  title_en: string;
  created_at: number;
  read_at: number | null;
}

export interface IncidentTable {
  id: Generated<number>;
  occurred_at: number;
  ended_at: number | null;
  place: string;
  camera_ids: string;
  category: string;
  urgency: string;
  description: string;
  state: string;
  reported_by: number;
  assignee_id: number | null;
  case_id: number | null;
  snapshot_path: string | null;
  snapshot_camera_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface CaseTable {
  id: Generated<number>;
  title: string;
  description: string;
  state: string;
  opened_by: string;
  opened_at: number;
  closed_at: number | null;
  incident_id: number | null;
}

export interface CasePersonTable {
  id: Generated<number>;
  case_id: number;
  name: string;
  role: string;
  class_name: string | null;
}

export interface CaseClipTable {
  id: Generated<number>;
  case_id: number;
  camera_id: number;
  start_ms: number;
  end_ms: number;
  path: string;
  bytes: number;
  sha256: string;
  note: string | null;
  added_by: string;
  added_at: number;
}

export interface CaseDocumentTable {
  id: Generated<number>;
  case_id: number;
  version: number;
  state: string;
  year: number | null;
  number: number | null;
  content: string;
  pdf_path: string | null;
  pdf_sha256: string | null;
  created_by: string;
  created_at: number;
  finalised_by: string | null;
  finalised_at: number | null;
}

export interface EvidenceExportTable {
  id: Generated<number>;
  case_id: number;
  state: string;
  path: string;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
  reason_code: string;
  reason_text: string;
  created_by: string;
  created_at: number;
  finished_at: number | null;
}

/** R4.2: an outsider's request for footage. */
export interface OutsiderRequestTable {
  id: Generated<number>;
  tracking_code: string;
  requester_name: string;
  organisation: string;
  contact_email: string | null;
  contact_phone: string | null;
  purpose: string;
  camera_ids: string;
  places: string;
  from_ms: number;
  to_ms: number;
  needs: string;
  legal_basis: string;
  description: string;
  state: string;
  submitted_at: number;
  decided_by: string | null;
  decided_at: number | null;
  refusal_reason: string | null;
  grant_id: number | null;
  requester_user_id: number | null;
  valid_until: number | null;
  revoked_by: string | null;
  revoked_at: number | null;
}

/** R3.3: a complaint or data-subject request. */
export interface ComplaintTable {
  id: Generated<number>;
  tracking_code: string;
  kind: string;
  relation: string;
  filer_name: string;
  filer_user_id: number | null;
  pupil_name: string;
  pupil_class: string;
  contact_email: string | null;
  contact_phone: string | null;
  camera_ids: string;
  place: string;
  from_ms: number;
  to_ms: number;
  description: string;
  state: string;
  filed_at: number;
  acknowledged_at: number | null;
  extended_at: number | null;
  extension_reason: string | null;
  answered_at: number | null;
  answered_by: string | null;
  answer_text: string | null;
  released_clip_id: number | null;
  release_token_sha256: string | null;
  release_valid_until: number | null;
  closed_at: number | null;
  warned: Generated<string>;
}

export interface ComplaintPersonTable {
  id: Generated<number>;
  complaint_id: number;
  name: string;
  role: string;
  class_name: string;
  birth_date: string | null;
  added_by: string;
  added_at: number;
  removed_at: number | null;
}

export interface ImageConsentTable {
  id: Generated<number>;
  complaint_id: number;
  person_id: number;
  given_by: string;
  giver_name: string;
  note: string;
  recorded_by: string;
  given_at: number;
  withdrawn_at: number | null;
  withdraw_reason: string | null;
}

export interface RedactionClipTable {
  id: Generated<number>;
  complaint_id: number;
  camera_id: number;
  from_ms: number;
  to_ms: number;
  source_path: string;
  duration_s: number;
  width: number;
  height: number;
  state: string;
  boxes: string;
  proposals: string;
  rendered_path: string | null;
  rendered_boxes: string | null;
  rendered_sha256: string | null;
  error: string | null;
  created_by: string;
  created_at: number;
  released_at: number | null;
}

/** R4.3: a file attached to a case besides its clips. */
export interface CaseAttachmentTable {
  id: Generated<number>;
  case_id: number;
  file_name: string;
  media_type: string;
  path: string;
  bytes: number;
  sha256: string;
  note: string | null;
  added_by: string;
  added_at: number;
}

export interface Database {
  complaints: ComplaintTable;
  complaint_people: ComplaintPersonTable;
  image_consents: ImageConsentTable;
  redaction_clips: RedactionClipTable;
  case_attachments: CaseAttachmentTable;
  outsider_requests: OutsiderRequestTable;
  workflow_history: WorkflowHistoryTable;
  notifications: NotificationTable;
  incidents: IncidentTable;
  cases: CaseTable;
  case_people: CasePersonTable;
  case_clips: CaseClipTable;
  case_documents: CaseDocumentTable;
  evidence_exports: EvidenceExportTable;
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  recovery_codes: RecoveryCodeTable;
  access_grants: AccessGrantTable;
  work_orders: WorkOrderTable;
  viewings: ViewingTable;
  user_roles: UserRoleTable;
  audit_events: AuditEventTable;
  audit_checkpoints: AuditCheckpointTable;
  units: UnitTable;
  cameras: CameraTable;
  segments: SegmentTable;
  recording_spans: SpanTable;
  gaps: GapTable;
  holds: HoldTable;
  retention_log: RetentionLogTable;
  system_events: SystemEventTable;
  settings: SettingTable;
}
