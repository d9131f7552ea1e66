import { readdir, mkdir, rm } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { ExportJob } from '../../contract/workflows.js';
import { REASON_LABELS, type ReasonCode, reasonProblem } from '../../domain/reasons.js';
import { formatDocumentNumber } from '../../domain/workflows/evidence-case.js';
import { conflict, invalid, notFound } from '../errors.js';
import { sha256File } from '../evidence/hash-file.js';
import { buildEvidencePackage } from '../evidence/package.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { CameraRepository } from '../repositories/cameras.js';
import type { CaseAttachmentRepository } from '../repositories/case-attachments.js';
import type { CaseRecord, CaseRepository, ClipRecord } from '../repositories/cases.js';
import type { HistoryRepository } from '../repositories/history.js';
import type { SigningKey } from '../repositories/signing-key.js';
import { type Actor, factsOf } from './actor.js';
import type { CaseService } from './cases.js';

/**
 * R4.3 evidence export: a case's clips, finalised biên bản and attachments in a zip with a signed
 * manifest (Ed25519), built in the background with progress — or written where the command line
 * says and awaited. Every export is on the case's history and in the audit log, camera by camera,
 * with its reason, before a byte is written.
 */
export class EvidenceExportService {
  private progress = new Map<number, { done: number; total: number }>();

  constructor(
    private readonly caseService: CaseService,
    private readonly cases: CaseRepository,
    private readonly attachments: CaseAttachmentRepository,
    private readonly history: HistoryRepository,
    private readonly cameras: CameraRepository,
    private readonly audit: AuditRepository,
    private readonly key: SigningKey,
    private readonly o: { evidenceDir: string; exportsDir: string; now: () => number },
  ) {}

  /** The key evidence packages are signed with; verify compares a package's key with it. */
  publicKeyPem(): string {
    return this.key.publicKeyPem();
  }

  async start(id: number, reason: { reasonCode: ReasonCode; reasonText: string }, actor: Actor, displayName: string): Promise<ExportJob> {
    const { c, clips, exportId, file } = await this.recordExport(id, reason, actor, null);
    const running = this.exportPackage(c, clips, file, { reason, actor, displayName, exportId });
    void running.catch(() => undefined);
    return this.job(exportId);
  }

  /** `vigil case export`: the same package, the same audit, written where the operator says and awaited. */
  async exportTo(id: number, outFile: string, reason: { reasonCode: ReasonCode; reasonText: string }, actor: Actor, displayName: string, onProgress?: (done: number, total: number) => void) {
    const { c, clips, exportId } = await this.recordExport(id, reason, actor, outFile);
    return this.exportPackage(c, clips, outFile, { reason, actor, displayName, exportId, ...(onProgress ? { onProgress } : {}) });
  }

  /** Checks, then puts the export on the record (history, and the audit log camera by camera) before any byte is written. */
  private async recordExport(id: number, reason: { reasonCode: ReasonCode; reasonText: string }, actor: Actor, outFile: string | null) {
    const c = await this.caseService.get(id);
    const problem = reasonProblem(reason.reasonCode, reason.reasonText);
    if (problem) throw invalid('reason.missing', problem);
    const clips = await this.cases.clips(id);
    const attachments = await this.attachments.of(id);
    if (clips.length === 0) throw invalid('export.noClips', { vi: 'Vụ việc chưa có đoạn ghi hình nào để xuất.', en: 'The case has no clip to export.' });
    const nowMs = this.o.now();
    await mkdir(this.o.exportsDir, { recursive: true, mode: 0o700 });
    // An export written by the command line keeps its full path: it is not one the web app hands out.
    const fileName = outFile ? resolve(outFile) : `vu-viec-${id}-${stamp(nowMs)}.zip`;
    const exportId = await this.cases.transaction(async (trx) => {
      const eid = await this.cases.addExport(trx, { caseId: id, path: fileName, reasonCode: reason.reasonCode, reasonText: reason.reasonText, createdBy: actor.name, createdAtMs: nowMs });
      await this.history.add(trx, { kind: 'case', id, atMs: nowMs, actor: actor.name, event: 'export', from: c.state, to: c.state, note: `${REASON_LABELS[reason.reasonCode].vi}: ${reason.reasonText}` });
      // R3.1, R2.3: a copy of the footage leaves the system — audited with its reason, camera by camera.
      for (const cameraId of new Set(clips.map((k) => k.cameraId))) {
        await this.audit.append(trx, factsOf(actor, nowMs, {
          action: 'case.export', resourceType: 'case', resourceId: id, cameraId, reason: { code: reason.reasonCode, text: reason.reasonText },
          detail: {
            exportId: eid, clips: clips.filter((k) => k.cameraId === cameraId).map((k) => ({ id: k.id, sha256: k.sha256 })),
            attachments: attachments.map((a) => ({ id: a.id, name: a.fileName, sha256: a.sha256 })), ...(outFile ? { to: outFile } : {}),
          },
        }));
      }
      return eid;
    });
    return { c, clips, exportId, file: outFile ?? join(this.o.exportsDir, fileName) };
  }

