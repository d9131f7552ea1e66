/**
 * Face detection for redaction proposals (R3.3), offline on the CPU: Human (@vladmandic/human)'s
 * BlazeFace model, shipped inside its npm package, on TensorFlow.js's WebAssembly backend (the
 * .wasm ships inside @tensorflow/tfjs-backend-wasm: nothing is downloaded, no native addon).
 * ffmpeg samples the clip (a few frames a second, scaled, raw RGB on a pipe); each frame goes
 * through the model; the faces come back as fractions of the picture, per sampled instant.
 * `proposeRedactions` (domain/redaction.ts) turns them into rectangles to blur.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DetectedFace, FrameDetections } from '../../domain/redaction.js';
import { detectionFramesArgv, detectionSize, type FrameSize } from '../../ffmpeg/redact-argv.js';
import { probeVideo, RedactionError, stderrTail } from './probe.js';

/** Finds faces in one frame. */
export interface FaceDetector {
  /** `rgb`: width × height × 3 bytes (RGB24, rows top to bottom); boxes as fractions of the frame. */
  detect(rgb: Uint8Array, size: FrameSize): Promise<DetectedFace[]>;
}

export interface DetectFacesOptions {
  /** Frames a second sampled (default 4). */
  fps?: number;
  /** Frames are scaled to at most this width for the model (default 640). */
  maxWidth?: number;
  /** Faces scoring below this are dropped (default 0.35: a missed face is worse than a spare blur). */
  minScore?: number;
  /** 0..1 as frames are done; 1 at the end. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Another detector (tests); default: Human's BlazeFace, loaded once per process. */
  detector?: FaceDetector;
}

export const DEFAULT_DETECT_FPS = 4;
export const DEFAULT_MIN_FACE_SCORE = 0.35;

/** The parts of Human used here (its own typings cover the browser bundle too). */
interface HumanLike {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ error?: string | null; face: { box: [number, number, number, number]; boxScore: number }[] }>;
  models: { loaded(): string[] };
  tf: {
    ready(): Promise<void>;
    getBackend(): string;
    tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): unknown;
    dispose(t: unknown): void;
  };
}

const require = createRequire(import.meta.url);

/** Where the packaged model and WebAssembly files are. */
export function humanAssetPaths(): { humanDist: string; models: string; wasm: string } {
  // The package's export map lists its Node builds as conditions, so resolve the main entry and
  // take its sibling: the WebAssembly build that needs no native TensorFlow.
  const humanDist = dirname(require.resolve('@vladmandic/human'));
  return {
    humanDist,
    models: join(humanDist, '..', 'models'),
    wasm: dirname(require.resolve('@tensorflow/tfjs-backend-wasm')),
  };
}

/**
 * Human reads its model files with the global `fetch`, which in Node does not open `file:` URLs:
 * while the models load, `file:` URLs are read from disk and anything else goes to the real fetch.
 */
async function withFileFetch<T>(fn: () => Promise<T>): Promise<T> {
  const realFetch = globalThis.fetch;
  const fileFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file:')) return new Response(readFileSync(new URL(url)));
    return realFetch(input, init);
  };
  globalThis.fetch = fileFetch;
  try {
    return await fn();
  } finally {
    if (globalThis.fetch === fileFetch) globalThis.fetch = realFetch;
  }
}

/** One model for the whole process, one frame at a time (two cores; WebAssembly is single-threaded). */
let loaded: Promise<FaceDetector> | null = null;
let queue: Promise<unknown> = Promise.resolve();

function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

/** Human with BlazeFace only (no mesh, iris, emotion…), every frame on its own (no caching). */
export function loadFaceDetector(): Promise<FaceDetector> {
  loaded ??= createHumanDetector().catch((e: unknown) => {
    loaded = null;
    throw e;
  });
  return loaded;
}

