import { describe, expect, it } from 'vitest';
import { type BucketRow, type HealthRepository, frameRate, segmentStreamArgv } from '../../src/server/repositories/health.js';
import type { SegmentRepository, SegmentRow } from '../../src/server/repositories/segments.js';
import { CameraHealthService, HOUR_MS, healthBuckets } from '../../src/server/services/health.js';

const row = (bucket: number, over: Partial<BucketRow> = {}): BucketRow => ({ bucket, segments: 1, bytes: 1_000_000, durationMs: 10_000, insideMs: 10_000, spillMs: 0, ...over });

describe('R8.2: health per hour from the segment index', () => {
  it('counts a segment running over the hour in both hours, its bytes where it started', () => {
    const buckets = healthBuckets([row(0, { insideMs: 4_000, spillMs: 6_000 })], { fromMs: 0, toMs: 2 * HOUR_MS }, HOUR_MS, { fromMs: 0, toMs: 2 * HOUR_MS });
    expect(buckets.map((b) => [b.recordedSeconds, b.bytes, b.bitrateKbps])).toEqual([[4, 1_000_000, 800], [6, 0, null]]);
  });

  it('takes in the spill of a segment that started before the window, not its bytes', () => {
    const [first] = healthBuckets([row(-1, { insideMs: 0, spillMs: 3_000 })], { fromMs: 0, toMs: HOUR_MS }, HOUR_MS, { fromMs: 0, toMs: HOUR_MS });
    expect(first).toMatchObject({ recordedSeconds: 3, bytes: 0, segments: 0, bitrateKbps: null });
  });

  it('measures coverage only over the time the camera existed and that has passed, never above 100 %', () => {
    const buckets = healthBuckets([row(1, { insideMs: 1_800_000 })], { fromMs: 0, toMs: 3 * HOUR_MS }, HOUR_MS, { fromMs: HOUR_MS, toMs: HOUR_MS + 900_000 });
    expect(buckets.map((b) => b.coveragePercent)).toEqual([null, 100, null]);
  });
});

describe('the stream of the latest segment', () => {
  it('builds the ffprobe argv and reads frame rates', () => {
    expect(segmentStreamArgv('/r/1/a.mp4')).toEqual([
      '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,avg_frame_rate,r_frame_rate', '-of', 'json', '/r/1/a.mp4',
    ]);
    expect([frameRate('25/1'), frameRate('30000/1001'), frameRate('0/0'), frameRate(undefined)]).toEqual([25, 29.97, null, null]);
  });

  it('probes each new segment once, not on every request', async () => {
    let latest: Pick<SegmentRow, 'startMs' | 'endMs' | 'sizeBytes' | 'path' | 'status'> = { startMs: 0, endMs: 10_000, sizeBytes: 1, path: '1/a.mp4', status: 'ok' };
    const probed: string[] = [];
    const repo = { buckets: async () => [], storage: async () => ({ bytes: 0, segments: 0, oldestMs: null, newestMs: null }) } as unknown as HealthRepository;
    const segments = { latest: async () => latest } as unknown as SegmentRepository;
    const service = new CameraHealthService(repo, segments, '/r', async (file) => {
      probed.push(file);
      return { codec: 'h264', width: 640, height: 360, fps: 25 };
    });
    const camera = { id: 1, createdAt: 0 };
    await service.report(camera, { fromMs: 0, toMs: HOUR_MS }, HOUR_MS);
    await service.report(camera, { fromMs: 0, toMs: HOUR_MS }, HOUR_MS);
    latest = { ...latest, path: '1/b.mp4' };
    await service.report(camera, { fromMs: 0, toMs: HOUR_MS }, HOUR_MS);
    expect(probed).toEqual(['/r/1/a.mp4', '/r/1/b.mp4']);
  });
});
