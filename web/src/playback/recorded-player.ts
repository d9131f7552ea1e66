/**
 * One camera's recorded footage in a <video>, through Media Source Extensions.
 *
 * The server answers `GET /api/cameras/:id/playback?from&to&viewing` with a fragmented MP4 that
 * starts at the keyframe at or before `from` (its wall time in X-Vigil-Start-Ms) and covers at most
 * ten minutes. The video's time is wall time: video time t shows the instant `baseMs + t·1000`, so
 * several cameras share one clock and the timeline maps straight onto `currentTime`. A seek inside
 * what is loaded moves `currentTime`; any other seek drops the buffer and asks the server anew; the
 * next window is asked for before this one runs out, and a gap in the recording is jumped over.
 */
import { ApiError } from '../api/client.js';
import { followAction } from './sync.js';
import { DAY_MS } from './vn-time.js';

export type PlayerPhase = 'idle' | 'loading' | 'playing' | 'paused' | 'waitingFootage' | 'noFootage' | 'ended' | 'error';

export interface PlayerSnapshot {
  phase: PlayerPhase;
  /** Wall-clock time of the frame on screen; null before anything is loaded. */
  wallMs: number | null;
  /** The server's own words when something failed. */
  message: string | null;
  /** Footage resumes at this instant (the player waits on it, or found none before it). */
  resumesAtMs: number | null;
  transcoded: boolean;
  sourceCodec: string | null;
}

export interface PlayerDeps {
  cameraId: number;
  /** Wall time at video time 0: the chosen day's midnight in Vietnam. */
  baseMs: number;
  /** The viewing to play under; asks the user for a reason when there is none (R3.1). */
  viewing(): Promise<string>;
  /** The server refused the viewing (expired, or from another sign-in): forget it. */
  viewingRefused(): void;
  /** Something on screen may have changed. */
  onChange(): void;
  lang(): string;
  now(): number;
}

/** One answer covers at most this much (the server caps it at the same). */
const WINDOW_MS = 10 * 60_000;
/** Stop reading the stream this far ahead of the playhead (× speed, up to 4×): memory stays bounded. */
const AHEAD_S = 40;
/** Ask for the next window when this little is left of the current one (× speed). */
const NEXT_BEFORE_S = 20;
/** Keep this much already played, for a quick step back. */
const KEEP_BEHIND_S = 30;
/** A seek this far past what is loaded, in the window still streaming, just waits for it. */
const REACH_COPY_S = 20;
const REACH_TRANSCODE_S = 1.5;
/** Continuous windows whose times differ by less than this are joined end to end. */
const JOIN_TOLERANCE_S = 1.5;
/** The recording's newest end is this close to now: wait for the next segment rather than stop. */
const LIVE_EDGE_MS = 2 * 60_000;
const RETRY_LIVE_EDGE_MS = 4000;

interface StreamWindow {
  startMs: number;
  endMs: number;
  nextMs: number | null;
  /** Video time of the window's first frame. */
  offsetS: number;
  transcoded: boolean;
  done: boolean;
}

