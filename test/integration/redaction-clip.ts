/**
 * A test clip that really contains a face: the astronaut photograph (test/fixtures, public domain)
 * laid over ffmpeg's test pattern, sliding right at a steady speed. Shared by the redaction
 * integration test and bench.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const FACE_IMAGE = fileURLToPath(new URL('../fixtures/astronaut.jpg', import.meta.url));

export interface FaceClip {
  width: number;
  height: number;
  durationS: number;
  /** The photograph's side in pixels (it is square). */
  photoSize: number;
  /** Where the photograph's top-left corner is at `tS` seconds, in pixels. */
  photoAt(tS: number): { x: number; y: number };
  /** Where the face itself is at `tS` (measured on the photograph), as fractions of the picture. */
  faceAt(tS: number): { x: number; y: number; w: number; h: number };
}

/** The face inside the 256 × 256 photograph, as fractions of the photograph. */
const FACE_IN_PHOTO = { x: 0.36, y: 0.09, w: 0.17, h: 0.24 };

export function makeFaceClip(out: string, o: { width: number; height: number; durationS: number; fps?: number }): FaceClip {
  const photoSize = 2 * Math.round((o.height * 0.45) / 2);
  const x0 = Math.round(o.width * 0.08);
  const speed = (o.width * 0.5 - x0) / o.durationS; // px a second: to the middle by the end
  const y = Math.round(o.height * 0.2);
  execFileSync('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=${o.width}x${o.height}:r=${o.fps ?? 25}:d=${o.durationS}`,
    '-loop', '1', '-i', FACE_IMAGE,
    '-filter_complex', `[1:v]scale=${photoSize}:${photoSize}[p];[0:v][p]overlay=x='${x0}+${speed.toFixed(4)}*t':y=${y}:shortest=1,format=yuv420p[v]`,
    '-map', '[v]', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-g', '50', '-t', String(o.durationS),
    '-movflags', '+faststart', out,
  ]);
  const photoAt = (tS: number) => ({ x: x0 + speed * tS, y });
  return {
    width: o.width,
    height: o.height,
    durationS: o.durationS,
    photoSize,
    photoAt,
    faceAt(tS) {
      const p = photoAt(tS);
      return {
        x: (p.x + FACE_IN_PHOTO.x * photoSize) / o.width,
        y: (p.y + FACE_IN_PHOTO.y * photoSize) / o.height,
        w: (FACE_IN_PHOTO.w * photoSize) / o.width,
        h: (FACE_IN_PHOTO.h * photoSize) / o.height,
      };
    },
  };
}

/** One decoded frame at `tS` as 8-bit grey, width × height bytes. */
export function greyFrame(file: string, tS: number, width: number, height: number): Buffer {
  return execFileSync('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-ss', tS.toFixed(3), '-i', file, '-frames:v', '1',
    '-vf', `scale=${width}:${height}`, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1',
  ], { maxBuffer: width * height * 2 });
}

/** Variance of the grey levels in a pixel rectangle (edges and detail → high; blurred → low). */
export function regionVariance(grey: Buffer, width: number, r: { x: number; y: number; w: number; h: number }): number {
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = r.y; y < r.y + r.h; y += 1) {
    for (let x = r.x; x < r.x + r.w; x += 1) {
      const v = grey[y * width + x]!;
      sum += v;
      sq += v * v;
      n += 1;
    }
  }
  const mean = sum / n;
  return sq / n - mean * mean;
}

/** Mean absolute difference of two frames over a pixel rectangle. */
export function regionDifference(a: Buffer, b: Buffer, width: number, r: { x: number; y: number; w: number; h: number }): number {
  let diff = 0;
  let n = 0;
  for (let y = r.y; y < r.y + r.h; y += 1) {
    for (let x = r.x; x < r.x + r.w; x += 1) {
      diff += Math.abs(a[y * width + x]! - b[y * width + x]!);
      n += 1;
    }
  }
  return diff / n;
}
