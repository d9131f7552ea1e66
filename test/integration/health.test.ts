import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/http/app.js';
import { segmentRelPath } from '../../src/server/recorder/indexer.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { quietLog, run, tempDataDir, testClips, testConfig } from './helpers.js';
import { type Browser, TEST_ACTOR, userWith } from './sessions.js';

const HOUR = 3_600_000;
/** Midnight UTC, 07:00 in Hanoi: whole hours in both. */
const T0 = Date.UTC(2026, 10, 25);
let clock = T0 - 3 * HOUR;

let vigil: Vigil;
let app: FastifyInstance;
let officer: Browser;
let guard: Browser;
let gateId: number;
let corridorId: number;

/** Index a segment of the gate camera as the recorder would (the file itself only for the latest). */
const index = (startMs: number, seconds: number, sizeBytes: number) =>
  vigil.segments.index({ cameraId: gateId, startMs, endMs: startMs + seconds * 1000, sizeBytes, sha256: 'h', path: segmentRelPath(gateId, startMs) }, startMs);

beforeAll(async () => {
  vigil = await createVigil(testConfig(await tempDataDir()), { log: quietLog, record: false, twoFactorRequired: false, now: () => clock });
  app = await buildApp(vigil);
  // Until src/server/http/app.ts registers the health routes itself.
  const unit = await vigil.units.create('Tổ khối 1', 'department', clock);
  gateId = (await vigil.cameras.create({ name: 'Cổng chính', location: 'Cổng', areaType: 'gate', mainUrl: 'rtsp://127.0.0.1:1/cam1', signInPlace: true, enabled: true }, TEST_ACTOR)).id;
  corridorId = (await vigil.cameras.create({ name: 'Hành lang', location: 'Khu A', areaType: 'corridor', ownerUnitId: unit.id, mainUrl: 'rtsp://127.0.0.1:1/cam2', signInPlace: true, enabled: true }, TEST_ACTOR)).id;

  // Hour 1 (T0−3h): half an hour recorded in 10 s segments of 1 MB (800 kbit/s); one of them later found missing.
  for (let k = 0; k < 180; k += 1) await index(T0 - 3 * HOUR + k * 10_000, 10, 1_000_000);
  const lost = await vigil.segments.byPath(segmentRelPath(gateId, T0 - 3 * HOUR));
  if (lost) await vigil.segments.markMissing([lost], T0);
  // Hour 2: nothing (the camera was down). Hour 3: one segment that runs 5 s into hour 4, at 2000 kbit/s.
  await index(T0 - 5_000, 10, 2_500_000);
  // Hour 4, the current one: 10 s at 800 kbit/s, a real file so that ffprobe reads its stream.
  const latestMs = T0 + 10 * 60_000;
  await index(latestMs, 10, 1_000_000);
  const file = join(vigil.config.recordingsDir, segmentRelPath(gateId, latestMs));
  await mkdir(dirname(file), { recursive: true });
  await run('ffmpeg', ['-v', 'error', '-r', '25', '-f', 'h264', '-i', join(await testClips(), 'h264-main', '00000.h264'), '-t', '2', '-c', 'copy',
    '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-y', file]);
  clock = T0 + 30 * 60_000;
  // Signed in now: a session from three hours ago would have gone idle.
  officer = await userWith(app, vigil, 'thietbi', ['equipment_officer']);
  guard = await userWith(app, vigil, 'baove', ['guard']);
});
afterAll(async () => {
  await app?.close();
  await vigil?.stop();
});

const health = (who: Browser, id: number, from: number, to: number, lang = 'vi') =>
  who.get(`/api/cameras/${id}/health?from=${from}&to=${to}&bucket=hour`, { 'accept-language': lang });

describe('camera health from the segment index (R8.2)', () => {
  it('gives each hour its bitrate and recorded share, counting a segment over the hour in both hours', async () => {
    const res = await health(officer, gateId, T0 - 3 * HOUR + 15 * 60_000, T0 + HOUR);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.fromMs).toBe(T0 - 3 * HOUR); // whole hours
    expect(body.bucketMs).toBe(HOUR);
    expect(body.buckets).toEqual([
      { startMs: T0 - 3 * HOUR, segments: 179, bytes: 179_000_000, recordedSeconds: 1790, bitrateKbps: 800, coveragePercent: 49.7 },
      { startMs: T0 - 2 * HOUR, segments: 0, bytes: 0, recordedSeconds: 0, bitrateKbps: null, coveragePercent: 0 },
      { startMs: T0 - HOUR, segments: 1, bytes: 2_500_000, recordedSeconds: 5, bitrateKbps: 2000, coveragePercent: 0.1 },
      // The current hour counts only the half hour that has passed: 15 s of 1800 s.
      { startMs: T0, segments: 1, bytes: 1_000_000, recordedSeconds: 15, bitrateKbps: 800, coveragePercent: 0.8 },
    ]);
    expect(body.summary).toEqual({
      segments: 181, bytes: 182_500_000, recordedSeconds: 1810, observedSeconds: 3.5 * 3600,
      coveragePercent: 14.4, bitrateKbps: Math.round((182_500_000 * 8) / 1_810_000),
    });
  });

  it('reads fps and resolution from the latest segment, and its storage from the index', async () => {
    const body = (await health(officer, gateId, T0 - HOUR, T0 + HOUR)).json();
    expect(body.stream).toEqual({ codec: 'h264', width: 1920, height: 1080, fps: 25 });
    expect(body.lastSegment).toEqual({ startMs: T0 + 10 * 60_000, endMs: T0 + 10 * 60_000 + 10_000, sizeBytes: 1_000_000, bitrateKbps: 800 });
    expect(body.storage).toEqual({ bytes: 182_500_000, segments: 181, oldestMs: T0 - 3 * HOUR + 10_000, newestMs: T0 + 10 * 60_000 + 10_000 });
  });

  it('measures no coverage before the camera existed, and nothing for a camera that never recorded', async () => {
    const before = (await health(officer, gateId, T0 - 5 * HOUR, T0 - 3 * HOUR)).json();
    expect(before.buckets.map((b: { coveragePercent: number | null }) => b.coveragePercent)).toEqual([null, null]);
    expect(before.summary.coveragePercent).toBeNull();
    const idle = (await health(officer, corridorId, T0 - HOUR, T0 + HOUR)).json();
    expect(idle.summary).toMatchObject({ segments: 0, recordedSeconds: 0, coveragePercent: 0, bitrateKbps: null });
    expect(idle.lastSegment).toBeNull();
    expect(idle.stream).toBeNull();
  });

  it("keeps to the camera scope: the guard sees the guards' camera, not a unit's (R6)", async () => {
    expect((await health(guard, gateId, T0 - HOUR, T0)).statusCode).toBe(200);
    const refused = await health(guard, corridorId, T0 - HOUR, T0);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
  });

  it('refuses a window longer than a month, or backwards, in the reader’s language', async () => {
    const long = await health(officer, gateId, T0 - 40 * 24 * HOUR, T0);
    expect(long.statusCode).toBe(400);
    expect(long.json().message).toContain('tối đa là 31 ngày');
    const backwards = await health(officer, gateId, T0, T0 - HOUR, 'en');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().details).toEqual([{ field: 'to', message: 'The end must be after the start' }]);
  });
});
