/**
 * Redaction (R3.3) end to end on a clip that really contains a face: the face detector (Human's
 * BlazeFace on the WebAssembly backend, offline) finds it in sampled frames, the proposals follow
 * it, and ffmpeg renders a playable H.264 MP4 in which the face is blurred and the rest is not.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FrameDetections, type RedactionBox, iou, proposeRedactions } from '../../src/domain/redaction.js';
import { toPixelBox } from '../../src/ffmpeg/redact-argv.js';
import { detectFaces } from '../../src/server/redaction/faces.js';
import { probeVideo } from '../../src/server/redaction/probe.js';
import { renderRedacted } from '../../src/server/redaction/render.js';
import { decodeErrors, probe, run } from './helpers.js';
import { type FaceClip, greyFrame, makeFaceClip, regionDifference, regionVariance } from './redaction-clip.js';

let dir: string;
let clipFile: string;
let clip: FaceClip;
let frames: FrameDetections[];
let proposals: RedactionBox[];
const detectProgress: number[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-redaction-'));
  clipFile = join(dir, 'face.mp4');
  clip = makeFaceClip(clipFile, { width: 640, height: 360, durationS: 4 });
  frames = await detectFaces(clipFile, { fps: 4, onProgress: (f) => detectProgress.push(f) });
  proposals = proposeRedactions(frames, { durationS: clip.durationS });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('face detection', () => {
  it('finds the face in the sampled frames, where it is', () => {
    expect(frames.map((f) => f.tS)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 3.75]);
    const found = frames.filter((f) => f.boxes.length > 0);
    expect(found.length).toBeGreaterThanOrEqual(frames.length - 1);
    for (const f of found) {
      const best = f.boxes[0]!;
      const truth = clip.faceAt(f.tS);
      // The detected box holds the face's centre, and its centre is on the face.
      const cx = truth.x + truth.w / 2;
      const cy = truth.y + truth.h / 2;
      expect(best.x <= cx && cx <= best.x + best.w && best.y <= cy && cy <= best.y + best.h).toBe(true);
      expect(Math.abs(best.x + best.w / 2 - cx)).toBeLessThan(truth.w / 2);
      expect(Math.abs(best.y + best.h / 2 - cy)).toBeLessThan(truth.h / 2);
      expect(iou(best, truth)).toBeGreaterThan(0.1);
      expect(best.score).toBeGreaterThan(0.5);
      // Nothing else in the test pattern passes the default threshold as a face.
      expect(f.boxes).toHaveLength(1);
    }
    expect(detectProgress[detectProgress.length - 1]).toBe(1);
    expect([...detectProgress].sort((a, b) => a - b)).toEqual(detectProgress);
  });

  it('proposes rectangles that cover the face for the whole clip', () => {
    expect(proposals.length).toBeGreaterThan(0);
    expect(proposals.length).toBeLessThan(8);
    for (let t = 0; t <= clip.durationS; t += 0.1) {
      const truth = clip.faceAt(Math.min(t, clip.durationS - 0.01));
      const covering = proposals.filter((b) => b.startS <= t + 1e-6 && b.endS >= t - 1e-6);
      const centre = { x: truth.x + truth.w / 2, y: truth.y + truth.h / 2 };
      expect(covering.some((b) => b.x <= centre.x && centre.x <= b.x + b.w && b.y <= centre.y && centre.y <= b.y + b.h), `t=${t.toFixed(1)}`).toBe(true);
    }
  });

  it('reports a clip it cannot read', async () => {
    await expect(detectFaces(join(dir, 'missing.mp4'))).rejects.toThrow(/ffprobe/);
  });
});

describe('redacted render', () => {
  it('blurs the face and leaves the rest of the picture as it was, in a playable H.264 MP4', async () => {
    const out = join(dir, 'redacted.mp4');
    const progress: number[] = [];
    const result = await renderRedacted(clipFile, proposals, out, (f) => progress.push(f));
    expect(result.input).toMatchObject({ width: 640, height: 360 });
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect((await readdir(dir)).filter((f) => f.endsWith('.part'))).toEqual([]);

    const p = await probe(out);
    expect(p.codec).toBe('h264');
    expect(p.durationSeconds).toBeCloseTo(4, 0);
    expect(p.frames).toBe(100);
    expect(await decodeErrors(out)).toBe('');
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=pix_fmt,profile:format=format_name', '-of', 'json', out]);
    const info = JSON.parse(stdout) as { streams: { pix_fmt: string }[]; format: { format_name: string } };
    expect(info.streams[0]!.pix_fmt).toBe('yuv420p');
    expect(info.format.format_name).toContain('mp4');
    const bytes = await readFile(out);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat')); // +faststart

    const { width, height } = clip;
    for (const t of [0.5, 2, 3.5]) {
      const before = greyFrame(clipFile, t, width, height);
      const after = greyFrame(out, t, width, height);
      const face = toPixelBox(clip.faceAt(t), { width, height });
      const vBefore = regionVariance(before, width, face);
      const vAfter = regionVariance(after, width, face);
      expect(vBefore, `face detail at ${t}s`).toBeGreaterThan(200);
      expect(vAfter, `face blurred at ${t}s`).toBeLessThan(vBefore * 0.3);
      // The bottom right quarter holds no face: only re-encoding changes it.
      const outside = { x: 400, y: 220, w: 200, h: 120 };
      expect(regionVariance(before, width, outside)).toBeGreaterThan(200);
      expect(regionDifference(before, after, width, outside), `outside at ${t}s`).toBeLessThan(6);
    }
  });

  it('renders 20 hand-drawn rectangles over time ranges, and solid boxes', async () => {
    const boxes: RedactionBox[] = Array.from({ length: 20 }, (_, i) => ({
      x: (i % 5) * 0.2, y: Math.floor(i / 5) * 0.25, w: 0.15, h: 0.2, startS: (i % 4) * 0.5, endS: (i % 4) * 0.5 + 1.5,
    }));
    const blurred = join(dir, 'twenty.mp4');
    await renderRedacted(clipFile, boxes, blurred);
    expect((await probe(blurred)).frames).toBe(100);
    const { width, height } = clip;
    // Box 0 (top left, 0–1.5 s) is blurred at 1 s and untouched at 3 s.
    const r0 = toPixelBox(boxes[0]!, { width, height });
    const orig1 = greyFrame(clipFile, 1, width, height);
    const orig3 = greyFrame(clipFile, 3, width, height);
    expect(regionVariance(greyFrame(blurred, 1, width, height), width, r0)).toBeLessThan(regionVariance(orig1, width, r0) * 0.3);
    expect(regionDifference(greyFrame(blurred, 3, width, height), orig3, width, r0)).toBeLessThan(6);

    const filled = join(dir, 'filled.mp4');
    await renderRedacted(clipFile, boxes, filled, undefined, { style: 'fill' });
    const dark = greyFrame(filled, 1, width, height);
    let sum = 0;
    for (let y = r0.y + 2; y < r0.y + r0.h - 2; y += 1) for (let x = r0.x + 2; x < r0.x + r0.w - 2; x += 1) sum += dark[y * width + x]!;
    expect(sum / ((r0.w - 4) * (r0.h - 4))).toBeLessThan(24);
  });

  it('stops when aborted and leaves no file behind', async () => {
    const out = join(dir, 'aborted.mp4');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const pending = renderRedacted(clipFile, proposals, out, () => controller.abort(), { preset: 'slow', signal: controller.signal });
    await expect(pending).rejects.toThrow();
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.part`)).toBe(false);
  });

  it('refuses rectangles outside the picture', async () => {
    await expect(renderRedacted(clipFile, [{ x: 0.9, y: 0, w: 0.5, h: 0.1, startS: 0, endS: 1 }], join(dir, 'bad.mp4'))).rejects.toThrow(/outsidePicture/);
    expect((await probeVideo(clipFile)).durationS).toBeCloseTo(4, 1);
  });
});
