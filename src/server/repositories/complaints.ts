import type { Selectable, Updateable } from 'kysely';
import type { FilerRelation, PersonRole } from '../../contract/complaints.js';
import type { RedactionBox } from '../../domain/redaction.js';
import type { ComplaintKind, ComplaintState } from '../../domain/workflows/complaint.js';
import type { Db } from '../db/connect.js';
import type { ComplaintPersonTable, ComplaintTable, ImageConsentTable, RedactionClipTable } from '../db/schema.js';
import type { Trx } from './segments.js';

export interface ComplaintRecord {
  id: number;
  trackingCode: string;
  kind: ComplaintKind;
  relation: FilerRelation;
  filerName: string;
  filerUserId: number | null;
  pupilName: string;
  pupilClass: string;
  contactEmail: string | null;
  contactPhone: string | null;
  cameraIds: number[];
  place: string;
  fromMs: number;
  toMs: number;
  description: string;
  state: ComplaintState;
  filedAtMs: number;
  acknowledgedAtMs: number | null;
  extendedAtMs: number | null;
  extensionReason: string | null;
  answeredAtMs: number | null;
  answeredBy: string | null;
  answerText: string | null;
  releasedClipId: number | null;
  releaseTokenSha256: string | null;
  releaseValidUntilMs: number | null;
  closedAtMs: number | null;
  /** Deadline warnings already sent ("acknowledge:due_soon"…). */
  warned: string[];
}

export interface PersonRecord {
  id: number;
  complaintId: number;
  name: string;
  role: PersonRole;
  className: string;
  birthDate: string | null;
  addedBy: string;
  addedAtMs: number;
}

export interface ConsentRecord {
  id: number;
  complaintId: number;
  personId: number;
  givenBy: 'parent' | 'child';
  giverName: string;
  note: string;
  recordedBy: string;
  givenAtMs: number;
  withdrawnAtMs: number | null;
  withdrawReason: string | null;
}

export type ClipState = 'cut' | 'detecting' | 'rendering' | 'rendered' | 'failed';

export interface RedactionClipRecord {
  id: number;
  complaintId: number;
  cameraId: number;
  fromMs: number;
  toMs: number;
  /** Relative to the evidence folder. */
  sourcePath: string;
  durationS: number;
  width: number;
  height: number;
  state: ClipState;
  boxes: RedactionBox[];
  proposals: RedactionBox[];
  renderedPath: string | null;
  /** The boxes the rendered file was made with: it is current only while they equal `boxes`. */
  renderedBoxes: RedactionBox[] | null;
  renderedSha256: string | null;
  error: string | null;
  createdBy: string;
  createdAtMs: number;
  releasedAtMs: number | null;
}

type ComplaintChange = Partial<Pick<ComplaintRecord,
  'state' | 'acknowledgedAtMs' | 'extendedAtMs' | 'extensionReason' | 'answeredAtMs' | 'answeredBy' | 'answerText' | 'releasedClipId' |
  'releaseTokenSha256' | 'releaseValidUntilMs' | 'closedAtMs' | 'warned'>>;

type ClipChange = Partial<Pick<RedactionClipRecord, 'state' | 'boxes' | 'proposals' | 'renderedPath' | 'renderedBoxes' | 'renderedSha256' | 'error' | 'releasedAtMs'>>;

