import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { DocumentSchool } from '../../contract/documents.js';
import type {
  BienBanDraftInput, CaseClip, CaseClipInput, CaseDocument, CaseInput, CasePatch, CasePersonInput, EvidenceCase, EvidenceCaseDetail,
} from '../../contract/workflows.js';
import { eventsAllowed, transition } from '../../domain/workflows/machine.js';
import {
  BIEN_BAN_MACHINE, CASE_MACHINE, type CaseEvent, DEFAULT_EVIDENCE_SETTINGS, caseHoldUntil, clipProblem, documentYear, finaliseProblem,
  formatDocumentNumber, nextDocumentNumber, reopenProblem,
} from '../../domain/workflows/evidence-case.js';
import type { Role } from '../../domain/roles.js';
import { renderBienBan } from '../documents/bien-ban.js';
import { AppError, WHAT, conflict, invalid, notFound } from '../errors.js';
import { sha256File } from '../evidence/hash-file.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { CameraRepository } from '../repositories/cameras.js';
import type { CaseAttachmentRepository } from '../repositories/case-attachments.js';
import type { CaseRecord, CaseRepository, ClipRecord, DocumentRecord } from '../repositories/cases.js';
import type { HistoryRepository } from '../repositories/history.js';
import type { HoldRepository } from '../repositories/holds.js';
import type { IncidentRecord } from '../repositories/incidents.js';
import type { Trx } from '../repositories/segments.js';
import type { SettingsRepository } from '../repositories/settings.js';
import type { UserRepository } from '../repositories/users.js';
import { type Actor, factsOf } from './actor.js';
import { toCaseAttachment } from './case-attachments.js';
import type { FootageService } from './footage.js';

/** The school as its documents name it (requirements.md, "Defaults of this school"); a setting. */
export const DEFAULT_SCHOOL: z.output<typeof DocumentSchool> = {
  parentBody: 'UBND QUẬN LONG BIÊN', name: 'Trường Tiểu học Đoàn Khuê', abbreviation: 'THĐKh', place: 'Long Biên', timeZone: 'Asia/Ho_Chi_Minh',
};
const CASE = { vi: 'vụ việc', en: 'case' };
const DOCUMENT = { vi: 'biên bản', en: 'minutes' };

export interface CaseViewer { username: string; roles: readonly Role[] }

/**
 * R4.3 footage as evidence: leadership opens a case, attaches clips (cut once from the recordings,
 * hashed, kept in the evidence folder and held until the case is closed plus its retention), draws
 * up the biên bản (drafts, then a finalised version that never changes). The signed package is
 * built by EvidenceExportService (evidence-export.ts).
 */
