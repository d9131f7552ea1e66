import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { type ClipPart, type Watermark, clipArgv, clipListFile, playbackArgv, playbackListFile } from '../../ffmpeg/clip.js';
import { SPAN_TOLERANCE_MS, type TimeRange, clip } from '../../domain/timeline.js';
import { AppError, invalid, unavailable } from '../errors.js';
import { keyframeAtOrBefore, readSegmentMedia } from '../repositories/segment-media.js';
import type { SegmentRepository } from '../repositories/segments.js';
import { Fmp4StreamError, startFmp4Stream } from './playback-stream.js';
import { directPlayable, directStream, fragmentWallMs, startFragment } from './playback-direct.js';

const run = promisify(execFile);
export const MAX_CLIP_MS = 2 * 3_600_000;
export const MAX_TIMELINE_MS = 366 * 86_400_000;
/** One playback answer covers at most this much footage; the player asks for the next before the end. */
export const PLAYBACK_WINDOW_MS = 10 * 60_000;

export interface FootageOptions {
  ffmpegPath?: string;
  /** H.265 playback is transcoded: at most this many at once (each takes most of a core). */
  maxTranscodes?: number;
  /** Playback streams at once, transcoded or not. */
  maxStreams?: number;
  /** Stop a stream whose viewer has taken nothing for this long. */
  idleTimeoutMs?: number;
}

/** Recorded footage on its way to a browser, as a fragmented MP4. */
export interface PlaybackWindow {
  /** Wall-clock time of the first frame (a keyframe at or before the instant asked): video time 0. */
  startMs: number;
  /** Where this answer's footage ends: at a gap, at the end of the recording, or after the window. */
  endMs: number;
  /** When the answer ends at a gap: where footage resumes (before the end of the range asked). */
  nextMs: number | null;
  /** MSE codec string of what is sent (always H.264). */
  codec: string;
  /** As recorded: `avc1`, `hev1`, `hvc1`… */
  sourceCodec: string;
  transcoded: boolean;
  body: Readable;
  stop(): void;
}

interface Recorded extends TimeRange {
  path: string;
}

/**
 * The recording that plays from an instant: the segments overlapping the window, as long as they
 * follow each other. A gap ends the answer (ffmpeg's concat would join both sides and the video
 * time would no longer be the wall time); `nextMs` says where footage resumes.
 */
export function planPlayback<S extends Recorded>(segs: readonly S[], toleranceMs = SPAN_TOLERANCE_MS): { segments: S[]; endMs: number; nextMs: number | null } | null {
  const [first, ...rest] = segs;
  if (!first) return null;
  const kept: S[] = [first];
  let endMs = first.endMs;
  for (const s of rest) {
    // A segment inside the last one (a salvaged duplicate) would play the same seconds twice.
    if (s.startMs < endMs - toleranceMs) continue;
    if (s.startMs > endMs + toleranceMs) return { segments: kept, endMs, nextMs: s.startMs };
    kept.push(s);
    endMs = s.endMs;
  }
  return { segments: kept, endMs, nextMs: null };
}

const noFootage = () => new AppError(404, 'clip.noFootage', {
  vi: 'Không có dữ liệu ghi hình của camera này trong khoảng thời gian đã chọn. Xem dòng thời gian để chọn khoảng có ghi hình.',
  en: 'This camera has no recording in the chosen range. Use the timeline to pick a recorded range.',
});

export interface Clip {
  file: string;
  /** Remove the temporary file once sent. */
  dispose(): Promise<void>;
}

/** Timelines and clips from the segment index. */
export class FootageService {
  constructor(
    private readonly segments: SegmentRepository,
    private readonly recordingsDir: string,
    private readonly tmpDir: string,
    private readonly now: () => number,
    options: FootageOptions = {},
  ) {
    this.o = { ffmpegPath: 'ffmpeg', maxTranscodes: 3, maxStreams: 24, idleTimeoutMs: 10 * 60_000, ...options };
  }

  private readonly o: Required<FootageOptions>;
  private streams = 0;
  private transcodes = 0;

