/**
 * ffmpeg argv for redacted clips (R3.3): frames sampled for face detection (raw RGB on a pipe), and
 * the clip re-encoded with rectangles blurred over their time ranges (H.264 MP4, progress on a
 * pipe). Pure: the redaction service probes, spawns and reads. (Not to be confused with
 * `redact.ts`, which hides credentials in camera URLs.)
 */
import { type Watermark, watermarkFilter } from './clip.js';
import type { NormBox, RedactionBox } from '../domain/redaction.js';

export interface FrameSize {
  width: number;
  height: number;
}

export interface VideoInfo extends FrameSize {
  /** Seconds; 0 when the container does not say. */
  durationS: number;
  codec: string;
}

/** ffprobe: the first video stream's size and codec, and the file's duration, as JSON. */
export function probeArgv(input: string): string[] {
  return [
    '-v', 'error', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height,duration:format=duration',
    '-of', 'json', input,
  ];
}

export function parseProbe(json: string): VideoInfo {
  const parsed = JSON.parse(json) as {
    streams?: { codec_name?: string; width?: number; height?: number; duration?: string }[];
    format?: { duration?: string };
  };
  const s = parsed.streams?.[0];
  if (!s || !s.width || !s.height) throw new Error('no video stream');
  const duration = Number(parsed.format?.duration ?? s.duration ?? 0);
  return { width: s.width, height: s.height, durationS: Number.isFinite(duration) ? duration : 0, codec: s.codec_name ?? '' };
}

const even = (v: number): number => Math.max(2, 2 * Math.round(v / 2));

/** The size frames are sampled at for detection: at most `maxWidth` wide, never upscaled, even. */
export function detectionSize(source: FrameSize, maxWidth = 640): FrameSize {
  const scale = Math.min(1, maxWidth / source.width);
  return { width: even(source.width * scale), height: even(source.height * scale) };
}

export interface DetectionFramesArgs {
  input: string;
  /** Frames a second to sample (e.g. 2–5). Frame n is the picture at n / fps seconds. */
  fps: number;
  /** Size of each frame on the pipe (see `detectionSize`): width × height × 3 bytes. */
  width: number;
  height: number;
}

/** Sampled frames as raw RGB24 on stdout, one after another, no headers. */
export function detectionFramesArgv(a: DetectionFramesArgs): string[] {
  if (!(a.fps > 0)) throw new Error(`fps must be positive: ${a.fps}`);
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-i', a.input,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    // Timestamps from 0 (as the render's `t`), then n / fps, then scaled: scale only what is kept.
    '-vf', `setpts=PTS-STARTPTS,fps=${a.fps},scale=${a.width}:${a.height}:flags=bilinear,format=rgb24`,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
}

/** A rectangle in the picture's pixels, even-aligned (4:2:0 chroma), at least `minSize` a side. */
export interface PixelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Fractions → pixels: grown outward to even pixels, at least `minSize`, inside the frame. */
export function toPixelBox(box: NormBox, frame: FrameSize, minSize = 16): PixelBox {
  const fw = frame.width - (frame.width % 2);
  const fh = frame.height - (frame.height % 2);
  const side = (start: number, size: number, total: number): [number, number] => {
    // Rounded to a millionth of a pixel first: 0.1 + 0.2 is not 0.3 in floating point.
    const px = (v: number) => Math.round(v * total * 1e6) / 1e6;
    let a = Math.floor(px(start) / 2) * 2;
    let b = Math.ceil(px(start + size) / 2) * 2;
    a = Math.min(Math.max(0, a), total);
    b = Math.min(Math.max(0, b), total);
    const min = Math.min(even(minSize), total);
    if (b - a < min) {
      const centre = (a + b) / 2;
      a = Math.min(Math.max(0, Math.floor((centre - min / 2) / 2) * 2), total - min);
      b = a + min;
    }
    return [a, b - a];
  };
  const [x, w] = side(box.x, box.w, fw);
  const [y, h] = side(box.y, box.h, fh);
  return { x, y, w, h };
}

export type RedactionStyle = 'blur' | 'fill';

const seconds = (s: number): string => Math.max(0, s).toFixed(3);
const enable = (b: RedactionBox): string => `enable='between(t,${seconds(b.startS)},${seconds(b.endS)})'`;

/**
 * The filter graph: `[0:v]` in, `[v]` out. Blur: the picture is split, each rectangle cropped and
 * box-blurred strongly (radius a quarter of its shorter side, three passes ≈ a Gaussian as wide as
 * that), and laid back over the picture, each only during its time range; the chain is one overlay
 * per rectangle, so any number of rectangles (even overlapping) stack. Fill: solid black boxes,
 * the cheapest and not reversible at all.
 */
