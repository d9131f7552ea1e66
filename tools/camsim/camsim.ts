import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
// From the sources (tools/camsim/) or the build (dist/tools/camsim/).
const SIMULATOR = [join(here, 'camsim.py'), join(here, '../../../tools/camsim/camsim.py')].find((p) => existsSync(p)) ?? join(here, 'camsim.py');
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
/** Bumped when the clips change, so old caches are rebuilt. */
const CLIP_VERSION = 'v1';

type Codec = 'h264' | 'h265';
interface Variant { codec: Codec; stream: 'main' | 'sub'; size: string; bitrate: string; fontSize: number }

const VARIANTS: Variant[] = [
  { codec: 'h264', stream: 'main', size: '1920x1080', bitrate: '4M', fontSize: 64 },
  { codec: 'h264', stream: 'sub', size: '640x360', bitrate: '600k', fontSize: 24 },
  { codec: 'h265', stream: 'main', size: '1920x1080', bitrate: '3M', fontSize: 64 },
  { codec: 'h265', stream: 'sub', size: '640x360', bitrate: '400k', fontSize: 24 },
];

/** Pure: the ffmpeg argv that encodes one looping test clip (no B-frames, a keyframe every 2 s). */
export function clipEncodeArgv(v: Variant, seconds: number, out: string): string[] {
  const label = `VIGIL camsim ${v.codec === 'h264' ? 'H.264' : 'H.265'} ${v.stream}`;
  const drawtext = `drawtext=fontfile=${FONT}:text='${label}  %{pts\\:hms}':fontsize=${v.fontSize}:fontcolor=white:box=1:boxcolor=black@0.6:x=20:y=20`;
  const codecArgs = v.codec === 'h264'
    ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0']
    : ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'bframes=0:keyint=50:min-keyint=50:scenecut=0:log-level=error'];
  return [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${v.size}:rate=25:duration=${seconds}`,
    '-vf', drawtext, ...codecArgs, '-b:v', v.bitrate, '-maxrate', v.bitrate, '-bufsize', v.bitrate, '-pix_fmt', 'yuv420p', out,
  ];
}

/**
 * Encode the test clips once and cut them into ~2 s Annex-B chunks (RECIPES.md): the simulator
 * loops over the chunks so timestamps keep increasing across loops.
 */
export async function prepareClips(cacheDir: string, seconds = 60, onProgress?: (msg: string) => void): Promise<string> {
  const dir = resolve(cacheDir, `clips-${CLIP_VERSION}-${seconds}s`);
  if (existsSync(join(dir, 'READY'))) return dir;
  const work = `${dir}.tmp-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  for (const v of VARIANTS) {
    onProgress?.(`camsim: encoding the ${v.codec} ${v.stream} test clip (${v.size}, ${seconds} s)…`);
    const mp4 = join(work, `${v.codec}-${v.stream}.mp4`);
    await run('ffmpeg', clipEncodeArgv(v, seconds, mp4), { timeout: 600_000 });
    const chunks = join(work, `${v.codec}-${v.stream}`);
    await mkdir(chunks);
    const bsf = v.codec === 'h264' ? 'h264_mp4toannexb' : 'hevc_mp4toannexb';
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', mp4, '-c', 'copy', '-bsf:v', bsf, '-f', 'segment',
      '-segment_time', '2', '-segment_format', v.codec === 'h264' ? 'h264' : 'hevc', join(chunks, `%05d.${v.codec}`)]);
    await rm(mp4);
  }
  await run('touch', [join(work, 'READY')]);
  try {
    await rename(work, dir);
  } catch {
    await rm(work, { recursive: true, force: true }); // another process finished first
  }
  return dir;
}

export interface CamsimOptions {
  clipsDir: string;
  port: number;
  cameras: number;
  /** Camera numbers served in H.265 (at least one, by default camera 2). */
  h265?: number[];
  user?: string;
  password?: string;
}

export interface Camsim {
  rtspPort: number;
  controlPort: number;
  url(camera: number, stream?: 'main' | 'sub'): string;
  drop(camera: number, seconds: number): Promise<void>;
  restore(camera: number): Promise<void>;
  /** SIGSTOP / SIGCONT the whole simulator: a frozen camera (TCP open, no data). */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

/** Start the GStreamer RTSP simulator (Debian's /usr/bin/python3 has the gi bindings). */
export async function startCamsim(o: CamsimOptions): Promise<Camsim> {
  const h265 = o.h265 ?? (o.cameras >= 2 ? [2] : []);
  const args = [SIMULATOR, '--clips', o.clipsDir, '--port', String(o.port), '--cameras', String(o.cameras), '--h265', h265.join(',')];
  if (o.user) args.push('--user', o.user);
  // The password goes by environment, not argv, so `ps` does not show it.
  const child: ChildProcess = spawn('/usr/bin/python3', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CAMSIM_PASSWORD: o.password ?? '' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const ready = await new Promise<{ rtspPort: number; controlPort: number }>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`camsim did not start: ${stderr}`)), 15_000);
    child.on('exit', (code) => rej(new Error(`camsim exited (${code}): ${stderr}`)));
    if (!child.stdout) return rej(new Error('camsim has no stdout'));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const msg = JSON.parse(line) as { ready?: boolean; error?: string; rtspPort: number; controlPort: number };
      if (msg.ready) res(msg);
      else rej(new Error(`camsim: ${msg.error ?? line}`));
    });
  });
  const control = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${ready.controlPort}${path}`, { method: 'POST' });
    if (!res.ok) throw new Error(`camsim control ${path}: ${res.status}`);
  };
  return {
    ...ready,
    url: (n, stream = 'main') => `rtsp://127.0.0.1:${ready.rtspPort}/cam${n}${stream === 'sub' ? '/sub' : ''}`,
    drop: (n, seconds) => control(`/cameras/${n}/drop?seconds=${seconds}`),
    restore: (n) => control(`/cameras/${n}/restore`),
    freeze: () => void child.kill('SIGSTOP'),
    thaw: () => void child.kill('SIGCONT'),
    stop: () => new Promise<void>((res) => {
      if (child.exitCode !== null || child.signalCode !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGCONT');
      child.kill('SIGTERM');
    }),
  };
}
