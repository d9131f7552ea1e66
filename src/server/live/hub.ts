import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type LiveCodec, liveArgv, liveInputFile, mseCodecString, needsTranscode } from '../../ffmpeg/live.js';
import { classifyFfmpegError } from '../../ffmpeg/record.js';
import { redactUrl } from '../../ffmpeg/redact.js';
import { FragmentReader, KeyframeCache, type Mp4Segment } from './fmp4.js';

export type LiveStream = 'main' | 'sub';
export type LiveState = 'starting' | 'live' | 'reconnecting' | 'offline';
export interface LiveReason { code: string; vi: string; en: string }
/** What a tile shows: never a black picture without a reason. */
export interface LiveStatus { state: LiveState; sinceMs: number; reason: LiveReason }

export interface LiveViewer {
  /** The init segment. Sent again after ffmpeg restarts: a new timeline, so reset the SourceBuffer. */
  init(codec: string, data: Buffer): void;
  /** One moof+mdat; the first after each init starts with a keyframe. */
  fragment(data: Buffer): void;
  status(s: LiveStatus): void;
  /** Bytes queued for this viewer and not yet sent (a WebSocket's bufferedAmount). */
  bufferedBytes(): number;
}

export interface LiveSource {
  /** With credentials: goes only into a mode-0600 file, never to a log or a command line. */
  url: string;
  codec: LiveCodec;
}

export interface LiveHubDeps {
  /** The stream to open; null when the camera is unknown, disabled or has no such stream. */
  source(cameraId: number, stream: LiveStream): Promise<LiveSource | null>;
  runDir: string;
  log: Pick<Logger, 'info' | 'warn'>;
  now(): number;
}

export interface LiveHubOptions {
  ffmpegPath?: string;
  /** Keep ffmpeg this long after the last viewer leaves: a page reload should not reconnect. */
  lingerMs?: number;
  backoffMs?: readonly number[];
  /** A viewer with more than this queued skips to the next keyframe instead of queueing more. */
  maxViewerBufferBytes?: number;
  maxGopBytes?: number;
  /** No bytes from ffmpeg for this long: kill it (a frozen camera can hang ffmpeg for long). */
  stallMs?: number;
  /** SIGINT, then SIGTERM after this, then SIGKILL after twice this. */
  stopTimeoutMs?: number;
  /** Consecutive failed starts before a tile says `offline` rather than `reconnecting`. */
  offlineAfterFailures?: number;
}

export interface LiveFeedStats {
  cameraId: number;
  stream: LiveStream;
  viewers: number;
  running: boolean;
  pid: number | null;
  state: LiveState;
  sinceMs: number;
  openedMs: number;
  bytesSent: number;
  restarts: number;
  skippedFragments: number;
}

const REASONS = {
  starting: { code: 'live.starting', vi: 'Đang kết nối tới camera…', en: 'Connecting to the camera…' },
  live: { code: 'live.ok', vi: 'Đang phát trực tiếp.', en: 'Live.' },
  lost: { code: 'camera.disconnected', vi: 'Mất kết nối với camera, đang kết nối lại…', en: 'Lost the camera; reconnecting…' },
  stalled: { code: 'camera.stalled', vi: 'Camera ngừng gửi hình, đang kết nối lại…', en: 'The camera stopped sending video; reconnecting…' },
  unavailable: { code: 'camera.unavailable', vi: 'Camera không tồn tại, đã tắt hoặc không có luồng này.', en: 'The camera does not exist, is disabled or has no such stream.' },
  badStream: { code: 'camera.badStream', vi: 'Không đọc được luồng video của camera.', en: 'The camera stream could not be read.' },
  serverError: { code: 'live.serverError', vi: 'Máy chủ gặp lỗi khi mở luồng trực tiếp, đang thử lại…', en: 'The server failed to open the live stream; retrying…' },
} as const satisfies Record<string, LiveReason>;

interface Slot { needsKeyframe: boolean }

interface Run {
  child: ChildProcess;
  reader: FragmentReader;
  stderrTail: string;
  lastBytesMs: number;
  sawFragment: boolean;
  /** Why we killed it ourselves, if we did: decides what viewers are told. */
  killedFor: 'stall' | 'badStream' | 'retranscode' | null;
  watchdog: NodeJS.Timeout;
  exited: Promise<void>;
}

