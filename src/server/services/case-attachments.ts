import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CaseAttachment } from '../../contract/workflows.js';
import {
  ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, type AttachmentMediaType, TOO_LARGE, attachmentMediaType, contentProblem, nameProblem, unsupportedType,
} from '../../domain/attachments.js';
import { CASE_MACHINE, type CaseEvent } from '../../domain/workflows/evidence-case.js';
import { transition } from '../../domain/workflows/machine.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import { syncDir as fsync } from '../evidence/package.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { AttachmentRecord, CaseAttachmentRepository } from '../repositories/case-attachments.js';
import type { CaseRecord, CaseRepository } from '../repositories/cases.js';
import type { HistoryRepository } from '../repositories/history.js';
import type { Trx } from '../repositories/segments.js';
import { type Actor, factsOf } from './actor.js';
import type { CaseViewer } from './cases.js';

const CASE = { vi: 'vụ việc', en: 'case' };
const ATTACHMENT = { vi: 'tệp đính kèm', en: 'attachment' };
/** Enough of the start of a file to tell its type. */
const HEAD_BYTES = 512;

export interface AttachmentUpload {
  name: string;
  note: string | null;
  /** The request's Content-Type: the file's media type. */
  contentType: string | undefined;
  /** The request's Content-Length, when given: a file too large is refused before a byte is read. */
  declaredBytes: number | null;
  body: NodeJS.ReadableStream | null;
}

/** What the case detail and the web app show of an attachment. */
export const toCaseAttachment = (a: AttachmentRecord): CaseAttachment => ({
  id: a.id, fileName: a.fileName, mediaType: a.mediaType, bytes: a.bytes, sha256: a.sha256, note: a.note, addedBy: a.addedBy, addedAtMs: a.addedAtMs,
});

/**
 * R4.3 "notes and attachments": files other than clips — a written statement, a photo, a scanned
 * letter. Each is written to the evidence folder (a .part file, flushed, renamed), hashed, and put
 * on the case's history and the audit log in one transaction; it goes into the evidence package.
 */
export class CaseAttachmentService {
  constructor(
    private readonly attachments: CaseAttachmentRepository,
    private readonly cases: CaseRepository,
    private readonly history: HistoryRepository,
    private readonly audit: AuditRepository,
    private readonly o: { evidenceDir: string; now: () => number },
  ) {}

  async list(caseId: number): Promise<CaseAttachment[]> {
    return (await this.attachments.of(caseId)).map(toCaseAttachment);
  }