export function redactionFilterGraph(boxes: readonly RedactionBox[], frame: FrameSize, style: RedactionStyle = 'blur', watermark?: Watermark): string {
  const head = '[0:v]setpts=PTS-STARTPTS';
  // A clip given out names what it was given for (drawn last, over the blurred picture).
  const tail = `${watermark ? `${watermarkFilter(watermark)},` : ''}format=yuv420p[v]`;
  if (boxes.length === 0) return `${head},${tail}`;
  if (style === 'fill') {
    const draws = boxes.map((b) => {
      const p = toPixelBox(b, frame);
      return `drawbox=x=${p.x}:y=${p.y}:w=${p.w}:h=${p.h}:color=black:t=fill:${enable(b)}`;
    });
    return `${head},${draws.join(',')},${tail}`;
  }
  const n = boxes.length;
  const parts: string[] = [`${head},split=${n + 1}[m0]${boxes.map((_, i) => `[c${i}]`).join('')}`];
  boxes.forEach((b, i) => {
    const p = toPixelBox(b, frame);
    const radius = Math.max(1, Math.floor(Math.min(p.w, p.h) / 4));
    // Chroma planes are half as large in 4:2:0: half the radius keeps within boxblur's limit.
    const chroma = Math.max(1, Math.floor(radius / 2));
    parts.push(`[c${i}]crop=${p.w}:${p.h}:${p.x}:${p.y},boxblur=luma_radius=${radius}:luma_power=3:chroma_radius=${chroma}:chroma_power=3:${enable(b)}[b${i}]`);
    parts.push(`[m${i}][b${i}]overlay=x=${p.x}:y=${p.y}:${enable(b)}${i === n - 1 ? `,${tail}` : `[m${i + 1}]`}`);
  });
  return parts.join(';');
}

/** Past this length the graph goes in a file (`-filter_complex_script`): one argv string is ≤ 128 KiB. */
export const MAX_INLINE_GRAPH = 100_000;

export interface RedactArgs {
  input: string;
  /** Written as MP4 whatever its name (a `.part` file renamed when done). */
  output: string;
  /** The input's picture size (ffprobe): rectangles are fractions of it. */
  frame: FrameSize;
  boxes: readonly RedactionBox[];
  style?: RedactionStyle;
  /** Text burnt into the picture (R3.3: the complaint the clip answers). */
  watermark?: Watermark;
  /** Set when the graph is longer than `MAX_INLINE_GRAPH`: the caller writes the graph there. */
  filterScriptPath?: string;
  /** x264 quality (default 23) and speed (default veryfast). */
  crf?: number;
  preset?: string;
}

/**
 * The redacted clip: H.264 (yuv420p, plays anywhere), MP4 with the index first (+faststart), no
 * audio (other people's voices are personal data too) and no metadata; progress as key=value
 * lines on stdout (`-progress pipe:1`), errors only on stderr.
 */
export function redactArgv(a: RedactArgs): string[] {
  const graph = redactionFilterGraph(a.boxes, a.frame, a.style, a.watermark);
  let filter: string[];
  if (graph.length > MAX_INLINE_GRAPH) {
    if (!a.filterScriptPath) throw new Error('filter graph too long for the command line: give filterScriptPath');
    filter = ['-filter_complex_script', a.filterScriptPath];
  } else {
    filter = ['-filter_complex', graph];
  }
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats',
    '-progress', 'pipe:1',
    '-i', a.input,
    ...filter,
    '-map', '[v]', '-an', '-sn', '-dn', '-map_metadata', '-1',
    '-c:v', 'libx264', '-preset', a.preset ?? 'veryfast', '-crf', String(a.crf ?? 23), '-pix_fmt', 'yuv420p',
    '-movflags', '+faststart',
    '-f', 'mp4', '-y', a.output,
  ];
}

export interface ProgressLine {
  /** Seconds of output written so far. */
  outTimeS?: number;
  /** ffmpeg's last progress block (`progress=end`). */
  end?: boolean;
}

/** One line of `-progress` output; null for lines that say nothing about how far it is. */
export function parseProgressLine(line: string): ProgressLine | null {
  const eq = line.indexOf('=');
  if (eq < 0) return null;
  const key = line.slice(0, eq).trim();
  const value = line.slice(eq + 1).trim();
  if (key === 'out_time_us' || key === 'out_time_ms') {
    // out_time_ms is in microseconds too (a long-standing ffmpeg quirk).
    const us = Number(value);
    return Number.isFinite(us) && us >= 0 ? { outTimeS: us / 1e6 } : null;
  }
  if (key === 'progress') return value === 'end' ? { end: true } : null;
  return null;
}