interface Feed {
  cameraId: number;
  stream: LiveStream;
  viewers: Map<LiveViewer, Slot>;
  status: LiveStatus;
  run: Run | null;
  /** Between deciding to start ffmpeg and spawning it (the source is looked up first). */
  launching: boolean;
  closed: boolean;
  failures: number;
  restarts: number;
  init: { codec: string; data: Buffer } | null;
  gop: KeyframeCache;
  bytesSent: number;
  skippedFragments: number;
  openedMs: number;
  restartTimer: NodeJS.Timeout | null;
  lingerTimer: NodeJS.Timeout | null;
}

const feedKey = (f: { cameraId: number; stream: LiveStream }) => `${f.cameraId}/${f.stream}`;

/**
 * Live view fan-out: ONE ffmpeg per (camera, stream) however many people watch (cameras allow few
 * connections), started by the first viewer and stopped shortly after the last one leaves.
 */
export class LiveHub {
  private feeds = new Map<string, Feed>();
  private exiting = new Set<Promise<void>>();
  /** Streams found not to be H.264 although the source said so: transcoded from the start next time. */
  private notH264 = new Set<string>();
  private readonly o: Required<LiveHubOptions>;

  constructor(private readonly deps: LiveHubDeps, options: LiveHubOptions = {}) {
    this.o = {
      ffmpegPath: 'ffmpeg', lingerMs: 3000, backoffMs: [1000, 2000, 5000], maxViewerBufferBytes: 2 * 1024 * 1024,
      maxGopBytes: 8 * 1024 * 1024, stallMs: 10_000, stopTimeoutMs: 3000, offlineAfterFailures: 3, ...options,
    };
  }

  /** Start watching; the returned function stops (calling it twice is harmless). */
  subscribe(cameraId: number, stream: LiveStream, viewer: LiveViewer): () => void {
    let feed = this.feeds.get(feedKey({ cameraId, stream }));
    if (!feed) {
      feed = this.open(cameraId, stream);
      this.feeds.set(feedKey(feed), feed);
    }
    const f = feed;
    if (f.lingerTimer) clearTimeout(f.lingerTimer);
    f.lingerTimer = null;
    const slot: Slot = { needsKeyframe: true };
    f.viewers.set(viewer, slot);
    this.tell(f, viewer, (v) => v.status(f.status));
    if (f.init) this.catchUp(f, viewer, slot, f.init);
    if (!f.run && !f.restartTimer && !f.launching) void this.start(f);
    return () => this.leave(f, viewer);
  }

  stats(): LiveFeedStats[] {
    return [...this.feeds.values()].map((f) => ({
      cameraId: f.cameraId, stream: f.stream, viewers: f.viewers.size, running: f.run !== null,
      pid: f.run?.child.pid ?? null, state: f.status.state, sinceMs: f.status.sinceMs, openedMs: f.openedMs,
      bytesSent: f.bytesSent, restarts: f.restarts, skippedFragments: f.skippedFragments,
    }));
  }

  /** Stop every ffmpeg now (server shutdown) and wait until they have exited. */
  async stopAll(): Promise<void> {
    for (const f of [...this.feeds.values()]) this.close(f);
    await Promise.all([...this.exiting]);
  }

  private open(cameraId: number, stream: LiveStream): Feed {
    const now = this.deps.now();
    return {
      cameraId, stream, viewers: new Map(), status: { state: 'starting', sinceMs: now, reason: REASONS.starting },
      run: null, launching: false, closed: false, failures: 0, restarts: 0, init: null,
      gop: new KeyframeCache(this.o.maxGopBytes), bytesSent: 0, skippedFragments: 0, openedMs: now,
      restartTimer: null, lingerTimer: null,
    };
  }

  private leave(f: Feed, viewer: LiveViewer): void {
    if (!f.viewers.delete(viewer) || f.viewers.size > 0 || f.closed) return;
    f.lingerTimer = setTimeout(() => this.close(f), this.o.lingerMs);
    f.lingerTimer.unref();
  }

  private close(f: Feed): void {
    f.closed = true;
    this.feeds.delete(feedKey(f));
    for (const t of [f.restartTimer, f.lingerTimer]) if (t) clearTimeout(t);
    if (f.run) this.stopProcess(f.run);
    f.run = null;
    // The file holds the camera password: keep it only while ffmpeg may still read it.
    void rm(this.inputFile(f), { force: true });
  }

  private inputFile(f: Feed): string {
    return join(this.deps.runDir, `live-${f.cameraId}-${f.stream}.ffconcat`);
  }

