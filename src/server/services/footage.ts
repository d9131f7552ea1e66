import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ClipPart, clipArgv, clipListFile } from '../../ffmpeg/clip.js';
import { type TimeRange, clip } from '../../domain/timeline.js';
import { AppError, invalid } from '../errors.js';
import type { SegmentRepository } from '../repositories/segments.js';

const run = promisify(execFile);
export const MAX_CLIP_MS = 2 * 3_600_000;
export const MAX_TIMELINE_MS = 366 * 86_400_000;

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
  ) {}

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

  /** One playable MP4 for the range, cut at keyframes, without re-encoding. */
  async clip(cameraId: number, range: TimeRange): Promise<Clip> {
    if (range.endMs - range.startMs > MAX_CLIP_MS) {
      throw invalid('clip.tooLong', {
        vi: 'Một đoạn trích dài tối đa 2 giờ. Hãy chia thành nhiều đoạn.',
        en: 'A clip is at most 2 hours long. Split it into several clips.',
      });
    }
    const segs = await this.segments.overlapping(cameraId, range);
    if (segs.length === 0) {
      throw new AppError(404, 'clip.noFootage', {
        vi: 'Không có dữ liệu ghi hình của camera này trong khoảng thời gian đã chọn. Xem dòng thời gian để chọn khoảng có ghi hình.',
        en: 'This camera has no recording in the chosen range. Use the timeline to pick a recorded range.',
      });
    }
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
      await run('ffmpeg', clipArgv(list, file), { timeout: 120_000 });
      return { file, dispose };
    } catch (err) {
      await dispose();
      throw err;
    }
  }
}