function mediaSourceClass(): typeof MediaSource | undefined {
  const w = window as typeof window & { ManagedMediaSource?: typeof MediaSource };
  return w.MediaSource ?? w.ManagedMediaSource;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

export class RecordedPlayer {
  private readonly source: MediaSource;
  private readonly opened: Promise<void>;
  private buffer: SourceBuffer | null = null;
  private mime: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  /** Bumped by every restart: work begun for an older one stops at its next step. */
  private gen = 0;
  private abort: AbortController | null = null;
  private window: StreamWindow | null = null;
  private fetching = false;
  private phase: PlayerPhase = 'idle';
  private message: string | null = null;
  private resumesAtMs: number | null = null;
  private sourceCodec: string | null = null;
  /** The recording ran out at `atMs` (the answer after the last window was "no footage"). */
  private exhausted: { atMs: number; retryAtMs: number | null } | null = null;
  /** A seek found nothing from `fromMs` until `untilMs` (a follower waits that out). */
  private empty: { fromMs: number; untilMs: number } | null = null;
  private lastRestartMs = 0;
  private wantPlaying = false;
  private rate = 1;
  private disposed = false;
  private readonly url: string;

  constructor(readonly video: HTMLVideoElement, private readonly deps: PlayerDeps) {
    const MS = mediaSourceClass();
    if (!MS) throw new Error('Media Source Extensions are not available');
    this.source = new MS();
    video.muted = true;
    video.playsInline = true;
    video.disableRemotePlayback = true;
    this.url = URL.createObjectURL(this.source);
    this.opened = new Promise((resolve) => this.source.addEventListener('sourceopen', () => {
      // Long enough for a day and the next: the end of what is loaded never reads as "ended".
      this.source.duration = (2 * DAY_MS) / 1000;
      resolve();
    }, { once: true }));
    video.src = this.url;
    for (const e of ['playing', 'pause', 'waiting', 'seeked', 'error'] as const) video.addEventListener(e, this.changed);
  }

  snapshot(): PlayerSnapshot {
    return {
      phase: this.currentPhase(), wallMs: this.wallMs(), message: this.message, resumesAtMs: this.resumesAtMs,
      transcoded: this.window?.transcoded ?? false, sourceCodec: this.sourceCodec,
    };
  }

  /** Wall time of the frame on screen; null until something is loaded. */
  wallMs(): number | null {
    if (!this.window) return null;
    return this.deps.baseMs + this.video.currentTime * 1000;
  }

  /** Has footage loaded at this instant (and so can show it at once). */
  hasFootageAt(ms: number): boolean {
    return this.rangeAt(this.toS(ms)) !== null;
  }

  /** Whether this player can set the pace for the others (it has, or is fetching, footage). */
  canLead(): boolean {
    return this.window !== null && ['loading', 'playing', 'paused'].includes(this.currentPhase());
  }

  /** Show the instant `ms`: from what is loaded when possible, otherwise from the server. */
  seek(ms: number, opts: { follower?: boolean } = {}): void {
    const s = this.toS(ms);
    if (this.hasFootageAt(ms) || this.reachesSoon(s)) {
      this.video.currentTime = s;
      this.resumesAtMs = null;
      if (this.phase !== 'error') this.phase = 'loading';
      this.settle();
      return;
    }
    void this.restart(ms, opts.follower ?? false);
  }

  /**
   * Keep to the clock of the camera that sets the pace: same play state and speed, and a seek
   * when more than 0.3 s apart — but no fetching, over and over, of a gap already known.
   */
  follow(clockMs: number, playing: boolean, rate: number): void {
    if (rate !== this.rate) this.setRate(rate);
    const action = followAction({ followerMs: this.wallMs(), clockMs, resumesAtMs: this.resumesAtMs, empty: this.empty, loading: this.fetching && !this.window });
    if (action === 'wait') {
      this.wantPlaying = playing;
      if (!this.video.paused) this.video.pause();
      return;
    }
    if (action === 'resync') {
      if (!this.hasFootageAt(clockMs) && this.streamingTowards(clockMs)) {
        // Its window is on the way (a transcode starts slower): wait for it rather than start again.
        if (!this.video.seeking) this.video.currentTime = this.toS(clockMs);
      } else if (this.hasFootageAt(clockMs) || Date.now() - this.lastRestartMs > 3000) {
        this.seek(clockMs, { follower: true });
      }
    }
    if (playing !== this.wantPlaying || (playing && this.video.paused)) {
      if (playing) this.play();
      else this.pause();
    }
  }

  play(): void {
    this.wantPlaying = true;
    this.settle();
  }

  pause(): void {
    this.wantPlaying = false;
    this.video.pause();
    this.changed();
  }

  setRate(rate: number): void {
    this.rate = rate;
    this.video.playbackRate = rate;
  }

  /** Pause and move by `seconds` of video (a frame is 0.04 s at 25 fps). */
  step(seconds: number): void {
    this.pause();
    const target = this.video.currentTime + seconds;
    if (this.rangeAt(target)) this.video.currentTime = target;
  }

  /** Housekeeping, called a few times a second: next window, gaps, memory. */
  tick(): void {
    if (this.disposed || !this.window || !this.buffer) return;
    const t = this.video.currentTime;
    this.jumpGap(t);
    this.askNext(t);
    this.trim(t);
    this.changed();
  }

  dispose(): void {
    this.disposed = true;
    this.gen += 1;
    this.abort?.abort();
    for (const e of ['playing', 'pause', 'waiting', 'seeked', 'error'] as const) this.video.removeEventListener(e, this.changed);
    this.video.removeAttribute('src');
    this.video.load();
    URL.revokeObjectURL(this.url);
  }

  private readonly changed = () => {
    if (!this.disposed) this.deps.onChange();
  };

  private toS = (ms: number) => (ms - this.deps.baseMs) / 1000;
  private toMs = (s: number) => this.deps.baseMs + s * 1000;

  private currentPhase(): PlayerPhase {
    if (this.video.error) return 'error';
    if (['error', 'noFootage', 'idle'].includes(this.phase)) return this.phase;
    const end = this.bufferedEnd();
    if (this.exhausted && end !== null && this.video.currentTime >= end - 0.2) return this.exhausted.retryAtMs === null ? 'ended' : 'loading';
    if (this.resumesAtMs !== null && this.toS(this.resumesAtMs) > this.video.currentTime + 0.5) return 'waitingFootage';
    if (this.video.seeking || this.video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA) return this.video.paused && !this.wantPlaying ? 'paused' : 'loading';
    return this.video.paused ? 'paused' : 'playing';
  }

  /** Make the video do what was asked: play (muted: no autoplay block) or stay paused. */
  private settle(): void {
    this.video.playbackRate = this.rate;
    if (this.wantPlaying && this.video.paused) void this.video.play().catch(() => undefined);
    this.changed();
  }

  private rangeAt(s: number): { start: number; end: number } | null {
    const b = this.video.buffered;
    for (let i = 0; i < b.length; i += 1) if (s >= b.start(i) && s < b.end(i) - 0.05) return { start: b.start(i), end: b.end(i) };
    return null;
  }

  private bufferedEnd(): number | null {
    const b = this.video.buffered;
    return b.length > 0 ? b.end(b.length - 1) : null;
  }

  /** The window streaming now will bring `s` shortly: just ahead of what has arrived (not behind it: trimmed). */
  private reachesSoon(s: number): boolean {
    const w = this.window;
    if (!w || w.done || !this.fetching || s > w.offsetS + (w.endMs - w.startMs) / 1000) return false;
    const end = this.bufferedEnd() ?? w.offsetS;
    return s >= end - 0.05 && s - end < (w.transcoded ? REACH_TRANSCODE_S : REACH_COPY_S);
  }

  /** The window being streamed covers this instant (its bytes are coming). */
  private streamingTowards(ms: number): boolean {
    const w = this.window;
    return w !== null && this.fetching && !w.done && ms >= w.startMs - 1000 && ms <= w.endMs;
  }

  private async restart(ms: number, follower: boolean): Promise<void> {
    const g = ++this.gen;
    this.lastRestartMs = Date.now();
    this.abort?.abort();
    this.window = null;
    this.phase = 'loading';
    this.message = null;
    this.resumesAtMs = null;
    this.exhausted = null;
    this.empty = null;
    this.changed();
    await this.opened;
    await this.enqueue(() => this.clear());
    if (g !== this.gen) return;
    await this.stream(ms, g, { seekToMs: ms, follower });
  }

  /** Stream one window from `fromMs` into the buffer; `seekToMs` when it answers a seek. */
  private async stream(fromMs: number, g: number, o: { seekToMs: number | null; follower: boolean }): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.fetching = true;
    try {
      const res = await this.fetchWindow(fromMs, abort.signal);
      if (g !== this.gen) return;
      if (res === null) return this.noFootage(fromMs, o.seekToMs !== null);
      this.exhausted = null;
      const w = await this.begin(res, g, o);
      if (!w || g !== this.gen) return;
      const body = res.body;
      if (!body) return;
      const reader = body.getReader();
      for (;;) {
        await this.roomAhead(g);
        if (g !== this.gen) return;
        const { done, value } = await reader.read();
        if (g !== this.gen) return;
        if (done) break;
        await this.append(value, g);
      }
      w.done = true;
    } catch (err) {
      if (g !== this.gen || isAbort(err)) return;
      this.fail(err);
    } finally {
      if (g === this.gen) this.fetching = false;
      this.changed();
    }
  }

  /** The answer, or null for "no footage there" (404); throws ApiError otherwise. */
  private async fetchWindow(fromMs: number, signal: AbortSignal): Promise<Response | null> {
    const viewing = await this.deps.viewing();
    const q = new URLSearchParams({ from: String(Math.round(fromMs)), to: String(Math.round(fromMs + WINDOW_MS)), viewing });
    const res = await fetch(`/api/cameras/${this.deps.cameraId}/playback?${q}`, {
      signal, credentials: 'same-origin', headers: { 'Accept-Language': this.deps.lang() },
    });
    if (res.ok) return res;
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    if (res.status === 404 && body.code === 'clip.noFootage') return null;
    if (body.code === 'viewing.expired') this.deps.viewingRefused();
    throw new ApiError(res.status, body.code ?? `http_${res.status}`, body.message ?? '');
  }

  /** The window's headers: codec, offset, where to show. */
  private async begin(res: Response, g: number, o: { seekToMs: number | null; follower: boolean }): Promise<StreamWindow | null> {
    const header = (name: string) => res.headers.get(name);
    const startMs = Number(header('X-Vigil-Start-Ms'));
    const next = header('X-Vigil-Next-Ms');
    const codec = header('X-Vigil-Codec') ?? 'avc1.42e01e';
    await this.ensureBuffer(`video/mp4; codecs="${codec}"`);
    if (g !== this.gen) return null;
    let offsetS = this.toS(startMs);
    // The next window of a continuous recording: join it to the end of this one, frame to frame.
    const end = o.seekToMs === null ? this.bufferedEnd() : null;
    if (end !== null && Math.abs(end - offsetS) < JOIN_TOLERANCE_S) offsetS = end;
    await this.enqueue(() => {
      if (this.buffer && g === this.gen) this.buffer.timestampOffset = offsetS;
    });
    const w: StreamWindow = {
      startMs, endMs: Number(header('X-Vigil-End-Ms')), nextMs: next === null ? null : Number(next), offsetS,
      transcoded: header('X-Vigil-Transcoded') === '1', done: false,
    };
    this.window = w;
    this.sourceCodec = header('X-Vigil-Source-Codec');
    this.phase = 'loading';
    if (o.seekToMs !== null) {
      const target = Math.max(o.seekToMs, startMs);
      // A follower in a gap waits at the start of its footage; the one setting the pace goes there.
      this.resumesAtMs = o.follower && startMs > o.seekToMs + 1000 ? startMs : null;
      this.video.currentTime = this.toS(target);
      this.settle();
    }
    return w;
  }

  private async ensureBuffer(mime: string): Promise<void> {
    await this.opened;
    await this.enqueue(() => {
      if (!this.buffer) {
        this.buffer = this.source.addSourceBuffer(mime);
        this.buffer.mode = 'segments';
      } else if (mime !== this.mime && 'changeType' in this.buffer) {
        this.buffer.changeType(mime);
      }
      this.mime = mime;
    });
  }

  private append(data: Uint8Array, g: number): Promise<void> {
    return this.enqueue(async () => {
      const sb = this.buffer;
      if (!sb || g !== this.gen || this.source.readyState !== 'open') return;
      try {
        await this.update(sb, () => sb.appendBuffer(data as Uint8Array<ArrayBuffer>));
      } catch (err) {
        if (!(err instanceof DOMException && err.name === 'QuotaExceededError')) throw err;
        // Full: drop what was played long ago, then try once more.
        const behind = this.video.currentTime - 5;
        const start = this.video.buffered.length > 0 ? this.video.buffered.start(0) : 0;
        if (behind > start) await this.update(sb, () => sb.remove(0, behind));
        await this.update(sb, () => sb.appendBuffer(data as Uint8Array<ArrayBuffer>));
      }
    });
  }

  /** Drop everything loaded (a seek elsewhere): the next bytes begin a new init segment. */
  private async clear(): Promise<void> {
    const sb = this.buffer;
    if (!sb || this.source.readyState !== 'open') return;
    sb.abort();
    if (sb.buffered.length > 0) await this.update(sb, () => sb.remove(0, Infinity));
  }

  /** Run one SourceBuffer operation and wait for its end. */
  private update(sb: SourceBuffer, op: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        sb.removeEventListener('updateend', done);
        sb.removeEventListener('error', failed);
        resolve();
      };
      const failed = () => {
        sb.removeEventListener('updateend', done);
        sb.removeEventListener('error', failed);
        reject(new Error('the browser could not decode this footage'));
      };
      sb.addEventListener('updateend', done);
      sb.addEventListener('error', failed);
      try {
        op();
      } catch (err) {
        sb.removeEventListener('updateend', done);
        sb.removeEventListener('error', failed);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** SourceBuffer operations one after the other, whatever asked for them. */
  private enqueue<T>(op: () => Promise<T> | T): Promise<T> {
    const next = this.chain.then(op, op);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Wait while enough is loaded ahead of the playhead (the server's ffmpeg waits with us). */
  private async roomAhead(g: number): Promise<void> {
    for (;;) {
      if (g !== this.gen) return;
      const end = this.bufferedEnd();
      if (end === null || end - this.video.currentTime < AHEAD_S * Math.min(Math.max(this.rate, 1), 4)) return;
      await sleep(250);
    }
  }

  private askNext(t: number): void {
    const w = this.window;
    if (!w || !w.done || this.fetching) return;
    const endS = this.bufferedEnd() ?? t;
    // A stream cut short (the server stopped an idle one, ffmpeg failed) goes on from what arrived.
    const receivedMs = (endS - w.offsetS) * 1000;
    const short = receivedMs < w.endMs - w.startMs - JOIN_TOLERANCE_S * 1000;
    const fromMs = short ? w.startMs + receivedMs : (w.nextMs ?? w.endMs);
    if (endS - t > NEXT_BEFORE_S * Math.max(this.rate, 1)) return;
    if (this.exhausted && (this.exhausted.retryAtMs === null || Date.now() < this.exhausted.retryAtMs)) return;
    void this.stream(fromMs, this.gen, { seekToMs: null, follower: false });
  }

  /** Stuck at the end of loaded footage with more loaded later (a gap in the recording): go on there. */
  private jumpGap(t: number): void {
    if (this.video.paused || this.rangeAt(t)) return;
    const b = this.video.buffered;
    for (let i = 0; i < b.length; i += 1) {
      if (b.start(i) > t) {
        this.video.currentTime = b.start(i) + 0.001;
        return;
      }
    }
  }

  private trim(t: number): void {
    const sb = this.buffer;
    const b = this.video.buffered;
    if (!sb || b.length === 0 || t - b.start(0) < KEEP_BEHIND_S * 2) return;
    void this.enqueue(async () => {
      if (!sb.updating && this.source.readyState === 'open') await this.update(sb, () => sb.remove(0, t - KEEP_BEHIND_S)).catch(() => undefined);
    });
  }

  /** Nothing at or after `fromMs` in the window asked. */
  private noFootage(fromMs: number, forSeek: boolean): void {
    if (forSeek) {
      this.phase = 'noFootage';
      this.empty = { fromMs, untilMs: fromMs + WINDOW_MS };
      this.video.pause();
      return;
    }
    // The end of the recording so far; near the present, the next segment is on its way.
    const nearNow = this.deps.now() - fromMs < LIVE_EDGE_MS;
    this.exhausted = { atMs: fromMs, retryAtMs: nearNow ? Date.now() + RETRY_LIVE_EDGE_MS : null };
  }

  private fail(err: unknown): void {
    this.phase = 'error';
    this.message = err instanceof ApiError && err.message ? err.message : null;
    this.video.pause();
  }

  /** The wall time of the end of what is loaded (for the timeline's "loaded" mark). */
  loadedUntilMs(): number | null {
    const end = this.bufferedEnd();
    return end === null ? null : this.toMs(end);
  }
}