  private async start(f: Feed): Promise<void> {
    f.restartTimer = null;
    f.launching = true;
    try {
      const source = await this.deps.source(f.cameraId, f.stream);
      if (f.closed) return;
      if (!source) return this.failed(f, 'offline', REASONS.unavailable);
      await mkdir(this.deps.runDir, { recursive: true, mode: 0o700 });
      await writeFile(this.inputFile(f), liveInputFile(source.url), { mode: 0o600 });
      if (f.closed) return void (await rm(this.inputFile(f), { force: true }));
      this.spawn(f, source);
    } catch (err) {
      this.deps.log.warn({ cameraId: f.cameraId, stream: f.stream, err: redactUrl(String(err)) }, 'live: cannot start');
      if (!f.closed) this.failed(f, 'reconnecting', REASONS.serverError);
    } finally {
      f.launching = false;
    }
  }

  private spawn(f: Feed, source: LiveSource): void {
    const transcode = this.notH264.has(feedKey(f)) || needsTranscode(source.codec);
    const argv = liveArgv({ inputFile: this.inputFile(f), codec: source.codec, transcode });
    const child = spawn(this.o.ffmpegPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let exited: () => void = () => undefined;
    const run: Run = {
      child, reader: new FragmentReader(), stderrTail: '', lastBytesMs: this.deps.now(), sawFragment: false, killedFor: null,
      watchdog: setInterval(() => this.checkStall(run), Math.min(1000, this.o.stallMs / 2)),
      exited: new Promise((r) => (exited = r)),
    };
    run.watchdog.unref();
    f.run = run;
    this.deps.log.info({ cameraId: f.cameraId, stream: f.stream, pid: child.pid, transcode }, 'live: ffmpeg started');
    child.stdout?.on('data', (chunk: Buffer) => this.onBytes(f, run, chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      run.stderrTail = (run.stderrTail + redactUrl(chunk.toString('utf8'))).slice(-4000);
    });
    child.on('error', (err) => {
      run.stderrTail += `\n${err.message}`;
    });
    child.on('close', (code, signal) => {
      clearInterval(run.watchdog);
      exited();
      this.onExit(f, run, code, signal);
    });
  }

  private onBytes(f: Feed, run: Run, chunk: Buffer): void {
    if (f.run !== run) return; // a stopping ffmpeg still drains its pipe: ignore what it says
    run.lastBytesMs = this.deps.now();
    let segments: Mp4Segment[];
    try {
      segments = run.reader.push(chunk);
    } catch (err) {
      this.deps.log.warn({ cameraId: f.cameraId, stream: f.stream, err: String(err) }, 'live: unreadable ffmpeg output');
      return this.kill(run, 'badStream');
    }
    for (const seg of segments) {
      if (seg.kind === 'init') this.onInit(f, run, seg.data);
      else this.onFragment(f, run, seg);
      if (f.run !== run) return;
    }
  }

  private onInit(f: Feed, run: Run, data: Buffer): void {
    const codec = mseCodecString(data);
    if (!codec) {
      // Not H.264 after all (the source did not know): browsers cannot play it, so re-encode.
      if (this.notH264.has(feedKey(f))) return this.kill(run, 'badStream');
      this.notH264.add(feedKey(f));
      this.deps.log.warn({ cameraId: f.cameraId, stream: f.stream }, 'live: stream is not H.264; transcoding');
      return this.kill(run, 'retranscode');
    }
    f.init = { codec, data };
    f.gop.clear();
    for (const [viewer, slot] of f.viewers) {
      slot.needsKeyframe = true;
      this.tell(f, viewer, (v) => v.init(codec, data));
    }
  }

  private onFragment(f: Feed, run: Run, frag: { data: Buffer; keyframe: boolean }): void {
    if (!f.init) return; // ffmpeg always writes the init segment first; never send a fragment without it
    if (!run.sawFragment) {
      run.sawFragment = true;
      f.failures = 0;
      this.setStatus(f, 'live', REASONS.live);
    }
    f.gop.add(frag);
    for (const [viewer, slot] of f.viewers) this.deliver(f, viewer, slot, frag);
  }

  /** Backpressure: a viewer that cannot keep up skips to the next keyframe, memory stays flat. */
  private deliver(f: Feed, viewer: LiveViewer, slot: Slot, frag: { data: Buffer; keyframe: boolean }): void {
    if ((slot.needsKeyframe && !frag.keyframe) || this.buffered(viewer) > this.o.maxViewerBufferBytes) {
      slot.needsKeyframe = true;
      f.skippedFragments += 1;
      return;
    }
    slot.needsKeyframe = false;
    if (this.tell(f, viewer, (v) => v.fragment(frag.data))) f.bytesSent += frag.data.length;
  }

  /** A viewer joining a running feed: the init segment and the GOP so far, so it starts at once. */
  private catchUp(f: Feed, viewer: LiveViewer, slot: Slot, init: { codec: string; data: Buffer }): void {
    if (!this.tell(f, viewer, (v) => v.init(init.codec, init.data))) return;
    for (const data of f.gop.fragments) {
      if (!this.tell(f, viewer, (v) => v.fragment(data))) return;
      f.bytesSent += data.length;
      slot.needsKeyframe = false;
    }
  }

  private onExit(f: Feed, run: Run, code: number | null, signal: NodeJS.Signals | null): void {
    if (f.run !== run) return; // stopped on purpose, or replaced
    f.run = null;
    // The next ffmpeg starts a new timeline: a viewer joining meanwhile must not get the old one.
    f.init = null;
    f.gop.clear();
    const classified = classifyFfmpegError(run.stderrTail);
    this.deps.log.info({ cameraId: f.cameraId, stream: f.stream, code, signal, killedFor: run.killedFor, reason: classified?.code }, 'live: ffmpeg exited');
    if (f.closed) return;
    if (run.killedFor === 'retranscode') return this.scheduleStart(f, 0);
    const reason = run.killedFor === 'stall' ? REASONS.stalled
      : run.killedFor === 'badStream' ? REASONS.badStream
      : (run.sawFragment ? null : classified) ?? REASONS.lost;
    this.failed(f, 'reconnecting', reason);
  }

  /** Tell the viewers, then try again after the next backoff step (only while someone watches). */
  private failed(f: Feed, state: 'reconnecting' | 'offline', reason: LiveReason): void {
    f.failures += 1;
    const offline = state === 'offline' || f.failures >= this.o.offlineAfterFailures;
    this.setStatus(f, offline ? 'offline' : 'reconnecting', reason);
    if (f.viewers.size === 0) return; // the linger timer closes the feed
    const steps = this.o.backoffMs;
    this.scheduleStart(f, steps[Math.min(f.failures - 1, steps.length - 1)] ?? 1000);
  }

  private scheduleStart(f: Feed, delayMs: number): void {
    f.restarts += 1;
    f.restartTimer = setTimeout(() => void this.start(f), delayMs);
    f.restartTimer.unref();
  }

  private setStatus(f: Feed, state: LiveState, reason: LiveReason): void {
    if (f.status.state === state && f.status.reason.code === reason.code) return;
    // `since` is when the tile entered this state, not when the reason last changed.
    const sinceMs = f.status.state === state ? f.status.sinceMs : this.deps.now();
    f.status = { state, sinceMs, reason };
    for (const viewer of f.viewers.keys()) this.tell(f, viewer, (v) => v.status(f.status));
  }

  private checkStall(run: Run): void {
    if (run.killedFor === null && this.deps.now() - run.lastBytesMs > this.o.stallMs) this.kill(run, 'stall');
  }

  private kill(run: Run, why: NonNullable<Run['killedFor']>): void {
    run.killedFor = why;
    run.child.kill('SIGKILL');
  }

  /** Gently: SIGINT, then SIGTERM, then SIGKILL (Scrypted's order), counted until it has exited. */
  private stopProcess(run: Run): void {
    const { child } = run;
    const alive = () => child.exitCode === null && child.signalCode === null;
    if (alive()) child.kill('SIGINT');
    const term = setTimeout(() => alive() && child.kill('SIGTERM'), this.o.stopTimeoutMs);
    const kill = setTimeout(() => alive() && child.kill('SIGKILL'), this.o.stopTimeoutMs * 2);
    const done = run.exited.then(() => {
      clearTimeout(term);
      clearTimeout(kill);
      this.exiting.delete(done);
    });
    this.exiting.add(done);
  }

  private buffered(viewer: LiveViewer): number {
    try {
      return viewer.bufferedBytes();
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }

  /** Call a viewer; one whose socket throws is dropped so it cannot stall the others. */
  private tell(f: Feed, viewer: LiveViewer, call: (v: LiveViewer) => void): boolean {
    try {
      call(viewer);
      return true;
    } catch (err) {
      this.deps.log.warn({ cameraId: f.cameraId, stream: f.stream, err: String(err) }, 'live: dropping a viewer that failed');
      this.leave(f, viewer);
      return false;
    }
  }
}
