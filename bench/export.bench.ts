/**
 * Evidence export speed (issue 6, R4.3): 10 minutes of 1080p H.264 recorded as sixty 10 s
 * segments (~4 Mbit/s), exported as `vigil case export` does it — ffmpeg joins them without
 * re-encoding (clipListFile + clipArgv), then buildEvidencePackage streams the clip into a signed
 * zip (SHA-256 as it streams, fsync, rename) — beside a plain `cp` of the same segments.
 * Warm page cache for every row (each file is read once first; the cache cannot be dropped here).
 * Median of BENCH_RUNS (default 3). Prints figures; asserts nothing. Goal: ≥ 80 % of cp's speed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { clipArgv, clipListFile } from '../src/ffmpeg/clip.js';
import { buildEvidencePackage } from '../src/server/evidence/package.js';
import { SigningKey } from '../src/server/repositories/signing-key.js';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SEGMENTS = 60;
const CACHE = resolve('.cache/bench-export');
const SEGMENT_DIR = join(CACHE, 'segments-1080p');

/** Sixty 10 s segments of 1080p25, encoded once per machine (~2 min on 2 cores) and kept. */
async function segments(): Promise<string[]> {
  const list = () => readdirSync(SEGMENT_DIR).filter((f) => f.endsWith('.mp4')).sort().map((f) => join(SEGMENT_DIR, f));
  // A fresh machine has no cache yet.
  if (existsSync(SEGMENT_DIR) && list().length === SEGMENTS) return list();
  console.log('Encoding 10 min of 1080p H.264 as 60 segments of 10 s (once; cached in .cache/bench-export)…');
  const tmp = join(CACHE, `encoding-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  // As a camera records: keyframe every 2 s, no B-frames, cut at 10 s, ~4 Mbit/s.
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25', '-t', String(SEGMENTS * 10),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-b:v', '4M', '-maxrate', '4M', '-bufsize', '8M',
    '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-bf', '0',
    '-f', 'segment', '-segment_time', '10', '-reset_timestamps', '1', '-segment_format', 'mp4', join(tmp, '%06d.mp4')]);
  rmSync(SEGMENT_DIR, { recursive: true, force: true });
  renameSync(tmp, SEGMENT_DIR);
  return list();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Median seconds of `fn` over RUNS runs; `reset` (untimed) clears what a run left. */
async function timed(fn: () => Promise<unknown>, reset: () => void): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    reset();
    const t0 = performance.now();
    await fn();
    seconds.push((performance.now() - t0) / 1000);
  }
  reset();
  return median(seconds);
}

const files = await segments();
const totalBytes = files.reduce((n, f) => n + statSync(f).size, 0);
for (const f of files) readFileSync(f); // warm the page cache: every row reads from memory

const work = await mkdtemp(join(tmpdir(), 'vigil-bench-export-'));
const copyDir = join(work, 'copy');
const list = join(work, 'clip.ffconcat');
const clip = join(work, 'clip.mp4');
const zip = join(work, 'evidence.zip');
writeFileSync(list, clipListFile(files.map((path) => ({ path }))));
const key = SigningKey.open(join(work, 'keys'), 'evidence-ed25519');
const startMs = Date.parse('2026-11-25T01:00:00Z');
const bienBan = Buffer.alloc(200_000, 'biên bản ');

const cutClip = () => run('ffmpeg', clipArgv(list, clip));
const packageClip = () => buildEvidencePackage({
  outFile: zip,
  files: [{ path: 'clips/cam1.mp4', source: clip, kind: 'clip' }, { path: 'bien-ban.pdf', source: bienBan, kind: 'document' }],
  clips: [{ path: 'clips/cam1.mp4', cameraId: 1, cameraName: 'Cổng trường', startMs, endMs: startMs + SEGMENTS * 10_000 }],
  case: { id: 1, title: 'Bench', number: '01/BB-THĐKh' }, schoolName: 'Trường bench',
  exportedBy: { username: 'hieutruong', displayName: 'Hiệu trưởng' }, exportedAtMs: Date.now(),
  reason: { code: 'evidence', text: 'Đo tốc độ xuất gói chứng cứ' }, signingKey: key,
});
const clean = (...paths: string[]) => () => paths.forEach((p) => rmSync(p, { recursive: true, force: true }));

const cp = await timed(() => run('cp', [...files, copyDir]), () => { clean(copyDir)(); mkdirSync(copyDir); });
const cpSync = await timed(async () => {
  await run('cp', [...files, copyDir]);
  await run('sync', readdirSync(copyDir).map((f) => join(copyDir, f)));
}, () => { clean(copyDir)(); mkdirSync(copyDir); });
const full = await timed(async () => { await cutClip(); await packageClip(); }, clean(clip, zip));
const cut = await timed(cutClip, clean(clip));
await cutClip();
readFileSync(clip);
const clipBytes = statSync(clip).size;
const alone = await timed(packageClip, clean(zip));
rmSync(work, { recursive: true, force: true });

const mb = (bytes: number) => bytes / 1e6;
console.log(`10 min of 1080p H.264: ${files.length} segments, ${mb(totalBytes).toFixed(1)} MB (clip ${mb(clipBytes).toFixed(1)} MB); warm page cache; median of ${RUNS}`);
console.log('what                                          | seconds |    MB/s | speed vs cp | vs cp+fsync');
const cpRate = totalBytes / cp;
const percentOfCp = (seconds: number, bytes = totalBytes) => ((bytes / seconds / cpRate) * 100).toFixed(0);
// A package is flushed to the disk before it is called done; cp then fsync is the same promise.
const percentOfDurableCp = (seconds: number, bytes = totalBytes) => ((bytes / seconds / (totalBytes / cpSync)) * 100).toFixed(0);
const row = (what: string, seconds: number, bytes = totalBytes) =>
  console.log(`${what.padEnd(45)} | ${seconds.toFixed(3).padStart(7)} | ${(mb(bytes) / seconds).toFixed(0).padStart(7)} | ${percentOfCp(seconds, bytes).padStart(9)} % | ${percentOfDurableCp(seconds, bytes).padStart(9)} %`);
row('(a) cp of the segments (baseline)', cp);
row('    cp, then fsync of every copy', cpSync);
row('(b) full export: ffmpeg join + package', full);
row('      of which ffmpeg join (clipArgv)', cut);
row('(c) package alone (SHA-256, zip, sign, fsync)', alone, clipBytes);
console.log(`Goal: export ≥ 80 % of cp's speed — full export ${percentOfCp(full)} % (${cp / full >= 0.8 ? 'met' : 'not met'}), package alone ${percentOfCp(alone, clipBytes)} %; against cp then fsync: ${percentOfDurableCp(full)} % and ${percentOfDurableCp(alone, clipBytes)} %.`);
