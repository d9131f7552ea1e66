import { z } from 'zod';
import { REASONS } from '../domain/reasons.js';
import { INCIDENT_CATEGORIES, INCIDENT_EVENTS, INCIDENT_STATES, INCIDENT_URGENCIES } from '../domain/workflows/incident.js';
import { CASE_STATES, DOCUMENT_STATES } from '../domain/workflows/evidence-case.js';
import { HOLD_KINDS } from '../domain/holds.js';
import { Instant } from './common.js';

/**
 * The API of the regulation's workflows (issue 6): incidents (R7.1, R4.1), evidence cases with
 * their biên bản and signed exports (R4.3), holds (R3.2) and the in-app notifications.
 * Inputs are zod schemas (validated at the boundary); outputs are the types the web app reads.
 */

const Text = (min: number, max: number) => z.string().trim().min(min).max(max);
/** A staff member may report by place alone (no camera in their sight). */
const ReportCameraIds = z.array(z.number().int().positive()).max(64).default([]);

// ───────────── incidents (R7.1) ─────────────

/** A snapshot taken from the live wall or playback: a JPEG as a data: URL (at most ~1.5 MB). */
export const Snapshot = z.string().max(2_000_000).regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/=]+$/, { message: 'incident.snapshot' });

export const IncidentInput = z.object({
  occurredAt: Instant,
  endedAt: Instant.nullish(),
  place: Text(2, 200),
  cameraIds: ReportCameraIds,
  category: z.enum(INCIDENT_CATEGORIES),
  urgency: z.enum(INCIDENT_URGENCIES),
  description: Text(10, 5000),
  snapshot: Snapshot.nullish(),
  /** Which camera the snapshot shows. */
  snapshotCameraId: z.number().int().positive().nullish(),
}).strict();
export type IncidentInput = z.input<typeof IncidentInput>;

export const IncidentQuery = z.object({
  state: z.enum(['open', 'all', ...INCIDENT_STATES]).default('open'),
}).strict();

export const IncidentEventInput = z.discriminatedUnion('event', [
  z.object({ event: z.literal('acknowledge'), note: Text(0, 2000).optional() }).strict(),
  z.object({ event: z.literal('assign'), assignee: z.string().trim().toLowerCase().min(3).max(32), note: Text(0, 2000).optional() }).strict(),
  z.object({ event: z.literal('comment'), note: Text(1, 2000) }).strict(),
  z.object({ event: z.literal('propose_close'), note: Text(1, 2000) }).strict(),
  z.object({ event: z.literal('close'), note: Text(5, 2000) }).strict(),
  z.object({ event: z.literal('turn_into_case'), title: Text(5, 200).optional(), note: Text(0, 2000).optional() }).strict(),
]);
export type IncidentEventInput = z.input<typeof IncidentEventInput>;

export interface HistoryEntry {
  id: number;
  atMs: number;
  actor: string;
  actorName: string;
  event: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
}