async function createHumanDetector(): Promise<FaceDetector> {
  const paths = humanAssetPaths();
  const { Human } = require(join(paths.humanDist, 'human.node-wasm.js')) as { Human: new (config: object) => HumanLike };
  const off = { enabled: false };
  const human = new Human({
    backend: 'wasm',
    wasmPath: `${paths.wasm}/`,
    modelBasePath: `${pathToFileURL(paths.models).href}/`,
    debug: false,
    async: true,
    warmup: 'none',
    cacheModels: false,
    validateModels: false,
    cacheSensitivity: 0,
    filter: off,
    gesture: off,
    body: off,
    hand: off,
    object: off,
    segmentation: off,
    face: {
      enabled: true,
      // Scores down to 0.2 come back; callers choose their threshold. `scale` 1.4 grows the box
      // from the eyes-nose-mouth to the whole head, as Human does for its face mesh.
      detector: { rotation: false, maxDetected: 100, skipFrames: 0, skipTime: 0, minConfidence: 0.2, iouThreshold: 0.3, scale: 1.4, return: false },
      mesh: off,
      iris: off,
      emotion: off,
      description: off,
      attention: off,
      antispoof: off,
      liveness: off,
    },
  });
  await withFileFetch(() => human.load());
  await human.tf.ready();
  if (human.tf.getBackend() !== 'wasm' || !human.models.loaded().some((m) => m.includes('blazeface'))) {
    throw new RedactionError(`face model did not load (backend ${human.tf.getBackend()}, models ${human.models.loaded().join(',') || 'none'})`);
  }
  return {
    detect: (rgb, size) =>
      exclusive(async () => {
        const tensor = human.tf.tensor3d(rgb.subarray(0, size.width * size.height * 3), [size.height, size.width, 3], 'int32');
        try {
          const result = await human.detect(tensor);
          if (result.error) throw new RedactionError(`face detection failed: ${result.error}`);
          return result.face.map((f) => {
            const [x, y, w, h] = f.box;
            return clampFace({ x: x / size.width, y: y / size.height, w: w / size.width, h: h / size.height, score: f.boxScore });
          });
        } finally {
          human.tf.dispose(tensor);
        }
      }),
  };
}

const r5 = (v: number): number => Number(v.toFixed(5));

function clampFace(f: DetectedFace): DetectedFace {
  const x = Math.max(0, f.x);
  const y = Math.max(0, f.y);
  return { x: r5(x), y: r5(y), w: r5(Math.min(1, f.x + f.w) - x), h: r5(Math.min(1, f.y + f.h) - y), score: Number(f.score.toFixed(3)) };
}

/**
 * The faces in a clip, sampled `fps` times a second: one entry per sampled frame (at n / fps
 * seconds from the clip's first frame), boxes as fractions of the picture, best first.
 */
export async function detectFaces(videoFile: string, options: DetectFacesOptions = {}): Promise<FrameDetections[]> {
  const fps = options.fps ?? DEFAULT_DETECT_FPS;
  const minScore = options.minScore ?? DEFAULT_MIN_FACE_SCORE;
  options.signal?.throwIfAborted();
  const [info, detector] = await Promise.all([probeVideo(videoFile, options.ffprobePath), options.detector ?? loadFaceDetector()]);
  const size = detectionSize(info, options.maxWidth ?? 640);
  const frameBytes = size.width * size.height * 3;
  const expected = Math.max(1, Math.round(info.durationS * fps));

  const child = spawn(options.ffmpegPath ?? 'ffmpeg', detectionFramesArgv({ input: videoFile, fps, width: size.width, height: size.height }), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = stderrTail();
  child.stderr.on('data', (c: Buffer) => stderr.push(c));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  exited.catch(() => undefined); // awaited below; not unhandled meanwhile
  const abort = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', abort, { once: true });

  const out: FrameDetections[] = [];
  const frame = Buffer.alloc(frameBytes);
  let filled = 0;
  try {
    // Reading one chunk at a time holds ffmpeg back while the model works (pipe backpressure).
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - offset);
        chunk.copy(frame, filled, offset, offset + n);
        filled += n;
        offset += n;
        if (filled === frameBytes) {
          filled = 0;
          const tS = Number((out.length / fps).toFixed(3));
          const faces = (await detector.detect(frame, size)).filter((f) => f.score >= minScore).sort((a, b) => b.score - a.score);
          out.push({ tS, boxes: faces });
          options.onProgress?.(Math.min(0.99, out.length / expected));
        }
      }
    }
    const code = await exited;
    options.signal?.throwIfAborted();
    if (code !== 0) throw new RedactionError(`ffmpeg could not read ${videoFile} (exit ${code}): ${stderr.text()}`);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  options.onProgress?.(1);
  return out;
}
