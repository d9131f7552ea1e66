import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { CameraStorage, StreamFacts } from '../../contract/health.js';
import type { Db } from '../db/connect.js';

const run = promisify(execFile);

/** Segments are at most a minute long: one that started this long before a window may reach into it. */
const LONGEST_SEGMENT_MS = 120_000;

/**
 * What the index holds for one bucket, by the segments that *start* in it (bucket -1: those that
 * started just before the window). `insideMs` is the part of them inside the bucket, `spillMs` the
 * part that runs on into the next bucket.
 */
export interface BucketRow {
  bucket: number;
  segments: number;
  bytes: number;
  durationMs: number;
  insideMs: number;
  spillMs: number;
}

/** Health figures of a camera, computed by SQLite from the segment index (R8.2). */
export class HealthRepository {
  constructor(private readonly db: Db) {}

  /**
   * Per-bucket sums over [fromMs, toMs) in buckets of `bucketMs`; a bucket with no segment has no row.
   * The driver may bind the numbers as REAL, so the bucket number is cast to an integer.
   */
  async buckets(cameraId: number, fromMs: number, toMs: number, bucketMs: number): Promise<BucketRow[]> {
    const { rows } = await sql<{ bucket: number; segments: number; bytes: number; duration_ms: number; inside_ms: number; spill_ms: number }>`
      select bucket, count(*) as segments, sum(size_bytes) as bytes, sum(end_ms - start_ms) as duration_ms,
        sum(max(0, min(end_ms, ${fromMs} + (bucket + 1) * ${bucketMs}) - max(start_ms, ${fromMs}))) as inside_ms,
        sum(max(0, end_ms - (${fromMs} + (bucket + 1) * ${bucketMs}))) as spill_ms
      from (
        select start_ms, end_ms, size_bytes,
          case when start_ms < ${fromMs} then -1 else cast((start_ms - ${fromMs}) / ${bucketMs} as integer) end as bucket
        from segments
        where camera_id = ${cameraId} and status = 'ok' and start_ms > ${fromMs - LONGEST_SEGMENT_MS} and start_ms < ${toMs}
      )
      group by bucket
      order by bucket`.execute(this.db);
    return rows.map((r) => ({
      bucket: Number(r.bucket), segments: Number(r.segments), bytes: Number(r.bytes), durationMs: Number(r.duration_ms),
      insideMs: Number(r.inside_ms), spillMs: Number(r.spill_ms),
    }));
  }

  /** Everything kept of one camera (segments present on disk). */
  async storage(cameraId: number): Promise<CameraStorage> {
    const r = await this.db
      .selectFrom('segments')
      .select([
        sql<number | null>`sum(size_bytes)`.as('bytes'), sql<number>`count(*)`.as('segments'),
        sql<number | null>`min(start_ms)`.as('oldestMs'), sql<number | null>`max(end_ms)`.as('newestMs'),
      ])
      .where('camera_id', '=', cameraId)
      .where('status', '=', 'ok')
      .executeTakeFirst();
    return {
      bytes: Number(r?.bytes ?? 0), segments: Number(r?.segments ?? 0),
      oldestMs: r?.oldestMs == null ? null : Number(r.oldestMs), newestMs: r?.newestMs == null ? null : Number(r.newestMs),
    };
  }
}

/** ffprobe argv that prints the first video stream of a recorded segment. */
export function segmentStreamArgv(file: string): string[] {
  return ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,avg_frame_rate,r_frame_rate', '-of', 'json', file];
}

/** "25/1" → 25; "0/0" or nonsense → null. */
export function frameRate(ratio: string | undefined): number | null {
  const [num, den] = (ratio ?? '').split('/').map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return null;
  return Math.round((num / den) * 100) / 100;
}

/** The video stream of a recorded segment, or null when ffprobe cannot read it. */
export async function probeSegmentStream(file: string): Promise<StreamFacts | null> {
  try {
    const { stdout } = await run('ffprobe', segmentStreamArgv(file), { timeout: 15_000 });
    const s = (JSON.parse(stdout) as { streams?: Array<{ codec_name?: string; width?: number; height?: number; avg_frame_rate?: string; r_frame_rate?: string }> }).streams?.[0];
    if (!s?.codec_name) return null;
    return { codec: s.codec_name, width: s.width ?? 0, height: s.height ?? 0, fps: frameRate(s.avg_frame_rate) ?? frameRate(s.r_frame_rate) };
  } catch {
    return null;
  }
}
