import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';
import { withCredentials } from '../../src/ffmpeg/redact.js';
import { FragmentReader } from '../../src/server/live/fmp4.js';
import { type LiveStatus, type LiveViewer, LiveHub } from '../../src/server/live/hub.js';
import { decodeErrors, freePort, probe, run, tempDataDir, testClips, waitFor } from './helpers.js';

// Real RTSP cameras (GStreamer), real ffmpeg: camera 1 is H.264, camera 2 H.265.
const PASSWORD = 'p@ss:w0rd';
let camsim: Camsim;
let hub: LiveHub;
let runDir: string;
const logLines: string[] = [];
/** What the source tells the hub about camera 2, which really sends H.265. */
let camera2Claims: 'hevc' | 'h264' = 'hevc';

/** What a browser tab would receive, kept in memory. */
class TestViewer implements LiveViewer {
  codec: string | null = null;
  inits = 0;
  /** Init segment then fragments, as a file the browser's SourceBuffer would hold. */
  parts: Buffer[] = [];
  fragments = 0;
  firstFragmentAtMs: number | null = null;
  statuses: LiveStatus[] = [];
  queuedBytes = 0;
  init(codec: string, data: Buffer): void {
    this.codec = codec;
    this.inits += 1;
    this.parts = [data];
    this.fragments = 0;
  }
  fragment(data: Buffer): void {
    this.parts.push(data);
    this.fragments += 1;
    this.firstFragmentAtMs ??= Date.now();
  }
  status(s: LiveStatus): void {
    this.statuses.push(s);
  }
  bufferedBytes(): number {
    return this.queuedBytes;
  }
  /** Keyframe marks of the fragments since the last init, read back from the bytes. */
  keyframes(): boolean[] {
    return new FragmentReader().push(Buffer.concat(this.parts)).flatMap((s) => (s.kind === 'fragment' ? [s.keyframe] : []));
  }
  get state(): string | undefined {
    return this.statuses.at(-1)?.state;
  }
}

/** The hub's ffmpeg processes: their command line names the input file in our run dir. */
async function hubProcesses(): Promise<number[]> {
  const { stdout } = await run('pgrep', ['-f', runDir]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter(Boolean).map(Number);
}

async function decodes(viewer: TestViewer, name: string): Promise<{ codec: string; frames: number }> {
  const file = join(runDir, `${name}.mp4`);
  await writeFile(file, Buffer.concat(viewer.parts));
  const p = await probe(file);
  expect(await decodeErrors(file)).toBe('');
  return p;
}

/** CPU seconds (user + system) an ffmpeg has used, from /proc (clock ticks of 1/100 s). */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const watching = (v: TestViewer, fragments: number) => waitFor(`${fragments} fragments`, async () => v.fragments >= fragments, 30_000, 100);

beforeAll(async () => {
  camsim = await startCamsim({ clipsDir: await testClips(), port: await freePort(), cameras: 2, h265: [2], user: 'vigil', password: PASSWORD });
  runDir = join(await tempDataDir(), 'run');
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) });
  hub = new LiveHub({
    source: async (cameraId, stream) => ({
      url: withCredentials(camsim.url(cameraId, stream), 'vigil', PASSWORD),
      codec: cameraId === 2 ? camera2Claims : 'h264',
    }),
    runDir,
    log: pino({ level: 'info' }, sink),
    now: () => Date.now(),
  }, { lingerMs: 1000, backoffMs: [500, 1000, 2000] });
});

afterAll(async () => {
  await hub?.stopAll();
  await camsim?.stop();
});

