/**
 * Recorder cost per camera: `vigil serve` recording N simulated 1080p cameras, beside bare
 * `ffmpeg -c copy` recording the same streams, measured over the same window from /proc.
 * Prints figures; asserts nothing. BENCH_SECONDS (default 60) and BENCH_CAMERAS (default 8,16).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cameraInputFile, recordArgv } from '../src/ffmpeg/record.js';
import { prepareClips, startCamsim } from '../tools/camsim/camsim.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SIZES = (process.env.BENCH_CAMERAS ?? '8,16').split(',').map(Number);
const TICK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
function rssKiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
function childrenOf(root: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      if (ppid === root) out.push(Number(d));
    } catch { /* gone */ }
  }
  return out;
}

/** CPU (% of one core) and mean RSS (MiB) of a set of processes over the window. */
async function measure(pids: () => number[]): Promise<Figures> {
  const first = new Map(pids().map((p) => [p, cpuTicks(p)]));
  const rss: number[] = [];
  const startedAt = Date.now();
  while (Date.now() - startedAt < SECONDS * 1000) {
    await sleep(2000);
    rss.push(pids().reduce((n, p) => n + rssKiB(p), 0));
  }
  const elapsed = (Date.now() - startedAt) / 1000;
  const ticks = pids().reduce((n, p) => n + cpuTicks(p) - (first.get(p) ?? 0), 0);
  return { cpuPercent: (ticks / TICK / elapsed) * 100, rssMiB: rss.reduce((a, b) => a + b, 0) / rss.length / 1024 };
}

async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 60; i += 1) {
    if ((await fetch(url).catch(() => null))?.ok) return;
    await sleep(500);
  }
  throw new Error(`${url} did not answer`);
}

interface Figures { cpuPercent: number; rssMiB: number }

async function vigilRun(urls: string[]): Promise<{ total: Figures; node: Figures }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const port = 18_900;
  const server = spawn(process.execPath, ['bin/vigil.js', 'serve'], {
    env: { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_PORT: String(port), VIGIL_LOG_LEVEL: 'warn' }, stdio: 'ignore',
  });
  await waitHttp(`http://127.0.0.1:${port}/api/health`);
  for (const [i, url] of urls.entries()) {
    await fetch(`http://127.0.0.1:${port}/api/cameras`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Bench ${i + 1}`, location: 'bench', areaType: 'yard', mainUrl: url }),
    });
  }
  await sleep(10_000);
  const pid = server.pid ?? 0;
  const [total, node] = await Promise.all([measure(() => [pid, ...childrenOf(pid)]), measure(() => [pid])]);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  return { total, node };
}

/** Plain: the simplest `-c copy` recording. Same argv: Vigil's own ffmpeg command, run bare. */
async function bareRun(urls: string[], same: boolean): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bare-'));
  const procs: ChildProcess[] = urls.map((url, i) => {
    const out = join(dir, String(i));
    mkdirSync(out);
    if (same) {
      const input = join(out, 'input.ffconcat');
      writeFileSync(input, cameraInputFile(url), { mode: 0o600 });
      return spawn('ffmpeg', recordArgv({ inputFile: input, outputPattern: join(out, '%06d.mp4') }), { stdio: 'ignore' });
    }
    return spawn('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-timeout', '5000000', '-i', url,
      '-map', '0:v:0', '-c', 'copy', '-f', 'segment', '-segment_time', '10', '-reset_timestamps', '1', '-segment_format', 'mp4',
      join(out, '%06d.mp4')], { stdio: 'ignore' });
  });
  await sleep(10_000);
  const result = await measure(() => procs.map((p) => p.pid ?? 0));
  for (const p of procs) p.kill('SIGINT');
  await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  return result;
}

const clips = await prepareClips('.cache/camsim', 60, (m) => console.log(m));
console.log(`Recording for ${SECONDS} s per run (after 10 s warm-up); CPU is % of one core.`);
console.log('cameras | mode                           | CPU %/camera | RSS MiB/camera');
for (const n of SIZES) {
  const sim = await startCamsim({ clipsDir: clips, port: 18_700, cameras: n, h265: [] });
  const urls = Array.from({ length: n }, (_, i) => sim.url(i + 1));
  const plain = await bareRun(urls, false);
  const same = await bareRun(urls, true);
  const vigil = await vigilRun(urls);
  await sim.stop();
  const row = (mode: string, r: Figures) =>
    console.log(`${String(n).padStart(7)} | ${mode.padEnd(30)} | ${(r.cpuPercent / n).toFixed(2).padStart(12)} | ${(r.rssMiB / n).toFixed(1).padStart(14)}`);
  const ratio = (mode: string, a: Figures, b: Figures) =>
    console.log(`${String(n).padStart(7)} | ${mode.padEnd(30)} | ${(a.cpuPercent / b.cpuPercent).toFixed(2).padStart(12)} | ${(a.rssMiB / b.rssMiB).toFixed(2).padStart(14)}`);
  row('bare ffmpeg -c copy (plain)', plain);
  row("bare ffmpeg, Vigil's argv", same);
  row('vigil (node + its ffmpegs)', vigil.total);
  row('  of which the node process', vigil.node);
  ratio('ratio vigil / plain', vigil.total, plain);
  ratio("ratio vigil / Vigil's argv", vigil.total, same);
}
console.log('Goal: ratio ≤ 1.05.');
