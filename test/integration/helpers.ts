import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { prepareClips } from '../../tools/camsim/camsim.js';
import { type Config, loadConfig } from '../../src/server/config.js';

export const run = promisify(execFile);
export const quietLog = pino({ level: 'silent' });

/** The simulator's clips, encoded once per machine and shared by every test file. */
export function testClips(): Promise<string> {
  return prepareClips(resolve('.cache/camsim'), 60);
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'vigil-test-'));
}

export function testConfig(dataDir: string, extra: Record<string, string> = {}): Config {
  return loadConfig({ VIGIL_DATA_DIR: dataDir, VIGIL_LOG_LEVEL: 'silent', ...extra });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 500): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Probe {
  codec: string;
  durationSeconds: number;
  frames: number;
}

/** ffprobe a file, decoding every frame (so a damaged file fails here). */
export async function probe(file: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,nb_read_frames:format=duration', '-of', 'json', file]);
  const j = JSON.parse(stdout) as { streams: Array<{ codec_name: string; nb_read_frames: string }>; format: { duration: string } };
  const s = j.streams[0];
  if (!s) throw new Error(`${file} has no video stream`);
  return { codec: s.codec_name, durationSeconds: Number(j.format.duration), frames: Number(s.nb_read_frames) };
}

/** Decode the whole file and return ffmpeg's error output (empty for a clean file). */
export async function decodeErrors(file: string): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
  return stderr.trim();
}

/** A mail received by the test's SMTP server: recipients and the body decoded to UTF-8. */
export interface Mail {
  to: string[];
  text: string;
}

/**
 * A real SMTP server on a free port that keeps what it receives (R7.1, R4.2 notices). Bodies
 * arrive quoted-printable, as mail clients expect; they are decoded here.
 */
export async function startMailbox(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const { SMTPServer } = await import('smtp-server');
  const mails: Mail[] = [];
  const decode = (raw: string) =>
    Buffer.from(raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text: decode(text) });
        done();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { port, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The first frame of a video, scaled to 160 × 90 grey bytes (for comparing pictures). */
export async function firstFrame(file: string): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-frames:v', '1', '-vf', 'scale=160:90,format=gray', '-f', 'rawvideo', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 20 });
  return stdout;
}

/** Mean absolute difference of two `firstFrame`s over rows [y0, y1) and columns [x0, x1). */
export function difference(a: Buffer, b: Buffer, x0: number, x1: number, y0: number, y1: number): number {
  let sum = 0;
  for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) sum += Math.abs((a[y * 160 + x] ?? 0) - (b[y * 160 + x] ?? 0));
  return sum / ((x1 - x0) * (y1 - y0));
}

/**
 * The simulator's clips cut short so that they loop every `seconds` (a multiple of the clips' 2 s
 * chunks): the first chunks of testClips(), hard-linked, so nothing is encoded again. A test that
 * must cross the loop point gets there sooner than with the full 60 s clips.
 */
export async function testClipsLoopingEvery(seconds: number): Promise<string> {
  const { existsSync } = await import('node:fs');
  const { link, mkdir, readdir, rename, rm, writeFile } = await import('node:fs/promises');
  if (seconds % 2 !== 0) throw new Error('the clips loop in whole 2 s chunks');
  const full = await testClips();
  const dir = `${full}-loop${seconds}s`;
  if (existsSync(join(dir, 'READY'))) return dir;
  const work = `${dir}.tmp-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  for (const variant of ['h264-main', 'h264-sub', 'h265-main', 'h265-sub']) {
    await mkdir(join(work, variant), { recursive: true });
    const chunks = (await readdir(join(full, variant))).sort().slice(0, seconds / 2);
    if (chunks.length < seconds / 2) throw new Error(`${variant} has only ${chunks.length} chunks`);
    for (const c of chunks) await link(join(full, variant, c), join(work, variant, c));
  }
  await writeFile(join(work, 'READY'), '');
  try {
    await rename(work, dir);
  } catch {
    await rm(work, { recursive: true, force: true }); // another process finished first
  }
  return dir;
}
