import { z } from 'zod';
import { COMPLAINT_KINDS, COMPLAINT_STATES } from '../domain/workflows/complaint.js';
import type { DeadlineStatus } from '../domain/deadlines.js';
import { Instant } from './common.js';
import type { HistoryEntry, Hold } from './workflows.js';

/**
 * The API of complaints and data-subject requests (R3.3): filed by a signed-in staff member or on
 * the public form (tracking code `KN-XXXX-XXXX`); leadership acknowledges, extends once, answers —
 * where fitting with a redacted clip, released only when the consents of the children left
 * visible are recorded — and closes. The working calendar (public holidays) is a setting.
 */

const Text = (min: number, max: number) => z.string().trim().min(min).max(max);
const Phone = z.string().trim().regex(/^\+?[0-9 .()-]{8,20}$/, { message: 'request.phone' });
const blankAsNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
/** 'yyyy-mm-dd', a real date. */
export const LocalDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date.format' })
  .refine((s) => { const d = new Date(`${s}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s; }, { message: 'date.format' });

/** Who files, in relation to the footage (R3.3: the person recorded, or a pupil's parent). */
export const FILER_RELATIONS = ['self', 'parent_of_pupil', 'staff_member', 'other'] as const;
export type FilerRelation = (typeof FILER_RELATIONS)[number];

const ComplaintFields = {
  kind: z.enum(COMPLAINT_KINDS),
  relation: z.enum(FILER_RELATIONS),
  /** The pupil concerned, when a parent files for their child. */
  pupilName: Text(0, 120).default(''),
  pupilClass: Text(0, 40).default(''),
  /** Camera numbers as on the school's signs; or none, and the place in words. */
  cameraIds: z.array(z.number().int().positive()).max(32).default([]),
  place: Text(0, 300).default(''),
  from: Instant,
  to: Instant,
  description: Text(10, 5000),
};

/** A signed-in user files (staff, or a parent who has a requester account). */
export const ComplaintInput = z.object({
  ...ComplaintFields,
  contactEmail: z.preprocess(blankAsNull, z.email({ message: 'request.email' }).max(200).nullish()),
  contactPhone: z.preprocess(blankAsNull, Phone.nullish()),
}).strict().refine((r) => r.to > r.from, { message: 'range.order', path: ['to'] });
export type ComplaintInput = z.input<typeof ComplaintInput>;

/** The public form (no account): the filer's name and a way to reach them are required. */
export const PublicComplaintInput = z.object({
  ...ComplaintFields,
  filerName: Text(2, 120),
  contactEmail: z.preprocess(blankAsNull, z.email({ message: 'request.email' }).max(200).nullish()),
  contactPhone: z.preprocess(blankAsNull, Phone.nullish()),
}).strict()
  .refine((r) => r.to > r.from, { message: 'range.order', path: ['to'] })
  .refine((r) => Boolean(r.contactEmail) || Boolean(r.contactPhone), { message: 'request.contact', path: ['contactEmail'] });
export type PublicComplaintInput = z.input<typeof PublicComplaintInput>;

export const ComplaintQuery = z.object({
  state: z.enum(['open', 'all', ...COMPLAINT_STATES]).default('open'),
}).strict();

export const ComplaintEventInput = z.discriminatedUnion('event', [
  z.object({ event: z.literal('acknowledge'), note: Text(0, 2000).optional() }).strict(),
  /** R3.3: once, with a reason (≥ 10 characters), before the answer is late. */
  z.object({ event: z.literal('extend'), reason: Text(1, 2000) }).strict(),
  /** The answer; `clipId` a rendered redacted clip to release with it (consents checked). */
  z.object({ event: z.literal('answer'), text: Text(1, 10_000), clipId: z.number().int().positive().nullish() }).strict(),
  z.object({ event: z.literal('close'), note: Text(0, 2000).optional() }).strict(),
  /** The filer (signed in) withdraws; the public filer withdraws with the tracking code. */
  z.object({ event: z.literal('withdraw'), note: Text(0, 2000).optional() }).strict(),
]);
export type ComplaintEventInput = z.input<typeof ComplaintEventInput>;

export const PERSON_ROLES = ['pupil', 'staff', 'parent', 'other'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** Someone concerned by the complaint who stays visible (not blurred) in the clip given out. */
export const ComplaintPersonInput = z.object({
  name: Text(2, 120),
  role: z.enum(PERSON_ROLES),
  className: Text(0, 40).default(''),
  /** Needed for a pupil: from 7 the child's own consent is needed too (unknown counts as 7+). */
  birthDate: z.preprocess(blankAsNull, LocalDateText.nullish()),
}).strict();
export type ComplaintPersonInput = z.input<typeof ComplaintPersonInput>;

/** R3.3: a consent to show a child's image, recorded by leadership from the signed form. */
export const ConsentInput = z.object({
  personId: z.number().int().positive(),
  givenBy: z.enum(['parent', 'child']),
  /** The parent's name (or the child's) as signed. */
  giverName: Text(2, 120),
  /** How it was given: e.g. "Giấy đồng ý ký ngày 02/12/2026, lưu hồ sơ". */
  note: Text(0, 500).default(''),
}).strict();
export type ConsentInput = z.input<typeof ConsentInput>;

export const ConsentWithdrawInput = z.object({ reason: Text(1, 500) }).strict();

/** A clip of the footage concerned, cut to be redacted (R3.3). */
export const RedactionClipInput = z.object({
  cameraId: z.number().int().positive(),
  from: Instant,
  to: Instant,
}).strict().refine((r) => r.to > r.from, { message: 'range.order', path: ['to'] })
  .refine((r) => r.to - r.from <= 10 * 60_000, { message: 'complaint.clipTooLong', path: ['to'] });

const Fraction = z.number().min(0).max(1);
/** A rectangle blurred from startS to endS seconds of the clip; coordinates fractions of the picture. */
export const RedactionBoxInput = z.object({
  x: Fraction, y: Fraction, w: z.number().gt(0).max(1), h: z.number().gt(0).max(1),
  startS: z.number().min(0), endS: z.number().min(0),
}).strict().refine((b) => b.endS >= b.startS, { message: 'range.order', path: ['endS'] });

export const RedactionBoxesInput = z.object({
  boxes: z.array(RedactionBoxInput).max(500),
  /** The face proposals still to review (accepted and discarded ones left out); omitted: unchanged. */
  proposals: z.array(RedactionBoxInput).max(2000).optional(),
}).strict();

/** The working calendar (a setting): days off besides weekends, and weekend days worked. */
export const WorkingCalendarInput = z.object({
  holidays: z.array(LocalDateText).max(400),
  makeUpWorkingDays: z.array(LocalDateText).max(100),
}).strict();
export type WorkingCalendarInput = z.input<typeof WorkingCalendarInput>;

export const ReleaseTokenParam = z.object({ token: z.string().trim().min(20).max(100) });

// ───────────── outputs ─────────────

export interface ComplaintDeadline {
  which: 'acknowledge' | 'answer';
  dueMs: number;
  status: DeadlineStatus;
}

export interface Complaint {
  id: number;
  trackingCode: string;
  kind: (typeof COMPLAINT_KINDS)[number];
  relation: FilerRelation;
  filerName: string;
  /** Set when filed by a signed-in user. */
  filerUsername: string | null;
  pupilName: string;
  pupilClass: string;
  contactEmail: string | null;
  contactPhone: string | null;
  cameraIds: number[];
  place: string;
  fromMs: number;
  toMs: number;
  description: string;
  state: (typeof COMPLAINT_STATES)[number];
  filedAtMs: number;
  acknowledgedAtMs: number | null;
  extendedAtMs: number | null;
  extensionReason: string | null;
  answeredAtMs: number | null;
  answerText: string | null;
  /** Both dates, computed in working days from the calendar setting (R3.3). */
  acknowledgeByMs: number;
  answerByMs: number;
  /** The deadlines still running, with their status (for badges and warnings). */
  deadlines: ComplaintDeadline[];
}

export interface ComplaintPerson {
  id: number;
  name: string;
  role: PersonRole;
  className: string;
  birthDate: string | null;
  /** A pupil: a child, whose image needs the consents. */
  isChild: boolean;
  addedBy: string;
  addedAtMs: number;
}

export interface ImageConsentView {
  id: number;
  personId: number;
  givenBy: 'parent' | 'child';
  giverName: string;
  note: string;
  recordedBy: string;
  givenAtMs: number;
  withdrawnAtMs: number | null;
  withdrawReason: string | null;
}

/** What a consent check says now: which consents are still missing (R3.3). */
export interface ConsentStatus {
  missing: Array<{ personId: number; missing: 'parent' | 'child' }>;
  /** Vietnamese and English sentence when something is missing; null when the clip may go out. */
  problem: { vi: string; en: string } | null;
}

export const REDACTION_CLIP_STATES = ['cut', 'detecting', 'rendering', 'rendered', 'failed'] as const;

export interface RedactionClip {
  id: number;
  complaintId: number;
  cameraId: number;
  cameraName: string;
  fromMs: number;
  toMs: number;
  durationS: number;
  /** The picture's size, for drawing the rectangles. */
  width: number;
  height: number;
  state: (typeof REDACTION_CLIP_STATES)[number];
  /** 0..1 while detecting or rendering. */
  progress: number;
  boxes: Array<z.output<typeof RedactionBoxInput>>;
  /** Rectangles proposed by face detection (not yet accepted into `boxes`). */
  proposals: Array<z.output<typeof RedactionBoxInput>>;
  /** True once the rendered file matches the current boxes. */
  rendered: boolean;
  renderedSha256: string | null;
  error: string | null;
  createdBy: string;
  createdAtMs: number;
  releasedAtMs: number | null;
}

export interface ComplaintDetail extends Complaint {
  people: ComplaintPerson[];
  consents: ImageConsentView[];
  consentStatus: ConsentStatus;
  clips: RedactionClip[];
  /** The clip released with the answer, if any. */
  releasedClipId: number | null;
  /** For the filer (signed in): the released clip can be downloaded. */
  history: HistoryEntry[];
  holds: Hold[];
  allowedEvents: string[];
  /** Whether the viewer is leadership (may manage) or the filer (sees own complaint). */
  viewerIsFiler: boolean;
}

/** What the holder of the tracking code learns (R3.3: the filer is told). */
export interface ComplaintStatus {
  trackingCode: string;
  kind: (typeof COMPLAINT_KINDS)[number];
  state: (typeof COMPLAINT_STATES)[number];
  filedAtMs: number;
  acknowledgeByMs: number;
  answerByMs: number;
  extensionReason: string | null;
  answeredAtMs: number | null;
  answerText: string | null;
  /** A redacted clip was released with the answer: the download link was given to the filer. */
  clipReleased: boolean;
}

/** The answer to answering with a clip: the download link, shown this once to pass on. */
export interface ComplaintAnswered extends ComplaintDetail {
  release: { url: string; validUntilMs: number } | null;
}

export interface WorkingCalendarView {
  holidays: string[];
  makeUpWorkingDays: string[];
  /** True while the school has not edited the defaults (Vietnam's holidays as we know them). */
  isDefault: boolean;
}