export class CaseService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly history: HistoryRepository,
    private readonly holds: HoldRepository,
    private readonly cameras: CameraRepository,
    private readonly users: UserRepository,
    private readonly settings: SettingsRepository,
    private readonly footage: FootageService,
    private readonly audit: AuditRepository,
    private readonly o: { evidenceDir: string; now: () => number; attachments: CaseAttachmentRepository },
  ) {}

  school(): Promise<z.output<typeof DocumentSchool>> {
    return this.settings.get('school', DocumentSchool, DEFAULT_SCHOOL);
  }

  async setSchool(input: z.output<typeof DocumentSchool>, actor: Actor): Promise<z.output<typeof DocumentSchool>> {
    const nowMs = this.o.now();
    await this.settings.transaction(async (trx) => {
      await this.settings.set('school', input, trx);
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'settings.school', resourceType: 'settings', resourceId: 'school', detail: { ...input } }));
    });
    return input;
  }

  async open(input: z.output<typeof CaseInput>, viewer: CaseViewer, actor: Actor): Promise<EvidenceCase> {
    this.check(null, 'open', viewer);
    const nowMs = this.o.now();
    const id = await this.cases.transaction(async (trx) => this.insertCase(trx, { title: input.title, description: input.description, incidentId: input.incidentId ?? null }, actor, nowMs));
    return this.summary(id);
  }

  /** R7.1 → R4.3: an incident becomes a case; the footage it held is now held by the case. */
  readonly openFromIncident = async (trx: Trx, i: IncidentRecord, title: string, actor: Actor): Promise<number> => {
    const nowMs = this.o.now();
    const id = await this.insertCase(trx, { title, description: `${i.place}\n\n${i.description}`, incidentId: i.id }, actor, nowMs);
    for (const h of await this.holds.of('incident', i.id, trx)) {
      if (h.releasedAt !== null) continue;
      await this.holds.create({ cameraId: h.cameraId, startMs: h.startMs, endMs: h.endMs, kind: 'case', subjectId: id, reason: `Vụ việc #${id}: ${title}`, createdBy: actor.name, createdAt: nowMs, untilMs: null }, trx);
    }
    return id;
  };

  private async insertCase(trx: Trx, c: { title: string; description: string; incidentId: number | null }, actor: Actor, nowMs: number): Promise<number> {
    const id = await this.cases.insert(trx, { ...c, openedBy: actor.name, openedAtMs: nowMs });
    await this.history.add(trx, { kind: 'case', id, atMs: nowMs, actor: actor.name, event: 'open', from: null, to: 'open', note: c.incidentId ? `← #${c.incidentId}` : null });
    await this.audit.append(trx, factsOf(actor, nowMs, { action: 'case.open', resourceType: 'case', resourceId: id, detail: { title: c.title, incidentId: c.incidentId } }));
    return id;
  }

  async list(): Promise<EvidenceCase[]> {
    return (await this.cases.list()).map((c) => this.toCase(c, c.clipCount));
  }

  async detail(id: number, viewer: CaseViewer): Promise<EvidenceCaseDetail> {
    const c = await this.get(id);
    const clips = await this.cases.clips(id);
    const names = new Map((await this.cameras.list()).map((cam) => [cam.id, cam.name]));
    return {
      ...this.toCase(c, clips.length),
      people: await this.cases.people(id),
      clips: clips.map((k) => toClip(k, names.get(k.cameraId) ?? `#${k.cameraId}`)),
      attachments: (await this.o.attachments.of(id)).map(toCaseAttachment),
      documents: await Promise.all((await this.cases.documents(id)).map((d) => this.toDocument(d))),
      history: await this.history.of('case', id),
      allowedEvents: eventsAllowed(CASE_MACHINE, c.state, { roles: viewer.roles }).filter((e) => e !== 'open'),
    };
  }

  async patch(id: number, p: z.output<typeof CasePatch>, viewer: CaseViewer, actor: Actor): Promise<EvidenceCase> {
    const c = await this.get(id);
    this.check(c.state, 'edit', viewer);
    await this.step(c, 'edit', actor, (trx) => this.cases.update(trx, id, p), p.title ? `${c.title} → ${p.title}` : null, { ...p });
    return this.summary(id);
  }

  async addPerson(id: number, p: z.output<typeof CasePersonInput>, viewer: CaseViewer, actor: Actor): Promise<EvidenceCaseDetail> {
    const c = await this.get(id);
    this.check(c.state, 'edit', viewer);
    await this.step(c, 'edit', actor, (trx) => this.cases.addPerson(trx, id, { name: p.name, role: p.role, className: p.className ?? null }),
      `+ ${p.name} (${p.role}${p.className ? `, ${p.className}` : ''})`, { person: p });
    return this.detail(id, viewer);
  }

  async removePerson(id: number, personId: number, viewer: CaseViewer, actor: Actor): Promise<EvidenceCaseDetail> {
    const c = await this.get(id);
    this.check(c.state, 'edit', viewer);
    const person = (await this.cases.people(id)).find((p) => p.id === personId);
    if (!person) throw notFound({ vi: 'người liên quan', en: 'person' });
    await this.step(c, 'edit', actor, (trx) => this.cases.removePerson(trx, id, personId), `− ${person.name}`, { removedPerson: person });
    return this.detail(id, viewer);
  }

  async addNote(id: number, text: string, viewer: CaseViewer, actor: Actor): Promise<EvidenceCaseDetail> {
    const c = await this.get(id);
    this.check(c.state, 'add_note', viewer);
    await this.step(c, 'add_note', actor, async () => undefined, text, {});
    return this.detail(id, viewer);
  }

  /**
   * R4.3: a clip is cut from the recordings once (stream copy, no re-encoding), hashed, kept in the
   * evidence folder, and its recorded footage held; what the biên bản lists is this file's SHA-256.
   */
  async attachClip(id: number, input: z.output<typeof CaseClipInput>, viewer: CaseViewer, actor: Actor): Promise<CaseClip> {
    const c = await this.get(id);
    this.check(c.state, 'attach_clip', viewer);
    const camera = await this.cameras.get(input.cameraId);
    if (!camera) throw notFound(WHAT.camera);
    const nowMs = this.o.now();
    const problem = clipProblem({ cameraId: input.cameraId, startMs: input.from, endMs: input.to }, nowMs, DEFAULT_EVIDENCE_SETTINGS);
    if (problem) throw invalid('case.clip', problem);
    const cut = await this.footage.clip(input.cameraId, { startMs: input.from, endMs: input.to });
    const dir = join(this.o.evidenceDir, String(id));
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `camera-${input.cameraId}-${stamp(input.from)}-${randomSuffix()}.mp4`;
      const file = join(dir, name);
      await rename(cut.file, file).catch(async () => {
        // Another file system (evidence on its own disk): copy through a .part file.
        await writeFile(`${file}.part`, await readFile(cut.file), { mode: 0o600 });
        await rename(`${file}.part`, file);
      });
      const { size } = await stat(file);
      const sha256 = await sha256File(file);
      const reason = { code: 'evidence', text: `Vụ việc #${id}: ${c.title}` };
      const clipId = await this.cases.transaction(async (trx) => {
        const cid = await this.cases.addClip(trx, {
          caseId: id, cameraId: input.cameraId, startMs: input.from, endMs: input.to, path: join(String(id), name), bytes: size, sha256,
          note: input.note ?? null, addedBy: actor.name, addedAtMs: nowMs,
        });
        await this.holds.create({ cameraId: input.cameraId, startMs: input.from, endMs: input.to, kind: 'case', subjectId: id, reason: reason.text, createdBy: actor.name, createdAt: nowMs, untilMs: null }, trx);
        await this.history.add(trx, { kind: 'case', id, atMs: nowMs, actor: actor.name, event: 'attach_clip', from: c.state, to: c.state, note: `${camera.name}: ${name} (SHA-256 ${sha256})` });
        await this.audit.append(trx, factsOf(actor, nowMs, {
          action: 'case.clip.attach', resourceType: 'case', resourceId: id, cameraId: input.cameraId, reason,
          detail: { clipId: cid, startMs: input.from, endMs: input.to, sha256, bytes: size },
        }));
        return cid;
      });
      const added = await this.cases.clip(id, clipId);
      if (!added) throw new Error('clip vanished');
      return toClip(added, camera.name);
    } finally {
      await cut.dispose();
    }
  }

  async clipFile(id: number, clipId: number, actor: Actor): Promise<{ path: string; name: string; bytes: number }> {
    await this.get(id);
    const clip = await this.cases.clip(id, clipId);
    if (!clip) throw notFound({ vi: 'đoạn ghi hình', en: 'clip' });
    // R3.1: taking the evidence file is a copy of footage: on the record with its reason.
    await this.cases.transaction((trx) => this.audit.append(trx, factsOf(actor, this.o.now(), {
      action: 'case.clip.download', resourceType: 'case', resourceId: id, cameraId: clip.cameraId,
      reason: { code: 'evidence', text: `Vụ việc #${id}` }, detail: { clipId, sha256: clip.sha256 },
    })));
    return { path: join(this.o.evidenceDir, clip.path), name: basename(clip.path), bytes: clip.bytes };
  }

  async close(id: number, note: string, viewer: CaseViewer, actor: Actor): Promise<EvidenceCase> {
    const c = await this.get(id);
    const to = this.check(c.state, 'close', viewer);
    const nowMs = this.o.now();
    const until = caseHoldUntil(nowMs, DEFAULT_EVIDENCE_SETTINGS);
    await this.step(c, 'close', actor, async (trx) => {
      await this.cases.update(trx, id, { state: to, closedAtMs: nowMs });
      // R4.3: evidence is kept until the case is closed and its retention period has passed.
      await this.holds.holdUntil('case', id, until, trx);
    }, note, { holdUntilMs: until }, to);
    return this.summary(id);
  }

  async reopen(id: number, reason: string, viewer: CaseViewer, actor: Actor): Promise<EvidenceCase> {
    const c = await this.get(id);
    const to = this.check(c.state, 'reopen', viewer);
    const problem = reopenProblem(reason);
    if (problem) throw invalid('case.reopen', problem);
    await this.step(c, 'reopen', actor, async (trx) => {
      await this.cases.update(trx, id, { state: to, closedAtMs: null });
      await this.holds.holdUntil('case', id, null, trx);
    }, reason, {}, to);
    return this.summary(id);
  }

  // ───────────── biên bản ─────────────

  async draft(id: number, input: z.output<typeof BienBanDraftInput>, viewer: CaseViewer, actor: Actor): Promise<CaseDocument> {
    const c = await this.get(id);
    this.checkDocument(null, 'draft', viewer);
    const nowMs = this.o.now();
    const docId = await this.cases.transaction(async (trx) => {
      const did = await this.cases.addDocument(trx, { caseId: id, content: JSON.stringify(input), createdBy: actor.name, createdAtMs: nowMs });
      await this.history.add(trx, { kind: 'case', id, atMs: nowMs, actor: actor.name, event: 'document.draft', from: c.state, to: c.state, note: input.subject });
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'case.document.draft', resourceType: 'case', resourceId: id, detail: { documentId: did } }));
      return did;
    });
    return this.document(id, docId);
  }

  async editDraft(id: number, docId: number, input: z.output<typeof BienBanDraftInput>, viewer: CaseViewer, actor: Actor): Promise<CaseDocument> {
    await this.get(id);
    const d = await this.document(id, docId);
    this.checkDocument(d.state, 'edit', viewer);
    const nowMs = this.o.now();
    await this.cases.transaction(async (trx) => {
      // R4.3: a finalised version never changes, even if a finalise raced this edit.
      if (!(await this.cases.editDraft(trx, docId, JSON.stringify(input)))) throw finalised();
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'case.document.edit', resourceType: 'case', resourceId: id, detail: { documentId: docId } }));
    });
    return this.document(id, docId);
  }

  /** Numbers it (yearly, Decree 30/2020), renders the PDF with the clips' hashes, stores it; immutable from here. */
  async finalise(id: number, docId: number, viewer: CaseViewer, actor: Actor): Promise<CaseDocument> {
    const c = await this.get(id);
    const d = await this.document(id, docId);
    this.checkDocument(d.state, 'finalise', viewer);
    const problem = finaliseProblem({ chair: d.content.chair.name, secretary: d.content.secretary.name, content: d.content.content.join('\n') });
    if (problem) throw invalid('document.incomplete', problem);
    const clips = await this.cases.clips(id);
    if (clips.length === 0) {
      throw invalid('document.noClips', { vi: 'Vụ việc chưa có đoạn ghi hình nào: hãy thêm đoạn ghi hình trước khi hoàn tất biên bản.', en: 'The case has no clip yet: attach the clips before finalising the minutes.' });
    }
    const nowMs = this.o.now();
    const year = documentYear(nowMs);
    const dir = join(this.o.evidenceDir, String(id));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // Read before the transaction: SQLite has one connection, and the transaction holds it.
    const ctx = await this.renderContext();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.cases.transaction(async (trx) => {
          const number = nextDocumentNumber(await this.cases.numbersOf(year, trx), year);
          const pdf = await this.render(d, clips, { number, year, issuedAtMs: nowMs, draft: false }, ctx);
          const rel = join(String(id), `bien-ban-${String(number).padStart(2, '0')}-${year}-v${d.version}.pdf`);
          await writeFile(join(this.o.evidenceDir, `${rel}.part`), pdf, { mode: 0o600 });
          await rename(join(this.o.evidenceDir, `${rel}.part`), join(this.o.evidenceDir, rel));
          const sha = createHash('sha256').update(pdf).digest('hex');
          if (!(await this.cases.finalise(trx, docId, { year, number, content: JSON.stringify(d.content), pdfPath: rel, pdfSha256: sha, by: actor.name, atMs: nowMs }))) throw finalised();
          const label = formatDocumentNumber(number, 'BB', ctx.school.abbreviation);
          await this.history.add(trx, { kind: 'case', id, atMs: nowMs, actor: actor.name, event: 'document.finalise', from: c.state, to: c.state, note: `${label} (SHA-256 ${sha})` });
          await this.audit.append(trx, factsOf(actor, nowMs, { action: 'case.document.finalise', resourceType: 'case', resourceId: id, detail: { documentId: docId, number: label, sha256: sha } }));
        });
        break;
      } catch (err) {
        // Two finalising at once may pick the same number: the unique index refuses one; it takes the next.
        if (attempt < 3 && /UNIQUE|unique/.test(String(err))) continue;
        throw err;
      }
    }
    return this.document(id, docId);
  }

  /** The PDF: a finalised version exactly as stored; a draft rendered now, marked as a draft. */
  async pdf(id: number, docId: number): Promise<{ bytes: Buffer; name: string }> {
    await this.get(id);
    const d = await this.document(id, docId);
    const raw = await this.rawDocument(id, docId);
    if (d.state === 'finalised' && raw.pdfPath) return { bytes: await readFile(join(this.o.evidenceDir, raw.pdfPath)), name: basename(raw.pdfPath) };
    const nowMs = this.o.now();
    const year = documentYear(nowMs);
    const next = await this.cases.transaction(async (trx) => nextDocumentNumber(await this.cases.numbersOf(year, trx), year));
    const bytes = await this.render(d, await this.cases.clips(id), { number: next, year, issuedAtMs: nowMs, draft: true }, await this.renderContext());
    return { bytes, name: `bien-ban-nhap-vu-viec-${id}-v${d.version}.pdf` };
  }

  private async renderContext() {
    return { school: await this.school(), names: new Map((await this.cameras.list()).map((cam) => [cam.id, cam.name])) };
  }

  /** Pure of the database (it may run inside a transaction): all it reads comes in `ctx`. */
  private async render(d: CaseDocument, clips: ClipRecord[], o: { number: number; year: number; issuedAtMs: number; draft: boolean }, ctx: { school: z.output<typeof DocumentSchool>; names: Map<number, string> }): Promise<Buffer> {
    const { names } = ctx;
    try {
      return await renderBienBan({
        school: ctx.school, number: o.number, year: o.year, issuedAt: o.issuedAtMs, subject: d.content.subject,
        startedAt: d.content.startedAt, endedAt: d.content.endedAt, place: d.content.place, present: d.content.present,
        chair: d.content.chair, secretary: d.content.secretary, content: d.content.content, recipients: d.content.recipients,
        clips: clips.map((k) => ({ camera: names.get(k.cameraId) ?? `Camera ${k.cameraId}`, startMs: k.startMs, endMs: k.endMs, sha256: k.sha256, fileName: basename(k.path), bytes: k.bytes })),
        draft: o.draft, version: d.version,
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new AppError(422, 'document.render', { vi: `Không tạo được biên bản PDF: ${why}`, en: `The minutes PDF could not be made: ${why}` });
    }
  }

  async get(id: number): Promise<CaseRecord> {
    const c = await this.cases.get(id);
    if (!c) throw notFound(CASE);
    return c;
  }

  private async summary(id: number): Promise<EvidenceCase> {
    return this.toCase(await this.get(id), (await this.cases.clips(id)).length);
  }

  private async rawDocument(id: number, docId: number): Promise<DocumentRecord> {
    const d = await this.cases.document(id, docId);
    if (!d) throw notFound(DOCUMENT);
    return d;
  }

  private async document(id: number, docId: number): Promise<CaseDocument> {
    return await this.toDocument(await this.rawDocument(id, docId));
  }

  private check(state: CaseRecord['state'] | null, event: CaseEvent, viewer: CaseViewer): CaseRecord['state'] {
    const outcome = transition(CASE_MACHINE, state, event, { roles: viewer.roles });
    if (!outcome.ok) throw new AppError(outcome.problem.code === 'workflow.notAllowed' ? 403 : 409, outcome.problem.code, outcome.problem);
    return outcome.to;
  }

  private checkDocument(state: CaseDocument['state'] | null, event: 'draft' | 'edit' | 'finalise', viewer: CaseViewer): void {
    const outcome = transition(BIEN_BAN_MACHINE, state, event, { roles: viewer.roles });
    if (!outcome.ok) throw new AppError(outcome.problem.code === 'workflow.notAllowed' ? 403 : 409, outcome.problem.code, outcome.problem);
  }

  private async step(c: CaseRecord, event: CaseEvent, actor: Actor, change: (trx: Trx) => Promise<unknown>, note: string | null, detail: Record<string, unknown>, to = c.state): Promise<void> {
    const nowMs = this.o.now();
    await this.cases.transaction(async (trx) => {
      await change(trx);
      await this.history.add(trx, { kind: 'case', id: c.id, atMs: nowMs, actor: actor.name, event, from: c.state, to, note });
      await this.audit.append(trx, factsOf(actor, nowMs, { action: `case.${event}`, resourceType: 'case', resourceId: c.id, detail }));
    });
  }

  private toCase(c: CaseRecord, clipCount: number): EvidenceCase {
    return { ...c, holdUntilMs: caseHoldUntil(c.closedAtMs, DEFAULT_EVIDENCE_SETTINGS), clipCount };
  }

  private async toDocument(d: DocumentRecord): Promise<CaseDocument> {
    const school = await this.school();
    return {
      id: d.id, version: d.version, state: d.state, number: d.number !== null ? formatDocumentNumber(d.number, 'BB', school.abbreviation) : null,
      content: JSON.parse(d.content) as CaseDocument['content'], pdfSha256: d.pdfSha256, createdBy: d.createdBy, createdAtMs: d.createdAtMs,
      finalisedBy: d.finalisedBy, finalisedAtMs: d.finalisedAtMs,
    };
  }
}

const finalised = () => conflict('document.finalised', {
  vi: 'Biên bản này đã hoàn tất và không thể sửa. Hãy tạo một bản sửa đổi mới.',
  en: 'These minutes are finalised and cannot change. Make a new revision instead.',
});

function toClip(k: ClipRecord, cameraName: string): CaseClip {
  return { id: k.id, cameraId: k.cameraId, cameraName, startMs: k.startMs, endMs: k.endMs, fileName: basename(k.path), bytes: k.bytes, sha256: k.sha256, addedBy: k.addedBy, addedAtMs: k.addedAtMs, note: k.note };
}

/** 20261125-0815 in the school's time (file names people read). */
function stamp(ms: number): string {
  const d = new Date(ms + 7 * 3_600_000).toISOString();
  return `${d.slice(0, 10).replace(/-/g, '')}-${d.slice(11, 19).replace(/:/g, '')}`;
}

function randomSuffix(): string {
  return createHash('sha256').update(`${process.hrtime.bigint()}-${Math.random()}`).digest('hex').slice(0, 6);
}