  async add(caseId: number, up: AttachmentUpload, viewer: CaseViewer, actor: Actor): Promise<CaseAttachment> {
    const c = await this.caseOf(caseId);
    checkStep(c.state, 'add_attachment', viewer);
    const type = attachmentMediaType(up.contentType);
    if (!type) throw new AppError(415, 'attachment.type', unsupportedType(up.contentType));
    const badName = nameProblem(up.name, type);
    if (badName) throw invalid('attachment.name', badName);
    if (up.declaredBytes !== null && up.declaredBytes > ATTACHMENT_MAX_BYTES) throw tooLarge();
    if (await this.attachments.byName(caseId, up.name)) throw duplicate(up.name);
    if (!up.body) throw empty();
    const rel = join(String(caseId), 'attachments', `${randomBytes(8).toString('hex')}.${ATTACHMENT_TYPES[type].extensions[0]}`);
    const file = join(this.o.evidenceDir, rel);
    const stored = await this.store(up.body, file, type);
    const nowMs = this.o.now();
    try {
      const id = await this.cases.transaction(async (trx) => {
        await this.stillOpen(trx, caseId, 'add_attachment', viewer);
        if (await this.attachments.byName(caseId, up.name, trx)) throw duplicate(up.name);
        const aid = await this.attachments.add(trx, {
          caseId, fileName: up.name, mediaType: type, path: rel, bytes: stored.bytes, sha256: stored.sha256, note: up.note, addedBy: actor.name, addedAtMs: nowMs,
        });
        await this.history.add(trx, { kind: 'case', id: caseId, atMs: nowMs, actor: actor.name, event: 'add_attachment', from: c.state, to: c.state, note: `${up.name} (SHA-256 ${stored.sha256})` });
        await this.audit.append(trx, factsOf(actor, nowMs, {
          action: 'case.attachment.add', resourceType: 'case', resourceId: caseId,
          detail: { attachmentId: aid, fileName: up.name, mediaType: type, bytes: stored.bytes, sha256: stored.sha256 },
        }));
        return aid;
      });
      const added = await this.attachments.get(caseId, id);
      if (!added) throw new Error('attachment vanished');
      return toCaseAttachment(added);
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
  }

  /** The file to send; taking it is on the record (R3.1: evidence leaves the system). */
  async file(caseId: number, attachmentId: number, actor: Actor): Promise<{ path: string; name: string; mediaType: string }> {
    await this.caseOf(caseId);
    const a = await this.attachments.get(caseId, attachmentId);
    if (!a) throw notFound(ATTACHMENT);
    await this.cases.transaction((trx) => this.audit.append(trx, factsOf(actor, this.o.now(), {
      action: 'case.attachment.download', resourceType: 'case', resourceId: caseId, detail: { attachmentId, fileName: a.fileName, sha256: a.sha256 },
    })));
    return { path: join(this.o.evidenceDir, a.path), name: a.fileName, mediaType: a.mediaType };
  }

  /** Only while the case is open (R4.3): the history and the audit log keep its name and SHA-256. */
  async remove(caseId: number, attachmentId: number, viewer: CaseViewer, actor: Actor): Promise<void> {
    const c = await this.caseOf(caseId);
    checkStep(c.state, 'remove_attachment', viewer);
    const a = await this.attachments.get(caseId, attachmentId);
    if (!a) throw notFound(ATTACHMENT);
    const nowMs = this.o.now();
    await this.cases.transaction(async (trx) => {
      await this.stillOpen(trx, caseId, 'remove_attachment', viewer);
      if (!(await this.attachments.remove(trx, caseId, attachmentId))) throw notFound(ATTACHMENT);
      await this.history.add(trx, { kind: 'case', id: caseId, atMs: nowMs, actor: actor.name, event: 'remove_attachment', from: c.state, to: c.state, note: `${a.fileName} (SHA-256 ${a.sha256})` });
      await this.audit.append(trx, factsOf(actor, nowMs, {
        action: 'case.attachment.remove', resourceType: 'case', resourceId: caseId, detail: { attachmentId, fileName: a.fileName, bytes: a.bytes, sha256: a.sha256 },
      }));
    });
    await rm(join(this.o.evidenceDir, a.path), { force: true });
  }

  /** Streams the body to `<file>.part` (counted, hashed, its first bytes kept), flushes it, checks it, renames it. */
  private async store(body: NodeJS.ReadableStream, file: string, type: AttachmentMediaType): Promise<{ bytes: number; sha256: string }> {
    const part = `${file}.part`;
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const hash = createHash('sha256');
    let bytes = 0;
    const head: Buffer[] = [];
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        if (bytes > ATTACHMENT_MAX_BYTES) return cb(tooLarge());
        if (bytes - chunk.length < HEAD_BYTES) head.push(chunk.subarray(0, HEAD_BYTES));
        hash.update(chunk);
        return cb(null, chunk);
      },
    });
    try {
      await pipeline(body, count, createWriteStream(part, { mode: 0o600, flags: 'wx' }));
      if (bytes === 0) throw empty();
      const problem = contentProblem(type, Buffer.concat(head).subarray(0, HEAD_BYTES));
      if (problem) throw invalid('attachment.content', problem);
      await fsync(part);
      await rename(part, file);
      await fsync(dirname(file));
      return { bytes, sha256: hash.digest('hex') };
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
  }

  private async caseOf(id: number, trx?: Trx): Promise<CaseRecord> {
    const c = await this.cases.get(id, trx);
    if (!c) throw notFound(CASE);
    return c;
  }

  /** Read again inside the transaction: a case closed meanwhile takes nothing more. */
  private async stillOpen(trx: Trx, caseId: number, event: CaseEvent, viewer: CaseViewer): Promise<void> {
    checkStep((await this.caseOf(caseId, trx)).state, event, viewer);
  }
}

function checkStep(state: CaseRecord['state'], event: CaseEvent, viewer: CaseViewer): void {
  const outcome = transition(CASE_MACHINE, state, event, { roles: viewer.roles });
  if (!outcome.ok) throw new AppError(outcome.problem.code === 'workflow.notAllowed' ? 403 : 409, outcome.problem.code, outcome.problem);
}

const tooLarge = () => new AppError(413, 'attachment.tooLarge', TOO_LARGE);
const empty = () => invalid('attachment.empty', { vi: 'Tệp gửi lên rỗng. Hãy chọn lại tệp cần đính kèm.', en: 'The file sent is empty. Choose the file to attach again.' });
const duplicate = (name: string) => conflict('attachment.duplicate', {
  vi: `Vụ việc đã có tệp tên “${name}”. Hãy đổi tên tệp rồi gửi lại, hoặc gỡ tệp cũ trước.`,
  en: `The case already has a file named “${name}”. Rename the file and send it again, or remove the old one first.`,
});
