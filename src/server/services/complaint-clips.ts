import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RedactionClip } from '../../contract/complaints.js';
import { type RedactionBox, checkRedactionBoxes, proposeRedactions } from '../../domain/redaction.js';
import { vietnamDate } from '../../domain/workflows/outsider-request.js';
import { sha256File } from '../evidence/hash-file.js';
import { AppError, WHAT, conflict, invalid, notFound } from '../errors.js';
import { detectFaces } from '../redaction/faces.js';
import { probeVideo } from '../redaction/probe.js';
import { renderRedacted } from '../redaction/render.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { CameraRepository } from '../repositories/cameras.js';
import type { ComplaintRecord, ComplaintRepository, RedactionClipRecord } from '../repositories/complaints.js';
import type { HistoryRepository } from '../repositories/history.js';
import type { HoldRepository } from '../repositories/holds.js';
import { type Actor, factsOf } from './actor.js';
import { type FootageService, watermarkFont } from './footage.js';

/** R3.3: a clip given to a filer is at most this long; longer footage is several clips. */
export const MAX_REDACTION_CLIP_MS = 10 * 60_000;

const WHAT_CLIP = { vi: 'đoạn ghi hình cần làm mờ', en: 'clip to redact' };
const complaintReason = (c: Pick<ComplaintRecord, 'id' | 'trackingCode'>) => ({ code: 'complaint', text: `Đơn ${c.trackingCode} (#${c.id}): làm mờ người khác trước khi trả lời` });

const sameBoxes = (a: readonly RedactionBox[] | null, b: readonly RedactionBox[]): boolean => a !== null && JSON.stringify(a) === JSON.stringify(b);

/**
 * R3.3: the clips leadership prepares to answer a complaint — cut from the recordings once (stream
 * copy), then other people blurred: rectangles drawn by hand, or proposed by face detection, and
 * rendered by ffmpeg. Detection and rendering run one at a time in the background with progress;
 * a stopped server leaves no clip "running" (see `recover`).
 */
export class ComplaintClipService {
  /** Running jobs: progress 0..1 and how to stop them. */
  private readonly jobs = new Map<number, { progress: number; abort: AbortController }>();
  /** One heavy job at a time: detection and rendering take both cores of a small school server. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly complaints: ComplaintRepository,
    private readonly history: HistoryRepository,
    private readonly holds: HoldRepository,
    private readonly cameras: CameraRepository,
    private readonly footage: FootageService,
    private readonly audit: AuditRepository,
    private readonly o: { evidenceDir: string; now: () => number },
  ) {}

  /** Clips left detecting or rendering when the server stopped: back to drawing, with a word why. */
  async recover(): Promise<void> {
    for (const c of await this.complaints.interruptedClips()) {
      await this.complaints.transaction((trx) => this.complaints.updateClip(trx, c.id, {
        state: 'cut', error: 'Việc xử lý bị dừng do máy chủ khởi động lại. Hãy chạy lại. (Interrupted by a server restart: run it again.)',
      }));
    }
  }

  async stop(): Promise<void> {
    for (const job of this.jobs.values()) job.abort.abort();
    await this.queue.catch(() => undefined);
  }

  async list(c: ComplaintRecord): Promise<RedactionClip[]> {
    const names = await this.cameraNames();
    return (await this.complaints.clips(c.id)).map((k) => this.view(k, names));
  }

  async get(c: ComplaintRecord, clipId: number): Promise<RedactionClip> {
    return this.view(await this.record(c.id, clipId), await this.cameraNames());
  }

