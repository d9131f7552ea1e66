/**
 * Redaction speed (issue 6, R3.3) as a ratio to the clip's duration (0.5× = takes half the clip's
 * length), on 30 s clips with a real face (the astronaut photograph sliding over the test pattern)
 * at 640×360 and 1280×720, median of BENCH_RUNS (default 3):
 * - detection: frames sampled at 4 fps, scaled to ≤ 640 wide, through Human's BlazeFace on the
 *   WebAssembly backend (model loaded once beforehand, its load time printed apart);
 * - render: the proposed rectangles blurred, H.264 veryfast CRF 23, +faststart;
 * - render, 20 rectangles drawn by hand (all 30 s long, the worst case for the filter chain);
 * - baseline: a plain re-encode of the same clip with the same encoder settings and no filter.
 * Prints figures; asserts nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { type RedactionBox, proposeRedactions } from '../src/domain/redaction.js';
import { detectFaces, loadFaceDetector } from '../src/server/redaction/faces.js';
import { renderRedacted } from '../src/server/redaction/render.js';
import { makeFaceClip } from '../test/integration/redaction-clip.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = 30;
const FPS = 4;
const run = promisify(execFile);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-redaction-'));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

const t0 = performance.now();
await loadFaceDetector();
const loadS = (performance.now() - t0) / 1000;
console.log(`Redaction on ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)} at start); ${DURATION} s clips; median of ${RUNS}; ratio = time ÷ clip duration.`);
console.log(`Face model (Human BlazeFace, tfjs WebAssembly backend) loaded in ${loadS.toFixed(2)} s, once per process.`);
console.log('clip      | step                                             | seconds | × real time | vs baseline');

const hand: RedactionBox[] = Array.from({ length: 20 }, (_, i) => ({
  x: (i % 5) * 0.2, y: Math.floor(i / 5) * 0.25, w: 0.15, h: 0.2, startS: 0, endS: DURATION,
}));

for (const [width, height] of [[640, 360], [1280, 720]] as const) {
  const input = join(dir, `face-${height}p.mp4`);
  makeFaceClip(input, { width, height, durationS: DURATION });
  const label = `${width}×${height}`.padEnd(9);

  const baseline: number[] = [];
  const detect: number[] = [];
  const render: number[] = [];
  const render20: number[] = [];
  let proposals: RedactionBox[] = [];
  let sampled = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const plain = join(dir, 'plain.mp4');
    baseline.push(await timed(() => run('ffmpeg', [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-i', input, '-map', '0:v:0', '-an',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4', '-y', plain,
    ])));
    detect.push(await timed(async () => {
      const frames = await detectFaces(input, { fps: FPS });
      sampled = frames.length;
      proposals = proposeRedactions(frames, { durationS: DURATION });
    }));
    render.push(await timed(() => renderRedacted(input, proposals, join(dir, 'redacted.mp4'))));
    render20.push(await timed(() => renderRedacted(input, hand, join(dir, 'redacted20.mp4'))));
  }
  const base = median(baseline);
  const row = (step: string, xs: number[], compare = true) => {
    const s = median(xs);
    console.log(`${label} | ${step.padEnd(48)} | ${s.toFixed(2).padStart(7)} | ${(s / DURATION).toFixed(3).padStart(10)}× | ${compare ? `${(s / base).toFixed(2)}×` : ''}`);
  };
  row('baseline: plain re-encode, no filter', baseline);
  row(`detection: ${sampled} frames at ${FPS} fps (${(median(detect) / sampled * 1000).toFixed(0)} ms each)`, detect, false);
  row(`render: ${proposals.length} proposed rectangles`, render);
  row('render: 20 hand-drawn rectangles, whole clip', render20);
  row('detection + render (proposals)', detect.map((d, i) => d + render[i]!));
}
rmSync(dir, { recursive: true, force: true });