/** R3.3: complaints and data-subject requests, the people in their clips, consents and redacted clips. */
export class ComplaintRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(trx: Trx, c: Omit<ComplaintRecord, 'id'>): Promise<number> {
    const { id } = await trx.insertInto('complaints').values({
      tracking_code: c.trackingCode, kind: c.kind, relation: c.relation, filer_name: c.filerName, filer_user_id: c.filerUserId,
      pupil_name: c.pupilName, pupil_class: c.pupilClass, contact_email: c.contactEmail, contact_phone: c.contactPhone,
      camera_ids: JSON.stringify(c.cameraIds), place: c.place, from_ms: c.fromMs, to_ms: c.toMs, description: c.description, state: c.state,
      filed_at: c.filedAtMs, acknowledged_at: c.acknowledgedAtMs, extended_at: c.extendedAtMs, extension_reason: c.extensionReason,
      answered_at: c.answeredAtMs, answered_by: c.answeredBy, answer_text: c.answerText, released_clip_id: c.releasedClipId,
      release_token_sha256: c.releaseTokenSha256, release_valid_until: c.releaseValidUntilMs, closed_at: c.closedAtMs, warned: JSON.stringify(c.warned),
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async get(id: number, trx: Trx | Db = this.db): Promise<ComplaintRecord | undefined> {
    const r = await trx.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toComplaint(r) : undefined;
  }

  async byCode(code: string): Promise<ComplaintRecord | undefined> {
    const r = await this.db.selectFrom('complaints').selectAll().where('tracking_code', '=', code).executeTakeFirst();
    return r ? toComplaint(r) : undefined;
  }

  async byReleaseToken(sha256: string): Promise<ComplaintRecord | undefined> {
    const r = await this.db.selectFrom('complaints').selectAll().where('release_token_sha256', '=', sha256).executeTakeFirst();
    return r ? toComplaint(r) : undefined;
  }

  /** Newest first; a filer's own when `filerUserId` is given. */
  async list(filerUserId?: number): Promise<ComplaintRecord[]> {
    let q = this.db.selectFrom('complaints').selectAll().orderBy('id', 'desc');
    if (filerUserId !== undefined) q = q.where('filer_user_id', '=', filerUserId);
    return (await q.execute()).map(toComplaint);
  }

  /** Those whose deadlines still run (for the warnings). */
  async pending(): Promise<ComplaintRecord[]> {
    return (await this.db.selectFrom('complaints').selectAll().where('state', 'in', ['filed', 'acknowledged', 'extended']).orderBy('id').execute()).map(toComplaint);
  }

  async update(trx: Trx | Db, id: number, c: ComplaintChange): Promise<void> {
    const set: Updateable<ComplaintTable> = {};
    if (c.state !== undefined) set.state = c.state;
    if (c.acknowledgedAtMs !== undefined) set.acknowledged_at = c.acknowledgedAtMs;
    if (c.extendedAtMs !== undefined) set.extended_at = c.extendedAtMs;
    if (c.extensionReason !== undefined) set.extension_reason = c.extensionReason;
    if (c.answeredAtMs !== undefined) set.answered_at = c.answeredAtMs;
    if (c.answeredBy !== undefined) set.answered_by = c.answeredBy;
    if (c.answerText !== undefined) set.answer_text = c.answerText;
    if (c.releasedClipId !== undefined) set.released_clip_id = c.releasedClipId;
    if (c.releaseTokenSha256 !== undefined) set.release_token_sha256 = c.releaseTokenSha256;
    if (c.releaseValidUntilMs !== undefined) set.release_valid_until = c.releaseValidUntilMs;
    if (c.closedAtMs !== undefined) set.closed_at = c.closedAtMs;
    if (c.warned !== undefined) set.warned = JSON.stringify(c.warned);
    if (Object.keys(set).length === 0) return;
    await trx.updateTable('complaints').set(set).where('id', '=', id).execute();
  }

  // ───────────── people and consents ─────────────

  async addPerson(trx: Trx, p: Omit<PersonRecord, 'id'>): Promise<number> {
    const { id } = await trx.insertInto('complaint_people').values({
      complaint_id: p.complaintId, name: p.name, role: p.role, class_name: p.className, birth_date: p.birthDate, added_by: p.addedBy, added_at: p.addedAtMs, removed_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async removePerson(trx: Trx, complaintId: number, personId: number, atMs: number): Promise<boolean> {
    const r = await trx.updateTable('complaint_people').set({ removed_at: atMs })
      .where('id', '=', personId).where('complaint_id', '=', complaintId).where('removed_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async people(complaintId: number, trx: Trx | Db = this.db): Promise<PersonRecord[]> {
    const rows = await trx.selectFrom('complaint_people').selectAll().where('complaint_id', '=', complaintId).where('removed_at', 'is', null).orderBy('id').execute();
    return rows.map(toPerson);
  }

  async addConsent(trx: Trx, c: Omit<ConsentRecord, 'id' | 'withdrawnAtMs' | 'withdrawReason'>): Promise<number> {
    const { id } = await trx.insertInto('image_consents').values({
      complaint_id: c.complaintId, person_id: c.personId, given_by: c.givenBy, giver_name: c.giverName, note: c.note, recorded_by: c.recordedBy,
      given_at: c.givenAtMs, withdrawn_at: null, withdraw_reason: null,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async withdrawConsent(trx: Trx, complaintId: number, consentId: number, atMs: number, reason: string): Promise<boolean> {
    const r = await trx.updateTable('image_consents').set({ withdrawn_at: atMs, withdraw_reason: reason })
      .where('id', '=', consentId).where('complaint_id', '=', complaintId).where('withdrawn_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async consents(complaintId: number, trx: Trx | Db = this.db): Promise<ConsentRecord[]> {
    const rows = await trx.selectFrom('image_consents').selectAll().where('complaint_id', '=', complaintId).orderBy('id').execute();
    return rows.map(toConsent);
  }

  // ───────────── redacted clips ─────────────

  async addClip(trx: Trx, c: Omit<RedactionClipRecord, 'id'>): Promise<number> {
    const { id } = await trx.insertInto('redaction_clips').values({
      complaint_id: c.complaintId, camera_id: c.cameraId, from_ms: c.fromMs, to_ms: c.toMs, source_path: c.sourcePath, duration_s: c.durationS,
      width: c.width, height: c.height, state: c.state, boxes: JSON.stringify(c.boxes), proposals: JSON.stringify(c.proposals),
      rendered_path: c.renderedPath, rendered_boxes: c.renderedBoxes === null ? null : JSON.stringify(c.renderedBoxes), rendered_sha256: c.renderedSha256,
      error: c.error, created_by: c.createdBy, created_at: c.createdAtMs, released_at: c.releasedAtMs,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async clip(complaintId: number, clipId: number, trx: Trx | Db = this.db): Promise<RedactionClipRecord | undefined> {
    const r = await trx.selectFrom('redaction_clips').selectAll().where('id', '=', clipId).where('complaint_id', '=', complaintId).executeTakeFirst();
    return r ? toClip(r) : undefined;
  }

  async clips(complaintId: number): Promise<RedactionClipRecord[]> {
    return (await this.db.selectFrom('redaction_clips').selectAll().where('complaint_id', '=', complaintId).orderBy('id').execute()).map(toClip);
  }

  /** Clips left detecting or rendering by a stopped server: their job is gone. */
  async interruptedClips(): Promise<RedactionClipRecord[]> {
    return (await this.db.selectFrom('redaction_clips').selectAll().where('state', 'in', ['detecting', 'rendering']).execute()).map(toClip);
  }

  async updateClip(trx: Trx | Db, clipId: number, c: ClipChange): Promise<void> {
    const set: Updateable<RedactionClipTable> = {};
    if (c.state !== undefined) set.state = c.state;
    if (c.boxes !== undefined) set.boxes = JSON.stringify(c.boxes);
    if (c.proposals !== undefined) set.proposals = JSON.stringify(c.proposals);
    if (c.renderedPath !== undefined) set.rendered_path = c.renderedPath;
    if (c.renderedBoxes !== undefined) set.rendered_boxes = c.renderedBoxes === null ? null : JSON.stringify(c.renderedBoxes);
    if (c.renderedSha256 !== undefined) set.rendered_sha256 = c.renderedSha256;
    if (c.error !== undefined) set.error = c.error;
    if (c.releasedAtMs !== undefined) set.released_at = c.releasedAtMs;
    if (Object.keys(set).length === 0) return;
    await trx.updateTable('redaction_clips').set(set).where('id', '=', clipId).execute();
  }
}

const toComplaint = (r: Selectable<ComplaintTable>): ComplaintRecord => ({
  id: r.id, trackingCode: r.tracking_code, kind: r.kind as ComplaintKind, relation: r.relation as FilerRelation, filerName: r.filer_name,
  filerUserId: r.filer_user_id, pupilName: r.pupil_name, pupilClass: r.pupil_class, contactEmail: r.contact_email, contactPhone: r.contact_phone,
  cameraIds: JSON.parse(r.camera_ids) as number[], place: r.place, fromMs: Number(r.from_ms), toMs: Number(r.to_ms), description: r.description,
  state: r.state as ComplaintState, filedAtMs: Number(r.filed_at), acknowledgedAtMs: num(r.acknowledged_at), extendedAtMs: num(r.extended_at),
  extensionReason: r.extension_reason, answeredAtMs: num(r.answered_at), answeredBy: r.answered_by, answerText: r.answer_text,
  releasedClipId: r.released_clip_id, releaseTokenSha256: r.release_token_sha256, releaseValidUntilMs: num(r.release_valid_until),
  closedAtMs: num(r.closed_at), warned: JSON.parse(r.warned) as string[],
});

const toPerson = (r: Selectable<ComplaintPersonTable>): PersonRecord => ({
  id: r.id, complaintId: r.complaint_id, name: r.name, role: r.role as PersonRole, className: r.class_name, birthDate: r.birth_date,
  addedBy: r.added_by, addedAtMs: Number(r.added_at),
});

const toConsent = (r: Selectable<ImageConsentTable>): ConsentRecord => ({
  id: r.id, complaintId: r.complaint_id, personId: r.person_id, givenBy: r.given_by as 'parent' | 'child', giverName: r.giver_name, note: r.note,
  recordedBy: r.recorded_by, givenAtMs: Number(r.given_at), withdrawnAtMs: num(r.withdrawn_at), withdrawReason: r.withdraw_reason,
});

const toClip = (r: Selectable<RedactionClipTable>): RedactionClipRecord => ({
  id: r.id, complaintId: r.complaint_id, cameraId: r.camera_id, fromMs: Number(r.from_ms), toMs: Number(r.to_ms), sourcePath: r.source_path,
  durationS: r.duration_s, width: r.width, height: r.height, state: r.state as ClipState, boxes: JSON.parse(r.boxes) as RedactionBox[],
  proposals: JSON.parse(r.proposals) as RedactionBox[], renderedPath: r.rendered_path,
  renderedBoxes: r.rendered_boxes === null ? null : (JSON.parse(r.rendered_boxes) as RedactionBox[]), renderedSha256: r.rendered_sha256, error: r.error,
  createdBy: r.created_by, createdAtMs: Number(r.created_at), releasedAtMs: num(r.released_at),
});

const num = (v: number | null): number | null => (v === null ? null : Number(v));