  /**
   * Cut the footage concerned (R3.3) from the recordings: stream copy, kept in the evidence folder.
   * Watching it is a use of footage, so the cut is audited with its reason; the footage is held.
   */
  async cut(c: ComplaintRecord, input: { cameraId: number; from: number; to: number }, actor: Actor): Promise<RedactionClip> {
    this.stillOpen(c);
    const camera = await this.cameras.get(input.cameraId);
    if (!camera) throw notFound(WHAT.camera);
    if (input.to - input.from > MAX_REDACTION_CLIP_MS) {
      throw invalid('complaint.clipTooLong', { vi: 'Một đoạn cần làm mờ dài tối đa 10 phút. Hãy chia thành nhiều đoạn.', en: 'A clip to redact is at most 10 minutes. Split it into several.' });
    }
    if (input.to > this.o.now()) throw invalid('complaint.clipFuture', { vi: 'Đoạn ghi hình phải nằm trong quá khứ.', en: 'The clip must be in the past.' });
    const cut = await this.footage.clip(input.cameraId, { startMs: input.from, endMs: input.to });
    const dir = join(this.o.evidenceDir, 'complaints', String(c.id));
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `source-camera-${input.cameraId}-${input.from}-${Date.now().toString(36)}.mp4`;
      const file = join(dir, name);
      await rename(cut.file, file);
      const info = await probeVideo(file);
      const nowMs = this.o.now();
      const reason = complaintReason(c);
      const clipId = await this.complaints.transaction(async (trx) => {
        const id = await this.complaints.addClip(trx, {
          complaintId: c.id, cameraId: input.cameraId, fromMs: input.from, toMs: input.to, sourcePath: join('complaints', String(c.id), name),
          durationS: info.durationS, width: info.width, height: info.height, state: 'cut', boxes: [], proposals: [], renderedPath: null,
          renderedBoxes: null, renderedSha256: null, error: null, createdBy: actor.name, createdAtMs: nowMs, releasedAtMs: null,
        });
        await this.holds.create({ cameraId: input.cameraId, startMs: input.from, endMs: input.to, kind: 'complaint', subjectId: c.id, reason: reason.text, createdBy: actor.name, createdAt: nowMs, untilMs: null }, trx);
        await this.history.add(trx, { kind: 'complaint', id: c.id, atMs: nowMs, actor: actor.name, event: 'cut_clip', from: c.state, to: c.state, note: `${camera.name}: ${name}` });
        await this.audit.append(trx, factsOf(actor, nowMs, {
          action: 'complaint.clip.cut', resourceType: 'complaint', resourceId: c.id, cameraId: input.cameraId, reason,
          detail: { clipId: id, from: input.from, to: input.to },
        }));
        return id;
      });
      return this.get(c, clipId);
    } finally {
      await cut.dispose();
    }
  }

  /** The rectangles to blur, as drawn or accepted (fractions of the picture, seconds of the clip). */
  async setBoxes(c: ComplaintRecord, clipId: number, boxes: RedactionBox[], actor: Actor, proposals?: RedactionBox[]): Promise<RedactionClip> {
    this.stillOpen(c);
    const k = await this.record(c.id, clipId);
    this.idle(k);
    const problems = checkRedactionBoxes(boxes, k.durationS);
    if (problems.length > 0) {
      const first = problems[0];
      const which = first && 'index' in first ? ` (#${first.index + 1})` : '';
      throw invalid('complaint.boxes', {
        vi: `Có vùng làm mờ không hợp lệ${which}: vùng phải nằm trong khung hình và bắt đầu trong thời lượng đoạn ghi hình (tối đa 500 vùng).`,
        en: `A blurred area is not valid${which}: it must lie inside the picture and start within the clip (500 areas at most).`,
      }, problems);
    }
    const nowMs = this.o.now();
    await this.complaints.transaction(async (trx) => {
      await this.complaints.updateClip(trx, clipId, {
        boxes, state: sameBoxes(k.renderedBoxes, boxes) && k.renderedPath ? 'rendered' : 'cut', error: null, ...(proposals ? { proposals } : {}),
      });
      await this.history.add(trx, { kind: 'complaint', id: c.id, atMs: nowMs, actor: actor.name, event: 'set_redaction', from: c.state, to: c.state, note: `#${clipId}: ${boxes.length} vùng làm mờ` });
    });
    return this.get(c, clipId);
  }

  /** R3.3: face detection proposes rectangles (offline, on the CPU); leadership accepts or not. */
  async detect(c: ComplaintRecord, clipId: number, actor: Actor): Promise<RedactionClip> {
    this.stillOpen(c);
    const k = await this.record(c.id, clipId);
    this.idle(k);
    await this.complaints.transaction((trx) => this.complaints.updateClip(trx, clipId, { state: 'detecting', error: null }));
    this.run(clipId, async (signal, progress) => {
      const frames = await detectFaces(join(this.o.evidenceDir, k.sourcePath), { signal, onProgress: progress });
      const proposals = proposeRedactions(frames, { durationS: k.durationS });
      const now = await this.complaints.clip(c.id, clipId);
      await this.complaints.transaction(async (trx) => {
        await this.complaints.updateClip(trx, clipId, { proposals, state: now && sameBoxes(now.renderedBoxes, now.boxes) && now.renderedPath ? 'rendered' : 'cut' });
        await this.history.add(trx, { kind: 'complaint', id: c.id, atMs: this.o.now(), actor: actor.name, event: 'detect_faces', from: c.state, to: c.state, note: `#${clipId}: ${proposals.length} vùng đề xuất` });
      });
    });
    return this.get(c, clipId);
  }

  /** R3.3: ffmpeg blurs the rectangles over their time ranges; the file is hashed when done. */
  async render(c: ComplaintRecord, clipId: number, actor: Actor): Promise<RedactionClip> {
    this.stillOpen(c);
    const k = await this.record(c.id, clipId);
    this.idle(k);
    if (k.boxes.length === 0) {
      throw invalid('complaint.noBoxes', {
        vi: 'Chưa có vùng làm mờ nào. Hãy vẽ vùng che những người khác (hoặc dùng đề xuất khuôn mặt) rồi lưu.',
        en: 'No area to blur yet. Draw over the other people (or use the face proposals) and save.',
      });
    }
    const boxes = k.boxes;
    await this.complaints.transaction((trx) => this.complaints.updateClip(trx, clipId, { state: 'rendering', error: null }));
    this.run(clipId, async (signal, progress) => {
      const rel = join('complaints', String(c.id), `redacted-${clipId}-${Date.now().toString(36)}.mp4`);
      const out = join(this.o.evidenceDir, rel);
      // R3.3: the clip given out names the complaint it answers, like a clip under a grant (R4.2).
      const watermark = { textFile: `${out}.watermark.txt`, fontFile: await watermarkFont() };
      await writeFile(watermark.textFile, `Đơn ${c.trackingCode} · ${vietnamDate(this.o.now())} · Không chia sẻ`, { mode: 0o600 });
      try {
        await renderRedacted(join(this.o.evidenceDir, k.sourcePath), boxes, out, progress, { signal, watermark });
      } finally {
        await rm(watermark.textFile, { force: true });
      }
      const sha256 = await sha256File(out);
      const { size } = await stat(out);
      const previous = (await this.complaints.clip(c.id, clipId))?.renderedPath ?? null;
      await this.complaints.transaction(async (trx) => {
        await this.complaints.updateClip(trx, clipId, { state: 'rendered', renderedPath: rel, renderedBoxes: boxes, renderedSha256: sha256 });
        await this.history.add(trx, {
          kind: 'complaint', id: c.id, atMs: this.o.now(), actor: actor.name, event: 'render_redaction', from: c.state, to: c.state,
          note: `#${clipId}: ${boxes.length} vùng, ${(size / 1e6).toFixed(1)} MB, SHA-256 ${sha256}`,
        });
      });
      // A redacted file never released is replaced; a released one is kept as given.
      const released = (await this.complaints.clip(c.id, clipId))?.releasedAtMs ?? null;
      if (previous && previous !== rel && released === null) await rm(join(this.o.evidenceDir, previous), { force: true });
    });
    return this.get(c, clipId);
  }

  /** The unredacted cut, for leadership drawing the rectangles; audited once per viewing. */
  async sourceFile(c: ComplaintRecord, clipId: number, actor: Actor, firstRequest: boolean): Promise<string> {
    const k = await this.record(c.id, clipId);
    if (firstRequest) {
      await this.complaints.transaction((trx) => this.audit.append(trx, factsOf(actor, this.o.now(), {
        action: 'complaint.clip.view', resourceType: 'complaint', resourceId: c.id, cameraId: k.cameraId, reason: complaintReason(c), detail: { clipId, file: 'source' },
      })));
    }
    return join(this.o.evidenceDir, k.sourcePath);
  }

  /** The rendered, redacted file (leadership checks it before answering). */
  async redactedFile(c: ComplaintRecord, clipId: number, actor: Actor, firstRequest: boolean): Promise<{ path: string; record: RedactionClipRecord }> {
    const k = await this.record(c.id, clipId);
    if (!k.renderedPath) throw conflict('complaint.notRendered', { vi: 'Đoạn ghi hình chưa được xuất bản làm mờ.', en: 'The redacted clip has not been rendered yet.' });
    if (firstRequest) {
      await this.complaints.transaction((trx) => this.audit.append(trx, factsOf(actor, this.o.now(), {
        action: 'complaint.clip.view', resourceType: 'complaint', resourceId: c.id, cameraId: k.cameraId, reason: complaintReason(c),
        detail: { clipId, file: 'redacted', sha256: k.renderedSha256 },
      })));
    }
    return { path: join(this.o.evidenceDir, k.renderedPath), record: k };
  }

  async record(complaintId: number, clipId: number): Promise<RedactionClipRecord> {
    const k = await this.complaints.clip(complaintId, clipId);
    if (!k) throw notFound(WHAT_CLIP);
    return k;
  }

  /** A clip ready to go out: rendered from its current rectangles. */
  isCurrent(k: RedactionClipRecord): boolean {
    return k.state === 'rendered' && k.renderedPath !== null && sameBoxes(k.renderedBoxes, k.boxes);
  }

  private run(clipId: number, work: (signal: AbortSignal, progress: (f: number) => void) => Promise<void>): void {
    const abort = new AbortController();
    const job = { progress: 0, abort };
    this.jobs.set(clipId, job);
    const next = this.queue.then(async () => {
      try {
        await work(abort.signal, (f) => { job.progress = f; });
      } catch (err) {
        const message = abort.signal.aborted
          ? 'Việc xử lý bị dừng do máy chủ dừng. Hãy chạy lại. (Stopped with the server: run it again.)'
          : `Không xử lý được đoạn ghi hình: ${String((err as Error).message ?? err).slice(0, 300)} (Processing failed.)`;
        await this.complaints.transaction((trx) => this.complaints.updateClip(trx, clipId, { state: 'cut', error: message })).catch(() => undefined);
      } finally {
        this.jobs.delete(clipId);
      }
    });
    this.queue = next;
  }

  private idle(k: RedactionClipRecord): void {
    if (k.state === 'detecting' || k.state === 'rendering') {
      throw conflict('complaint.clipBusy', { vi: 'Đoạn ghi hình đang được xử lý. Hãy đợi xong rồi làm tiếp.', en: 'The clip is being processed. Wait for it to finish.' });
    }
  }

  private stillOpen(c: ComplaintRecord): void {
    if (c.state === 'closed' || c.state === 'withdrawn' || c.state === 'answered') {
      throw new AppError(409, 'workflow.wrongState', {
        vi: 'Đơn đã được trả lời hoặc đã kết thúc: không chuẩn bị thêm đoạn ghi hình.', en: 'The complaint is answered or over: no more clips are prepared.',
      });
    }
  }

  private async cameraNames(): Promise<Map<number, string>> {
    return new Map((await this.cameras.list()).map((cam) => [cam.id, cam.name]));
  }

  private view(k: RedactionClipRecord, names: Map<number, string>): RedactionClip {
    const job = this.jobs.get(k.id);
    return {
      id: k.id, complaintId: k.complaintId, cameraId: k.cameraId, cameraName: names.get(k.cameraId) ?? `#${k.cameraId}`, fromMs: k.fromMs, toMs: k.toMs,
      durationS: k.durationS, width: k.width, height: k.height, state: k.state,
      progress: k.state === 'detecting' || k.state === 'rendering' ? (job?.progress ?? 0) : k.state === 'rendered' ? 1 : 0,
      boxes: k.boxes, proposals: k.proposals, rendered: this.isCurrent(k), renderedSha256: k.renderedSha256, error: k.error,
      createdBy: k.createdBy, createdAtMs: k.createdAtMs, releasedAtMs: k.releasedAtMs,
    };
  }
}
