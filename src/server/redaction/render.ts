/**
 * Renders a redacted clip (R3.3): the rectangles blurred over their time ranges, re-encoded to
 * H.264 MP4 by ffmpeg (argv only, no shell), with progress. Written to `<out>.part` and renamed
 * when complete, so a half-written clip is never taken for a finished one.
 */
import { spawn } from 'node:child_process';
import { rename, rm, writeFile } from 'node:fs/promises';
import { checkRedactionBoxes, type RedactionBox } from '../../domain/redaction.js';
import {
  MAX_INLINE_GRAPH,
  parseProgressLine,
  redactArgv,
  redactionFilterGraph,
  type RedactionStyle,
  type VideoInfo,
} from '../../ffmpeg/redact-argv.js';
import type { Watermark } from '../../ffmpeg/clip.js';
import { probeVideo, RedactionError, stderrTail } from './probe.js';

export interface RenderOptions {
  style?: RedactionStyle;
  /** Text burnt into the picture, from a UTF-8 file (never on the command line). */
  watermark?: Watermark;
  crf?: number;
  preset?: string;
  signal?: AbortSignal;
  ffmpegPath?: string;
  ffprobePath?: string;
}

export interface RenderResult {
  /** The input as probed (size, length). */
  input: VideoInfo;
  outFile: string;
  /** Wall-clock milliseconds ffmpeg took. */
  elapsedMs: number;
}

/**
 * `boxes` as fractions of the picture (see domain/redaction.ts); `onProgress` gets 0..1 as ffmpeg
 * writes (from its `-progress` lines against the probed length) and 1 when the file is in place.
 */
export async function renderRedacted(
  input: string,
  boxes: readonly RedactionBox[],
  outFile: string,
  onProgress?: (fraction: number) => void,
  options: RenderOptions = {},
): Promise<RenderResult> {
  options.signal?.throwIfAborted();
  const info = await probeVideo(input, options.ffprobePath);
  const problems = checkRedactionBoxes(boxes);
  if (problems.length > 0) throw new RedactionError(`invalid redaction boxes: ${JSON.stringify(problems.slice(0, 5))}`);

  const part = `${outFile}.part`;
  const script = `${outFile}.filter`;
  const graph = redactionFilterGraph(boxes, info, options.style, options.watermark);
  const useScript = graph.length > MAX_INLINE_GRAPH;
  if (useScript) await writeFile(script, graph);
  const argv = redactArgv({
    input,
    output: part,
    frame: info,
    boxes,
    ...(options.style ? { style: options.style } : {}),
    ...(options.watermark ? { watermark: options.watermark } : {}),
    ...(useScript ? { filterScriptPath: script } : {}),
    ...(options.crf !== undefined ? { crf: options.crf } : {}),
    ...(options.preset ? { preset: options.preset } : {}),
  });

  const started = Date.now();
  const child = spawn(options.ffmpegPath ?? 'ffmpeg', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = stderrTail();
  child.stderr.on('data', (c: Buffer) => stderr.push(c));
  let pending = '';
  let last = -1;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const p = parseProgressLine(line);
      if (p?.outTimeS === undefined || info.durationS <= 0) continue;
      const fraction = Math.min(0.99, p.outTimeS / info.durationS);
      if (fraction > last) {
        last = fraction;
        onProgress?.(fraction);
      }
    }
  });
  const abort = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    options.signal?.throwIfAborted();
    if (code !== 0) throw new RedactionError(`ffmpeg failed to render the redacted clip (exit ${code}): ${stderr.text()}`);
    await rename(part, outFile);
  } catch (e) {
    await rm(part, { force: true });
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    if (useScript) await rm(script, { force: true });
  }
  onProgress?.(1);
  return { input: info, outFile, elapsedMs: Date.now() - started };
}
