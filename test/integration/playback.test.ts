import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { decodeErrors, freePort, probe, quietLog, run, tempDataDir, testClips, testConfig, waitFor } from './helpers.js';
import { type Browser, TEST_ACTOR, userWith } from './sessions.js';

// Playback over real HTTP from real recordings: camsim → recording Vigil → ffmpeg on a pipe.
let camsim: Camsim;
let vigil: Vigil;
let app: FastifyInstance;
let base = '';
let dataDir = '';
let principal: Browser;
let viewing = '';
const ids = { h264: 0, h265: 0 };
/** The simulator's clips have a keyframe every 2 s. */
const GOP_MS = 2000;

const segments = (cameraId: number) =>
  vigil.db.selectFrom('segments').selectAll().where('camera_id', '=', cameraId).orderBy('start_ms').execute();

/** This test's own playback ffmpegs (children of this process): other jobs on the machine do not count. */
const playbackProcesses = async () =>
  (await run('ps', ['-eo', 'ppid=,args='])).stdout.split('\n')
    .filter((l) => Number(l.trim().split(/\s+/)[0]) === process.pid && l.includes('ffmpeg') && l.includes('-i pipe:0')).length;

beforeAll(async () => {
  camsim = await startCamsim({ clipsDir: await testClips(), port: await freePort(), cameras: 2, h265: [2] });
  dataDir = await tempDataDir();
  vigil = await createVigil(testConfig(dataDir, { VIGIL_LOGIN_RATE_PER_MINUTE: '1000' }), { log: quietLog, twoFactorRequired: false });
  await vigil.start();
  const add = async (name: string, n: number) =>
    (await vigil.cameras.create({ name, location: 'Cổng', areaType: 'gate', mainUrl: camsim.url(n), signInPlace: true, enabled: true }, TEST_ACTOR)).id;
  ids.h264 = await add('Cổng chính', 1);
  ids.h265 = await add('Sân trường (H.265)', 2);
  app = await buildApp(vigil);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  principal = await userWith(app, vigil, 'hieutruong', ['principal']);
  const opened = await principal.post('/api/viewings', { cameraIds: [ids.h264, ids.h265], reasonCode: 'incident', reasonText: 'Xem lại sự việc ở cổng trường' });
  viewing = (opened.json() as { id: string }).id;
  await waitFor('three segments per camera', async () => (await segments(ids.h264)).length >= 3 && (await segments(ids.h265)).length >= 3, 90_000);
});

afterAll(async () => {
  await app?.close();
  await vigil?.stop();
  await camsim?.stop();
});

function playback(cameraId: number, fromMs: number, toMs: number, signal?: AbortSignal): Promise<Response> {
  return fetch(`${base}/api/cameras/${cameraId}/playback?from=${fromMs}&to=${toMs}&viewing=${viewing}`, { headers: { cookie: principal.cookie }, ...(signal ? { signal } : {}) });
}

describe('playback streamed from the recordings', () => {
  for (const kind of ['h264', 'h265'] as const) {
    it(`plays a ${kind === 'h264' ? 'H.264' : 'H.265'} camera as H.264 from the keyframe at or before the instant asked`, async () => {
      const [, second] = await segments(ids[kind]);
      if (!second) throw new Error('need two segments');
      // Mid-GOP in the second segment: the answer starts at the keyframe before it.
      const fromMs = second.start_ms + 3300;
      const res = await playback(ids[kind], fromMs, fromMs + 15_000);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('video/mp4');
      expect(res.headers.get('x-vigil-transcoded')).toBe(kind === 'h265' ? '1' : '0');
      expect(res.headers.get('x-vigil-source-codec')).toMatch(kind === 'h265' ? /^(hev1|hvc1)$/ : /^avc/);
      expect(res.headers.get('x-vigil-codec')).toMatch(/^avc1\.[0-9a-f]{6}$/);
      const startMs = Number(res.headers.get('x-vigil-start-ms'));
      const endMs = Number(res.headers.get('x-vigil-end-ms'));
      expect(startMs).toBeLessThanOrEqual(fromMs);
      expect(fromMs - startMs).toBeLessThan(GOP_MS + 100);
      const file = join(dataDir, `playback-${kind}.mp4`);
      await writeFile(file, Buffer.from(await res.arrayBuffer()));
      const p = await probe(file);
      expect(p.codec).toBe('h264');
      expect(Math.abs(p.durationSeconds * 1000 - (endMs - startMs))).toBeLessThan(300);
      expect(await decodeErrors(file)).toBe('');
    });
  }

  it('sends H.264 recordings as they are, with no process, and forgets the stream when the viewer goes away', async () => {
    const [first] = await segments(ids.h264);
    if (!first) throw new Error('need a segment');
    const abort = new AbortController();
    const res = await playback(ids.h264, first.start_ms, first.start_ms + 600_000, abort.signal);
    expect(res.status).toBe(200);
    await res.body?.getReader().read();
    expect(vigil.footage.playbackStats().streams).toBe(1);
    expect(await playbackProcesses()).toBe(0);
    abort.abort();
    await waitFor('the stream to be forgotten', async () => vigil.footage.playbackStats().streams === 0, 10_000, 100);
  });

  it('stops ffmpeg when the viewer goes away mid-stream', async () => {
    const [first] = await segments(ids.h265);
    if (!first) throw new Error('need a segment');
    const abort = new AbortController();
    const res = await playback(ids.h265, first.start_ms, first.start_ms + 600_000, abort.signal);
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    await reader?.read();
    expect(vigil.footage.playbackStats().streams).toBe(1);
    expect(await playbackProcesses()).toBe(1);
    abort.abort();
    // Forgotten at once, and the process itself gone shortly after (it gets SIGINT, then SIGKILL).
    await waitFor('the stream to be forgotten', async () => vigil.footage.playbackStats().streams === 0, 10_000, 100);
    await waitFor('ffmpeg to exit', async () => (await playbackProcesses()) === 0, 10_000, 100);
  });

  it('answers 404 where nothing was recorded, and still asks for the viewing first', async () => {
    const [first] = await segments(ids.h264);
    if (!first) throw new Error('need a segment');
    const before = first.start_ms - 3_600_000;
    const none = await playback(ids.h264, before, before + 60_000);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { code: string }).code).toBe('clip.noFootage');
    const noViewing = await fetch(`${base}/api/cameras/${ids.h264}/playback?from=${first.start_ms}&to=${first.end_ms}&viewing=khong-co-phien-nay`, { headers: { cookie: principal.cookie } });
    expect(noViewing.status).toBe(403);
    expect(vigil.footage.playbackStats().streams).toBe(0);
  });
});