describe('live view', () => {
  const a = new TestViewer();
  const b = new TestViewer();
  let stopA: () => void = () => undefined;
  let stopB: () => void = () => undefined;

  it('two viewers of a camera share ONE ffmpeg, and both get playable H.264', async () => {
    const t0 = Date.now();
    stopA = hub.subscribe(1, 'sub', a);
    stopB = hub.subscribe(1, 'sub', b);
    expect(a.statuses[0]?.state).toBe('starting');
    await watching(a, 15);
    await watching(b, 15);
    console.log(`live: camera 1 sub (copy), first fragment ${(a.firstFragmentAtMs ?? 0) - t0} ms after subscribing`);
    expect(hub.stats()).toMatchObject([{ cameraId: 1, stream: 'sub', viewers: 2, running: true, state: 'live' }]);
    expect(await hubProcesses()).toHaveLength(1);
    for (const v of [a, b]) {
      expect(v.codec).toMatch(/^avc1\.[0-9a-f]{6}$/);
      expect(v.keyframes()[0]).toBe(true);
      expect(v.state).toBe('live');
    }
    const p = await decodes(a, 'a');
    expect(p.codec).toBe('h264');
    expect(p.frames).toBeGreaterThan(0);
  });

  it('keeps the camera password off the command line, out of the logs, in a 0600 file', async () => {
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout).toContain(runDir);
    expect(stdout).not.toContain('p@ss');
    expect(stdout).not.toContain('p%40ss');
    expect(logLines.join('')).not.toMatch(/p@ss|p%40ss/);
    expect((await stat(join(runDir, 'live-1-sub.ffconcat'))).mode & 0o777).toBe(0o600);
  });

  it('a viewer who joins late starts at once with the init segment and a keyframe fragment', async () => {
    const late = new TestViewer();
    const stop = hub.subscribe(1, 'sub', late);
    // Straight from the hub's memory, before ffmpeg writes anything new.
    expect(late.codec).toBe(a.codec);
    expect(late.fragments).toBeGreaterThan(0);
    expect(late.keyframes()[0]).toBe(true);
    await watching(late, late.fragments + 10);
    expect((await decodes(late, 'late')).frames).toBeGreaterThan(0);
    stop();
    expect(await hubProcesses()).toHaveLength(1);
  });

  it('a slow viewer skips to the next keyframe instead of queueing without end', async () => {
    const slow = new TestViewer();
    slow.queuedBytes = 100 * 1024 * 1024;
    const stop = hub.subscribe(1, 'sub', slow);
    const caughtUp = slow.fragments;
    await waitFor('fragments skipped', async () => (hub.stats()[0]?.skippedFragments ?? 0) >= 5, 20_000, 100);
    expect(slow.fragments).toBe(caughtUp);
    slow.queuedBytes = 0;
    await watching(slow, caughtUp + 15);
    // Every fragment after the gap is whole from a keyframe on: the file decodes cleanly.
    expect(slow.keyframes()[caughtUp]).toBe(true);
    expect((await decodes(slow, 'slow')).frames).toBeGreaterThan(0);
    stop();
  });

  it('stops ffmpeg shortly after the last viewer leaves, and removes its input file', async () => {
    stopA();
    stopB();
    stopB();
    // It lingers: a page reload should not reconnect to the camera.
    expect(hub.stats()).toMatchObject([{ cameraId: 1, viewers: 0, running: true }]);
    await waitFor('ffmpeg to exit', async () => (await hubProcesses()).length === 0, 15_000, 200);
    expect(hub.stats()).toEqual([]);
    // The file with the camera password does not outlive the ffmpeg that read it.
    await waitFor('the input file to be removed', async () => !(await stat(join(runDir, 'live-1-sub.ffconcat')).catch(() => null)), 5000, 100);
  });

  it('delivers an H.265 camera as H.264 (transcoded), playable in the browser', async () => {
    const v = new TestViewer();
    const t0 = Date.now();
    const stop = hub.subscribe(2, 'sub', v);
    await watching(v, 10);
    const [pid] = await hubProcesses();
    if (!pid) throw new Error('no ffmpeg for camera 2');
    const cpu0 = await cpuSeconds(pid);
    const wall0 = Date.now();
    await watching(v, v.fragments + 25);
    const cpuShare = (await cpuSeconds(pid) - cpu0) / ((Date.now() - wall0) / 1000);
    console.log(`live: camera 2 sub (transcode), first fragment ${(v.firstFragmentAtMs ?? 0) - t0} ms after subscribing`);
    console.log(`live: H.265 360p → H.264 640 transcode uses ${(cpuShare * 100).toFixed(0)} % of one core`);
    expect(v.codec).toMatch(/^avc1\./);
    expect(v.keyframes().filter(Boolean).length).toBeGreaterThan(1); // a keyframe every second
    const p = await decodes(v, 'h265');
    expect(p.codec).toBe('h264');
    expect(p.frames).toBeGreaterThan(0);
    stop();
  });

  it('transcodes a camera that sends H.265 although its source said H.264', async () => {
    await waitFor('the previous feed to close', async () => hub.stats().length === 0, 15_000, 200);
    camera2Claims = 'h264';
    const v = new TestViewer();
    const stop = hub.subscribe(2, 'sub', v);
    await watching(v, 10);
    expect(v.codec).toMatch(/^avc1\./);
    expect(hub.stats()[0]?.restarts).toBe(1); // the copy was stopped at its init segment
    expect((await decodes(v, 'h265-unannounced')).codec).toBe('h264');
    stop();
  });

  it('tells viewers a dropped camera is reconnecting, then plays again when it returns', async () => {
    const v = new TestViewer();
    const stop = hub.subscribe(1, 'sub', v);
    await waitFor('live', async () => v.state === 'live', 30_000, 100);
    await camsim.drop(1, 60);
    const down = await waitFor('a reconnecting status', async () => v.statuses.find((s) => s.state === 'reconnecting' || s.state === 'offline'), 30_000, 100);
    expect(down.reason.vi.length).toBeGreaterThan(0);
    expect(down.reason.en.length).toBeGreaterThan(0);
    await waitFor('the tile to say offline after repeated failures', async () => v.state === 'offline', 30_000, 100);
    await camsim.restore(1);
    const initsBefore = v.inits;
    await waitFor('live again', async () => v.state === 'live' && v.fragments >= 10, 45_000, 200);
    console.log('live: statuses through a drop:', v.statuses.map((s) => `${s.state} (${s.reason.code})`).join(' → '));
    expect(v.inits).toBe(initsBefore + 1); // a new ffmpeg, a new init segment
    expect(v.keyframes()[0]).toBe(true);
    expect((await decodes(v, 'after-drop')).frames).toBeGreaterThan(0);
    expect(hub.stats().find((f) => f.cameraId === 1)?.restarts).toBeGreaterThan(0);
    stop();
    await hub.stopAll();
    expect(await hubProcesses()).toEqual([]);
  });
});
