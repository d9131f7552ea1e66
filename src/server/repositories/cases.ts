import type { Selectable } from 'kysely';
import type { CaseState, DocumentState } from '../../domain/workflows/evidence-case.js';
import type { Db } from '../db/connect.js';
import type { CaseClipTable, CaseDocumentTable, CaseTable, EvidenceExportTable } from '../db/schema.js';
import type { Trx } from './segments.js';

export interface CaseRecord {
  id: number;
  title: string;
  description: string;
  state: CaseState;
  openedBy: string;
  openedAtMs: number;
  closedAtMs: number | null;
  incidentId: number | null;
}

export interface ClipRecord {
  id: number;
  caseId: number;
  cameraId: number;
  startMs: number;
  endMs: number;
  /** Relative to the evidence folder. */
  path: string;
  bytes: number;
  sha256: string;
  note: string | null;
  addedBy: string;
  addedAtMs: number;
}

export interface DocumentRecord {
  id: number;
  caseId: number;
  version: number;
  state: DocumentState;
  year: number | null;
  number: number | null;
  content: string;
  pdfPath: string | null;
  pdfSha256: string | null;
  createdBy: string;
  createdAtMs: number;
  finalisedBy: string | null;
  finalisedAtMs: number | null;
}

export interface ExportRecord {
  id: number;
  caseId: number;
  state: 'running' | 'done' | 'failed';
  path: string;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
  reasonCode: string;
  reasonText: string;
  createdBy: string;
  createdAtMs: number;
  finishedAtMs: number | null;
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

/** R4.3 evidence cases: the case, its people, its clips, its biên bản versions and its exports. */
export class CaseRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(trx: Trx, c: Omit<CaseRecord, 'id' | 'closedAtMs' | 'state'>): Promise<number> {
    const { id } = await trx.insertInto('cases').values({
      title: c.title, description: c.description, state: 'open', opened_by: c.openedBy, opened_at: c.openedAtMs, closed_at: null, incident_id: c.incidentId,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async get(id: number, trx: Trx | Db = this.db): Promise<CaseRecord | undefined> {
    const r = await trx.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toCase(r) : undefined;
  }

  async list(): Promise<Array<CaseRecord & { clipCount: number }>> {
    const rows = await this.db.selectFrom('cases').selectAll('cases')
      .select((eb) => eb.selectFrom('case_clips').select((e) => e.fn.countAll<number>().as('n')).whereRef('case_clips.case_id', '=', 'cases.id').as('clipCount'))
      .orderBy('id', 'desc').limit(1000).execute();
    return rows.map((r) => ({ ...toCase(r), clipCount: Number(r.clipCount ?? 0) }));
  }

  async update(trx: Trx, id: number, patch: Partial<Pick<CaseRecord, 'title' | 'description' | 'state' | 'closedAtMs'>>): Promise<void> {
    await trx.updateTable('cases').set({
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.state !== undefined ? { state: patch.state } : {}),
      ...(patch.closedAtMs !== undefined ? { closed_at: patch.closedAtMs } : {}),
    }).where('id', '=', id).execute();
  }

  people(caseId: number): Promise<Array<{ id: number; name: string; role: string; className: string | null }>> {
    return this.db.selectFrom('case_people').select(['id', 'name', 'role', 'class_name as className']).where('case_id', '=', caseId).orderBy('id').execute();
  }

  async addPerson(trx: Trx, caseId: number, p: { name: string; role: string; className: string | null }): Promise<number> {
    const { id } = await trx.insertInto('case_people').values({ case_id: caseId, name: p.name, role: p.role, class_name: p.className }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async removePerson(trx: Trx, caseId: number, personId: number): Promise<boolean> {
    const r = await trx.deleteFrom('case_people').where('case_id', '=', caseId).where('id', '=', personId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async clips(caseId: number, trx: Trx | Db = this.db): Promise<ClipRecord[]> {
    return (await trx.selectFrom('case_clips').selectAll().where('case_id', '=', caseId).orderBy('start_ms').orderBy('id').execute()).map(toClip);
  }

  async clip(caseId: number, clipId: number): Promise<ClipRecord | undefined> {
    const r = await this.db.selectFrom('case_clips').selectAll().where('case_id', '=', caseId).where('id', '=', clipId).executeTakeFirst();
    return r ? toClip(r) : undefined;
  }

  async addClip(trx: Trx, c: Omit<ClipRecord, 'id'>): Promise<number> {
    const { id } = await trx.insertInto('case_clips').values({
      case_id: c.caseId, camera_id: c.cameraId, start_ms: c.startMs, end_ms: c.endMs, path: c.path, bytes: c.bytes, sha256: c.sha256,
      note: c.note, added_by: c.addedBy, added_at: c.addedAtMs,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async documents(caseId: number, trx: Trx | Db = this.db): Promise<DocumentRecord[]> {
    return (await trx.selectFrom('case_documents').selectAll().where('case_id', '=', caseId).orderBy('version').execute()).map(toDocument);
  }

  async document(caseId: number, docId: number, trx: Trx | Db = this.db): Promise<DocumentRecord | undefined> {
    const r = await trx.selectFrom('case_documents').selectAll().where('case_id', '=', caseId).where('id', '=', docId).executeTakeFirst();
    return r ? toDocument(r) : undefined;
  }

  async addDocument(trx: Trx, d: { caseId: number; content: string; createdBy: string; createdAtMs: number }): Promise<number> {
    const last = await trx.selectFrom('case_documents').select((eb) => eb.fn.max('version').as('v')).where('case_id', '=', d.caseId).executeTakeFirst();
    const { id } = await trx.insertInto('case_documents').values({
      case_id: d.caseId, version: Number(last?.v ?? 0) + 1, state: 'draft', year: null, number: null, content: d.content, pdf_path: null, pdf_sha256: null,
      created_by: d.createdBy, created_at: d.createdAtMs, finalised_by: null, finalised_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  /** Only a draft changes: the WHERE makes a finalised version immutable even to a racing request. */
  async editDraft(trx: Trx, docId: number, content: string): Promise<boolean> {
    const r = await trx.updateTable('case_documents').set({ content }).where('id', '=', docId).where('state', '=', 'draft').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Numbers given this year and before (Decree 30/2020: numbering restarts every year). */
  numbersOf(year: number, trx: Trx): Promise<Array<{ year: number; number: number }>> {
    return trx.selectFrom('case_documents').select(['year', 'number']).where('year', '=', year).where('number', 'is not', null).execute() as Promise<Array<{ year: number; number: number }>>;
  }

  async finalise(trx: Trx, docId: number, f: { year: number; number: number; content: string; pdfPath: string; pdfSha256: string; by: string; atMs: number }): Promise<boolean> {
    const r = await trx.updateTable('case_documents').set({
      state: 'finalised', year: f.year, number: f.number, content: f.content, pdf_path: f.pdfPath, pdf_sha256: f.pdfSha256, finalised_by: f.by, finalised_at: f.atMs,
    }).where('id', '=', docId).where('state', '=', 'draft').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async addExport(trx: Trx, e: { caseId: number; path: string; reasonCode: string; reasonText: string; createdBy: string; createdAtMs: number }): Promise<number> {
    const { id } = await trx.insertInto('evidence_exports').values({
      case_id: e.caseId, state: 'running', path: e.path, bytes: null, sha256: null, error: null, reason_code: e.reasonCode, reason_text: e.reasonText,
      created_by: e.createdBy, created_at: e.createdAtMs, finished_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async finishExport(id: number, f: { state: 'done' | 'failed'; bytes?: number; sha256?: string; error?: string; atMs: number }): Promise<void> {
    await this.db.updateTable('evidence_exports').set({
      state: f.state, bytes: f.bytes ?? null, sha256: f.sha256 ?? null, error: f.error ?? null, finished_at: f.atMs,
    }).where('id', '=', id).execute();
  }

  async export(id: number): Promise<ExportRecord | undefined> {
    const r = await this.db.selectFrom('evidence_exports').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toExport(r) : undefined;
  }

  /** Exports left "running" by a server that stopped: they will never finish. */
  async failRunningExports(atMs: number): Promise<number> {
    const r = await this.db.updateTable('evidence_exports').set({ state: 'failed', error: 'interrupted: the server stopped', finished_at: atMs })
      .where('state', '=', 'running').executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

function toCase(r: Selectable<CaseTable>): CaseRecord {
  return {
    id: r.id, title: r.title, description: r.description, state: r.state as CaseState, openedBy: r.opened_by, openedAtMs: Number(r.opened_at),
    closedAtMs: num(r.closed_at), incidentId: r.incident_id,
  };
}

function toClip(r: Selectable<CaseClipTable>): ClipRecord {
  return {
    id: r.id, caseId: r.case_id, cameraId: r.camera_id, startMs: Number(r.start_ms), endMs: Number(r.end_ms), path: r.path, bytes: Number(r.bytes),
    sha256: r.sha256, note: r.note, addedBy: r.added_by, addedAtMs: Number(r.added_at),
  };
}

function toDocument(r: Selectable<CaseDocumentTable>): DocumentRecord {
  return {
    id: r.id, caseId: r.case_id, version: r.version, state: r.state as DocumentState, year: r.year, number: r.number, content: r.content,
    pdfPath: r.pdf_path, pdfSha256: r.pdf_sha256, createdBy: r.created_by, createdAtMs: Number(r.created_at), finalisedBy: r.finalised_by,
    finalisedAtMs: num(r.finalised_at),
  };
}

function toExport(r: Selectable<EvidenceExportTable>): ExportRecord {
  return {
    id: r.id, caseId: r.case_id, state: r.state as ExportRecord['state'], path: r.path, bytes: num(r.bytes), sha256: r.sha256, error: r.error,
    reasonCode: r.reason_code, reasonText: r.reason_text, createdBy: r.created_by, createdAtMs: Number(r.created_at), finishedAtMs: num(r.finished_at),
  };
}