  /** Builds the package; the job row says how it ended. Also what `vigil case export` awaits. */
  private async exportPackage(c: CaseRecord, clips: ClipRecord[], outFile: string, o: { reason: { reasonCode: ReasonCode; reasonText: string }; actor: Actor; displayName: string; exportId: number | null; onProgress?: (done: number, total: number) => void }): Promise<{ file: string; bytes: number; sha256: string }> {
    const names = new Map((await this.cameras.list()).map((cam) => [cam.id, cam.name]));
    const docs = (await this.cases.documents(c.id)).filter((d) => d.state === 'finalised' && d.pdfPath);
    const school = await this.caseService.school();
    const last = docs.at(-1);
    if (o.exportId !== null) this.progress.set(o.exportId, { done: 0, total: 1 });
    try {
      const built = await buildEvidencePackage({
        outFile,
        files: [
          ...clips.map((k) => ({ path: `clips/${basename(k.path)}`, source: join(this.o.evidenceDir, k.path), kind: 'clip' as const })),
          ...docs.map((d) => ({ path: `bien-ban/${basename(d.pdfPath ?? '')}`, source: join(this.o.evidenceDir, d.pdfPath ?? ''), kind: 'document' as const })),
          ...(await this.attachments.of(c.id)).map((a) => ({ path: `attachments/${a.fileName}`, source: join(this.o.evidenceDir, a.path), kind: 'attachment' as const })),
        ],
        clips: clips.map((k) => ({ path: `clips/${basename(k.path)}`, cameraId: k.cameraId, cameraName: names.get(k.cameraId) ?? `Camera ${k.cameraId}`, startMs: k.startMs, endMs: k.endMs })),
        case: { id: c.id, title: c.title, ...(last?.number && last.year ? { number: formatDocumentNumber(last.number, 'BB', school.abbreviation) } : {}) },
        schoolName: school.name,
        exportedBy: { username: o.actor.name, displayName: o.displayName },
        exportedAtMs: this.o.now(),
        reason: { code: o.reason.reasonCode, text: o.reason.reasonText },
        signingKey: this.key,
        onProgress: (done, total) => {
          if (o.exportId !== null) this.progress.set(o.exportId, { done, total });
          o.onProgress?.(done, total);
        },
      });
      const sha256 = await sha256File(built.file);
      if (o.exportId !== null) await this.cases.finishExport(o.exportId, { state: 'done', bytes: built.bytes, sha256, atMs: this.o.now() });
      return { file: built.file, bytes: built.bytes, sha256 };
    } catch (err) {
      if (o.exportId !== null) await this.cases.finishExport(o.exportId, { state: 'failed', error: err instanceof Error ? err.message : String(err), atMs: this.o.now() });
      throw err;
    } finally {
      if (o.exportId !== null) this.progress.delete(o.exportId);
    }
  }

  async job(exportId: number): Promise<ExportJob> {
    const e = await this.cases.export(exportId);
    if (!e) throw notFound({ vi: 'gói xuất', en: 'export' });
    const p = this.progress.get(exportId);
    return {
      id: e.id, caseId: e.caseId, state: e.state, bytesDone: e.state === 'done' ? (e.bytes ?? 0) : (p?.done ?? 0), bytesTotal: e.state === 'done' ? (e.bytes ?? 0) : (p?.total ?? 0),
      fileName: e.path, sha256: e.sha256, error: e.error, createdBy: e.createdBy, createdAtMs: e.createdAtMs,
    };
  }

  async file(exportId: number, actor: Actor): Promise<{ path: string; name: string }> {
    const e = await this.cases.export(exportId);
    if (!e) throw notFound({ vi: 'gói xuất', en: 'export' });
    if (e.state !== 'done') throw conflict('export.notReady', { vi: 'Gói chứng cứ chưa xuất xong.', en: 'The evidence package is not ready yet.' });
    if (isAbsolute(e.path)) throw notFound({ vi: 'gói xuất (đã ghi ra tệp trên máy chủ bằng dòng lệnh)', en: 'export (written to a file on the server by the command line)' });
    await this.cases.transaction((trx) => this.audit.append(trx, factsOf(actor, this.o.now(), {
      action: 'case.export.download', resourceType: 'case', resourceId: e.caseId, reason: { code: e.reasonCode, text: e.reasonText }, detail: { exportId, sha256: e.sha256 },
    })));
    return { path: join(this.o.exportsDir, e.path), name: e.path };
  }

  /** A server stopped mid-export: those jobs end as failed, and their half-written .part files go. */
  async recover(): Promise<void> {
    await this.cases.failRunningExports(this.o.now());
    const left = await readdir(this.o.exportsDir).catch(() => [] as string[]);
    for (const name of left) if (name.endsWith('.part')) await rm(join(this.o.exportsDir, name), { force: true });
  }
}

function stamp(ms: number): string {
  const d = new Date(ms + 7 * 3_600_000).toISOString();
  return `${d.slice(0, 10).replace(/-/g, '')}-${d.slice(11, 19).replace(/:/g, '')}`;
}