  async timeline(cameraId: number, range: TimeRange) {
    if (range.endMs - range.startMs > MAX_TIMELINE_MS) {
      throw invalid('timeline.tooLong', {
        vi: 'Chỉ xem được dòng thời gian tối đa 366 ngày một lần. Hãy thu hẹp khoảng thời gian.',
        en: 'A timeline covers at most 366 days at a time. Narrow the range.',
      });
    }
    const { spans, gaps } = await this.segments.timeline(cameraId, range, this.now());
    const shown = spans.map((s) => clip(s, range)).filter((s): s is TimeRange => s !== null);
    return {
      from: range.startMs, to: range.endMs,
      recordedMs: shown.reduce((n, s) => n + (s.endMs - s.startMs), 0),
      spans: shown,
      gaps: gaps.flatMap((g) => {
        const c = clip(g, range);
        return c ? [{ ...c, reason: g.reason, open: g.open }] : [];
      }),
    };
  }

  /**
   * One playable MP4 for the range, cut at keyframes, without re-encoding — unless a watermark is
   * asked for (R4.2: a clip given to an outsider names the request), then re-encoded with it burnt in.
   */
  async clip(cameraId: number, range: TimeRange, watermarkText?: string): Promise<Clip> {
    if (range.endMs - range.startMs > MAX_CLIP_MS) {
      throw invalid('clip.tooLong', {
        vi: 'Một đoạn trích dài tối đa 2 giờ. Hãy chia thành nhiều đoạn.',
        en: 'A clip is at most 2 hours long. Split it into several clips.',
      });
    }
    const segs = await this.segments.overlapping(cameraId, range);
    if (segs.length === 0) throw noFootage();
    const parts: ClipPart[] = segs.map((s, i) => ({
      path: join(this.recordingsDir, s.path),
      ...(i === 0 && range.startMs > s.startMs ? { inpointSeconds: (range.startMs - s.startMs) / 1000 } : {}),
      ...(i === segs.length - 1 && range.endMs < s.endMs ? { outpointSeconds: (range.endMs - s.startMs) / 1000 } : {}),
    }));
    const dir = join(this.tmpDir, `clip-${randomUUID()}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const dispose = () => rm(dir, { recursive: true, force: true });
    try {
      const list = join(dir, 'list.ffconcat');
      await writeFile(list, clipListFile(parts), { mode: 0o600 });
      const file = join(dir, `camera-${cameraId}-${range.startMs}.mp4`);
      let watermark: Watermark | undefined;
      if (watermarkText !== undefined) {
        watermark = { textFile: join(dir, 'watermark.txt'), fontFile: await watermarkFont() };
        await writeFile(watermark.textFile, watermarkText, { mode: 0o600 });
      }
      // Re-encoding takes about as long as the footage lasts on a small server; copying, seconds.
      await run('ffmpeg', clipArgv(list, file, watermark), { timeout: watermark ? MAX_CLIP_MS : 120_000 });
      return { file, dispose };
    } catch (err) {
      await dispose();
      throw err;
    }
  }

  /**
   * Footage from an instant for the browser, fast, from the keyframe at or before the instant:
   * H.264 recordings go out as their own fragments, re-timed, with no process to start
   * (playback-direct.ts); H.265 through ffmpeg, transcoded, its fragmented MP4 sent as it comes.
   * Nothing is cut into a file first.
   */
  async playback(cameraId: number, range: TimeRange): Promise<PlaybackWindow> {
    const window = { startMs: range.startMs, endMs: Math.min(range.endMs, range.startMs + PLAYBACK_WINDOW_MS) };
    const plan = planPlayback(await this.segments.overlapping(cameraId, window));
    if (!plan) throw noFootage();
    const [first] = plan.segments;
    if (!first) throw noFootage();
    const media = await readSegmentMedia(join(this.recordingsDir, first.path)).catch((err: unknown) => {
      throw playbackFailed(String(err));
    });
    // H.264 as recorded: the fragments go out as they are, no process to start (issue 5: seek < 1 s).
    if (directPlayable(media)) {
      this.admit(false);
      this.streams += 1;
      const from = startFragment(first.startMs, media, range.startMs);
      const startMs = Math.round(fragmentWallMs(first.startMs, media, from));
      const body = directStream(plan.segments.map((s) => ({ path: join(this.recordingsDir, s.path), startMs: s.startMs })), media, from, startMs);
      let released = false;
      const done = () => {
        if (released) return;
        released = true;
        this.release(false);
      };
      body.once('close', done);
      return {
        startMs, endMs: plan.endMs, nextMs: plan.nextMs, codec: media.h264Codec ?? '', sourceCodec: media.sampleEntry, transcoded: false,
        body, stop: () => { body.destroy(); done(); },
      };
    }
    const keyframe = keyframeAtOrBefore(media, media.firstSeconds + Math.max(0, range.startMs - first.startMs) / 1000);
    const parts: ClipPart[] = plan.segments.map((s, i) => ({
      path: join(this.recordingsDir, s.path),
      ...(i === 0 && keyframe > media.firstSeconds ? { inpointSeconds: keyframe } : {}),
    }));
    const transcoded = media.h264Codec === null;
    this.admit(transcoded);
    this.streams += 1;
    if (transcoded) this.transcodes += 1;
    try {
      const stream = await startFmp4Stream(this.o.ffmpegPath, playbackArgv({ transcode: transcoded }), playbackListFile(parts), { initTimeoutMs: 30_000, stopTimeoutMs: 2000, idleTimeoutMs: this.o.idleTimeoutMs });
      void stream.exited.then(() => this.release(transcoded));
      return {
        startMs: first.startMs + Math.round((keyframe - media.firstSeconds) * 1000), endMs: plan.endMs, nextMs: plan.nextMs,
        codec: stream.codec, sourceCodec: media.sampleEntry, transcoded, body: stream.body, stop: stream.stop,
      };
    } catch (err) {
      this.release(transcoded);
      throw err instanceof Fmp4StreamError ? playbackFailed(err.message) : err;
    }
  }

  /** Playback streams running now (for tests and the health page). */
  playbackStats(): { streams: number; transcodes: number } {
    return { streams: this.streams, transcodes: this.transcodes };
  }

  private admit(transcode: boolean): void {
    if (this.streams < this.o.maxStreams && (!transcode || this.transcodes < this.o.maxTranscodes)) return;
    throw unavailable('playback.busy', {
      vi: 'Máy chủ đang phát lại quá nhiều camera cùng lúc. Hãy đóng bớt các cửa sổ xem lại rồi thử lại sau ít phút.',
      en: 'The server is playing back too many cameras at once. Close some playback windows and try again in a few minutes.',
    });
  }

  private release(transcoded: boolean): void {
    this.streams -= 1;
    if (transcoded) this.transcodes -= 1;
  }
}

/** Liberation Sans 2 has every Vietnamese letter (fonts-liberation2, installed by scripts/system-deps.sh). */
const WATERMARK_FONTS = ['/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'];

/** The font the watermarks are drawn in (Liberation Sans: every Vietnamese diacritic). */
export async function watermarkFont(): Promise<string> {
  for (const f of WATERMARK_FONTS) {
    if (await access(f).then(() => true, () => false)) return f;
  }
  throw unavailable('clip.font', {
    vi: 'Máy chủ thiếu phông chữ để đóng dấu đoạn trích (gói fonts-liberation2). Hãy báo quản trị hệ thống.',
    en: 'The server lacks the font to watermark clips (package fonts-liberation2). Tell the system administrator.',
  });
}

/** The user is told what to do; what ffmpeg said stays in `cause`, for the server's log only. */
function playbackFailed(detail: string): AppError {
  const err = new AppError(500, 'playback.failed', {
    vi: 'Không phát lại được đoạn ghi hình này. Hãy thử một thời điểm khác; nếu vẫn lỗi, báo cho quản trị hệ thống.',
    en: 'This footage could not be played back. Try another moment; if it keeps failing, tell the system administrator.',
  });
  err.cause = detail;
  return err;
}
