import { join } from 'node:path';
import type { CameraHealthReport, HealthBucket, HealthSummary, StreamFacts } from '../../contract/health.js';
import { invalid } from '../errors.js';
import type { BucketRow, HealthRepository } from '../repositories/health.js';
import type { SegmentRepository } from '../repositories/segments.js';

export const HOUR_MS = 3_600_000;
/** A month of hours: enough for the "7 days" chart, bounded so one request stays cheap. */
export const MAX_BUCKETS = 31 * 24;

const round1 = (x: number) => Math.round(x * 10) / 10;
/** kbit/s = bits per millisecond. */
const kbps = (bytes: number, ms: number): number | null => (ms > 0 ? Math.round((bytes * 8) / ms) : null);
const overlapMs = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * Turn the index's per-bucket sums into the chart's buckets. Pure. A segment that runs over a bucket
 * boundary counts its time in both (coverage), its bytes where it started (bitrate).
 * `observed` is when the camera existed and time had passed: coverage is measured against it only.
 */
export function healthBuckets(rows: readonly BucketRow[], window: { fromMs: number; toMs: number }, bucketMs: number, observed: { fromMs: number; toMs: number }): HealthBucket[] {
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  const count = Math.ceil((window.toMs - window.fromMs) / bucketMs);
  return Array.from({ length: count }, (_, b) => {
    const startMs = window.fromMs + b * bucketMs;
    const row = byBucket.get(b);
    const recordedMs = (row?.insideMs ?? 0) + (byBucket.get(b - 1)?.spillMs ?? 0);
    const observedMs = overlapMs(startMs, startMs + bucketMs, observed.fromMs, observed.toMs);
    return {
      startMs,
      segments: row?.segments ?? 0,
      bytes: row?.bytes ?? 0,
      recordedSeconds: round1(recordedMs / 1000),
      bitrateKbps: row ? kbps(row.bytes, row.durationMs) : null,
      coveragePercent: observedMs > 0 ? round1(Math.min(100, (Math.min(recordedMs, observedMs) / observedMs) * 100)) : null,
    };
  });
}

export function summarize(buckets: readonly HealthBucket[], rows: readonly BucketRow[], observedMs: number): HealthSummary {
  const counted = rows.filter((r) => r.bucket >= 0);
  const recordedSeconds = round1(buckets.reduce((n, b) => n + b.recordedSeconds, 0));
  return {
    segments: counted.reduce((n, r) => n + r.segments, 0),
    bytes: counted.reduce((n, r) => n + r.bytes, 0),
    recordedSeconds,
    observedSeconds: round1(observedMs / 1000),
    coveragePercent: observedMs > 0 ? round1(Math.min(100, ((recordedSeconds * 1000) / observedMs) * 100)) : null,
    bitrateKbps: kbps(counted.reduce((n, r) => n + r.bytes, 0), counted.reduce((n, r) => n + r.durationMs, 0)),
  };
}

const tooLong = () =>
  invalid('health.range', {
    vi: `Khoảng thời gian xem tình trạng tối đa là ${MAX_BUCKETS / 24} ngày. Hãy chọn khoảng ngắn hơn.`,
    en: `The health window is at most ${MAX_BUCKETS / 24} days. Choose a shorter one.`,
  });

/** A camera's health over time: bitrate and recorded share per bucket, its stream, its storage (R8.2). */
export class CameraHealthService {
  /** The stream facts of each camera's latest segment, by its path: ffprobe runs once per new segment. */
  private readonly streams = new Map<number, { path: string; facts: StreamFacts | null }>();

  constructor(
    private readonly repo: HealthRepository,
    private readonly segments: SegmentRepository,
    private readonly recordingsDir: string,
    private readonly probe: (file: string) => Promise<StreamFacts | null>,
  ) {}

  async report(camera: { id: number; createdAt: number }, range: { fromMs: number; toMs: number }, nowMs: number): Promise<CameraHealthReport> {
    const bucketMs = HOUR_MS;
    // Whole hours: an hour in UTC is an hour in Asia/Ho_Chi_Minh (UTC+7).
    const fromMs = Math.floor(range.fromMs / bucketMs) * bucketMs;
    const toMs = Math.ceil(range.toMs / bucketMs) * bucketMs;
    if ((toMs - fromMs) / bucketMs > MAX_BUCKETS) throw tooLong();
    const observed = { fromMs: Math.max(fromMs, camera.createdAt), toMs: Math.min(toMs, nowMs) };
    const [rows, last, storage] = await Promise.all([
      this.repo.buckets(camera.id, fromMs, toMs, bucketMs), this.segments.latest(camera.id), this.repo.storage(camera.id),
    ]);
    const buckets = healthBuckets(rows, { fromMs, toMs }, bucketMs, observed);
    return {
      cameraId: camera.id, fromMs, toMs, bucketMs, buckets,
      summary: summarize(buckets, rows, Math.max(0, observed.toMs - observed.fromMs)),
      lastSegment: last ? { startMs: last.startMs, endMs: last.endMs, sizeBytes: last.sizeBytes, bitrateKbps: kbps(last.sizeBytes, last.endMs - last.startMs) } : null,
      stream: last && last.status === 'ok' ? await this.stream(camera.id, last.path) : null,
      storage,
    };
  }

  private async stream(cameraId: number, path: string): Promise<StreamFacts | null> {
    const cached = this.streams.get(cameraId);
    if (cached?.path === path) return cached.facts;
    const facts = await this.probe(join(this.recordingsDir, path));
    this.streams.set(cameraId, { path, facts });
    return facts;
  }
}