export interface Incident {
  id: number;
  occurredAtMs: number;
  endedAtMs: number | null;
  place: string;
  cameraIds: number[];
  category: (typeof INCIDENT_CATEGORIES)[number];
  urgency: (typeof INCIDENT_URGENCIES)[number];
  description: string;
  state: (typeof INCIDENT_STATES)[number];
  reportedBy: { username: string; displayName: string };
  assignee: { username: string; displayName: string } | null;
  caseId: number | null;
  hasSnapshot: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface IncidentDetail extends Incident {
  history: HistoryEntry[];
  /** What the viewer may do next (buttons). */
  allowedEvents: Array<(typeof INCIDENT_EVENTS)[number]>;
  holds: Hold[];
}

// ───────────── evidence cases (R4.3) ─────────────

export const CaseInput = z.object({
  title: Text(5, 200),
  description: Text(0, 10_000).default(''),
  incidentId: z.number().int().positive().nullish(),
}).strict();

export const CasePatch = z.object({
  title: Text(5, 200).optional(),
  description: Text(0, 10_000).optional(),
}).strict();

export const CasePersonInput = z.object({
  name: Text(2, 80),
  /** "Học sinh", "Giáo viên chủ nhiệm", "Phụ huynh", "Bảo vệ"… */
  role: Text(2, 80),
  /** A pupil's class: "3A". */
  className: Text(1, 20).nullish(),
}).strict();

export const CaseClipInput = z.object({
  cameraId: z.number().int().positive(),
  from: Instant,
  to: Instant,
  note: Text(0, 500).optional(),
}).strict().refine((c) => c.to > c.from, { message: 'range.order', path: ['to'] });

export const CaseNoteInput = z.object({ text: Text(1, 5000) }).strict();

/**
 * R4.3: an attachment arrives as the raw request body; its name and note in the query. The name is
 * shown and becomes `attachments/<name>` in the evidence package: no folder, no control character.
 */
export const AttachmentName = Text(1, 160).transform((n) => n.normalize('NFC')).refine(
  (n) => !/[/\\\u0000-\u001f\u007f]/.test(n) && !n.startsWith('.'),
  { message: 'attachment.name' },
);
export const AttachmentQuery = z.object({ name: AttachmentName, note: Text(0, 500).optional() }).strict();
export const AttachmentParam = z.object({ id: z.coerce.number().int().positive(), attachmentId: z.coerce.number().int().positive() });
export const CaseCloseInput = z.object({ note: Text(5, 2000) }).strict();
export const CaseReopenInput = z.object({ reason: Text(10, 2000) }).strict();

export const PersonParam = z.object({ id: z.coerce.number().int().positive(), personId: z.coerce.number().int().positive() });
export const DocumentParam = z.object({ id: z.coerce.number().int().positive(), docId: z.coerce.number().int().positive() });

const NamedPosition = z.object({ name: Text(1, 80), position: Text(1, 120) }).strict();

/** What leadership edits in a draft biên bản; the rest (header, number, clips) comes from the case. */
export const BienBanDraftInput = z.object({
  subject: Text(5, 300),
  place: Text(2, 200),
  startedAt: Instant,
  endedAt: Instant,
  present: z.array(NamedPosition).min(1).max(60),
  chair: NamedPosition,
  secretary: NamedPosition,
  /** Paragraphs. */
  content: z.array(Text(1, 20_000)).min(1).max(500),
  recipients: z.array(Text(1, 200)).min(1).max(30),
}).strict().refine((d) => d.endedAt > d.startedAt, { message: 'range.order', path: ['endedAt'] });
export type BienBanDraftInput = z.input<typeof BienBanDraftInput>;

export const ExportInput = z.object({
  reasonCode: z.enum(REASONS),
  reasonText: Text(0, 500),
}).strict();

export interface CasePerson { id: number; name: string; role: string; className: string | null }

export interface CaseClip {
  id: number;
  cameraId: number;
  cameraName: string;
  startMs: number;
  endMs: number;
  fileName: string;
  bytes: number;
  sha256: string;
  addedBy: string;
  addedAtMs: number;
  note: string | null;
}

/** R4.3: a file other than a clip (a statement, a photo, a letter), hashed when it was added. */
export interface CaseAttachment {
  id: number;
  fileName: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  note: string | null;
  addedBy: string;
  addedAtMs: number;
}

export interface CaseDocument {
  id: number;
  version: number;
  state: (typeof DOCUMENT_STATES)[number];
  /** "05/BB-THĐKh" once finalised; null for a draft (the number is given on finalising). */
  number: string | null;
  content: z.output<typeof BienBanDraftInput>;
  pdfSha256: string | null;
  createdBy: string;
  createdAtMs: number;
  finalisedBy: string | null;
  finalisedAtMs: number | null;
}

export interface EvidenceCase {
  id: number;
  title: string;
  description: string;
  state: (typeof CASE_STATES)[number];
  openedBy: string;
  openedAtMs: number;
  closedAtMs: number | null;
  /** Until when its clips are held (closed + retention); null while open. */
  holdUntilMs: number | null;
  incidentId: number | null;
  clipCount: number;
}

export interface EvidenceCaseDetail extends EvidenceCase {
  people: CasePerson[];
  clips: CaseClip[];
  attachments: CaseAttachment[];
  documents: CaseDocument[];
  history: HistoryEntry[];
  allowedEvents: string[];
}

export interface ExportJob {
  id: number;
  caseId: number;
  state: 'running' | 'done' | 'failed';
  bytesDone: number;
  bytesTotal: number;
  fileName: string;
  sha256: string | null;
  error: string | null;
  createdBy: string;
  createdAtMs: number;
}

export interface VerifyReport {
  ok: boolean;
  problems: Array<{ file: string; problem: { vi: string; en: string } }>;
  manifest?: unknown;
  /** Not failures (e.g. an unusual but harmless detail). */
  warnings?: Array<{ file: string; problem: { vi: string; en: string } }>;
  /** SHA-256 of the signing key, to compare with the one the school publishes. */
  keyFingerprint?: string | null;
  /** Whether the package was signed with this school's evidence key (null: could not tell). */
  signedByThisSchool?: boolean | null;
}

// ───────────── holds (R3.2) ─────────────

export interface Hold {
  id: number;
  cameraId: number | null;
  startMs: number;
  endMs: number;
  kind: (typeof HOLD_KINDS)[number];
  subjectId: number | null;
  reason: string;
  createdBy: string;
  createdAtMs: number;
  untilMs: number | null;
  releasedAtMs: number | null;
}

export const HoldQuery = z.object({
  cameraId: z.coerce.number().int().positive().optional(),
  from: Instant.optional(),
  to: Instant.optional(),
}).strict();

// ───────────── notifications ─────────────

export interface Notification {
  id: number;
  kind: string;
  subjectKind: string;
  subjectId: number;
  title: { vi: string; en: string };
  createdAtMs: number;
  readAtMs: number | null;
}
