import { type ServerStatus, parseLiveMessage } from './messages.js';
import { MseTimeline, canPlayLive, mimeOf } from './mse-timeline.js';

export type LiveStream = 'main' | 'sub';

/**
 * Where the player is, as a tile shows it:
 * - `idle`: not started (a tile out of view, a hidden tab);
 * - `connecting`: opening the socket, or waiting for the first frame;
 * - `playing`: frames are advancing;
 * - `stalled`: frames were advancing and stopped;
 * - `refused`: the server said no (no right, or signed out): not retried;
 * - `unsupported`: this browser cannot play the stream.
 */
export type PlayerPhase = 'idle' | 'connecting' | 'playing' | 'stalled' | 'refused' | 'unsupported';

export interface PlayerSnapshot {
  phase: PlayerPhase;
  /** The server's last word on the upstream (starting, live, reconnecting, offline, and why). */
  server: Omit<ServerStatus, 'type'> | null;
  /** The codec of the current timeline (always H.264 from the server). */
  codec: string | null;
  /** Why the server refused, in the user's language. */
  refusal: string | null;
}

export const IDLE: PlayerSnapshot = { phase: 'idle', server: null, codec: null, refusal: null };

export interface LivePlayerOptions {
  cameraId: number;
  stream: LiveStream;
  video: HTMLVideoElement;
  lang: 'vi' | 'en';
  onChange(s: PlayerSnapshot): void;
}

const BACKOFF_MS = [1000, 2000, 5000, 10_000];
const TICK_MS = 1000;
/** No new frame for this long while playing: say so (a frozen picture must not look live). */
const STALL_MS = 3000;
/** No bytes at all for this long: the socket is dead without knowing it (a phone changing network). */
const SILENT_MS = 20_000;
/** More than this waiting to be appended (a throttled tab): start again from a keyframe. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

export const liveUrl = (cameraId: number, stream: LiveStream, protocol: 'ws' | 'http') =>
  `${protocol === 'ws' ? (location.protocol === 'https:' ? 'wss:' : 'ws:') : location.protocol}//${location.host}/api/cameras/${cameraId}/live?stream=${stream}`;

/**
 * A camera's live stream in a <video>: fMP4 over the live WebSocket into MSE, reconnecting with
 * backoff. `start()` opens the socket, `stop()` closes it (the server stops the upstream when
 * nobody watches, and audits the end of the viewing).
 */
export class LivePlayer {
  private socket: WebSocket | null = null;
  private timeline: MseTimeline | null = null;
  private snapshot: PlayerSnapshot = IDLE;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private heard = false;
  private stopped = false;
  private lastBytesMs = 0;
  private lastFrame = { timeS: -1, atMs: 0 };
  private readonly onTimeUpdate = () => this.sawProgress();

  constructor(private readonly o: LivePlayerOptions) {}

  /** Once: a player is not restarted after `stop()` (make a new one). */
  start(): void {
    if (this.stopped || this.tickTimer) return;
    if (!canPlayLive()) return this.set({ phase: 'unsupported' });
    this.o.video.addEventListener('timeupdate', this.onTimeUpdate);
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.o.video.removeEventListener('timeupdate', this.onTimeUpdate);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.retryTimer = null;
    this.tickTimer = null;
    this.closeSocket();
    this.dropTimeline();
    this.set({ ...IDLE, refusal: this.snapshot.refusal });
  }

  private connect(): void {
    this.retryTimer = null;
    if (this.stopped) return;
    const ws = new WebSocket(liveUrl(this.o.cameraId, this.o.stream, 'ws'));
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    this.heard = false;
    this.lastBytesMs = Date.now();
    this.set({ phase: 'connecting', refusal: null });
    ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
      if (ws === this.socket) this.onMessage(e.data);
    };
    ws.onclose = () => {
      if (ws === this.socket) void this.onClosed();
    };
  }

  private onMessage(data: string | ArrayBuffer): void {
    this.heard = true;
    this.lastBytesMs = Date.now();
    if (typeof data !== 'string') {
      this.timeline?.append(data);
      if ((this.timeline?.queuedBytes ?? 0) > MAX_QUEUED_BYTES) this.retry();
      return;
    }
    const msg = parseLiveMessage(data);
    if (msg?.type === 'init') return this.newTimeline(msg.codec);
    if (msg?.type !== 'status') return;
    const { type: _, ...server } = msg;
    // The upstream is down: show why on black, not its last picture frozen.
    if (server.state === 'reconnecting' || server.state === 'offline') {
      this.dropTimeline();
      return this.set({ server, phase: 'connecting' });
    }
    this.set({ server });
  }

  /** A new init: the upstream (re)started, its timestamps start again; so does the SourceBuffer. */
  private newTimeline(codec: string): void {
    this.dropTimeline();
    if (!canPlayLive(codec)) {
      this.closeSocket();
      return this.set({ phase: 'unsupported', codec });
    }
    this.timeline = new MseTimeline(this.o.video, mimeOf(codec), () => this.retry());
    this.lastFrame = { timeS: -1, atMs: Date.now() };
    this.set({ codec, phase: 'connecting' });
  }

  private async onClosed(): Promise<void> {
    this.socket = null;
    this.dropTimeline();
    // Closed before a word: the upgrade was refused, or the server is down. Ask plain HTTP which.
    const refusal = this.heard ? null : await this.refusal();
    if (this.stopped) return;
    if (refusal) return this.set({ phase: 'refused', refusal });
    this.retry();
  }

  /** Close what is left and connect again after the next backoff step. */
  private retry(): void {
    this.closeSocket();
    this.dropTimeline();
    if (this.stopped || this.retryTimer) return;
    this.failures += 1;
    this.set({ phase: 'connecting' });
    this.retryTimer = setTimeout(() => this.connect(), BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length) - 1]);
  }

  /** The server's own message when it refuses (401, 403), or null for anything else. */
  private async refusal(): Promise<string | null> {
    try {
      const res = await fetch(liveUrl(this.o.cameraId, this.o.stream, 'http'), {
        headers: { Accept: 'application/json', 'Accept-Language': this.o.lang }, credentials: 'same-origin',
      });
      if (res.status !== 401 && res.status !== 403) return null;
      const body = (await res.json()) as { message?: unknown };
      return typeof body.message === 'string' ? body.message : String(res.status);
    } catch {
      return null;
    }
  }

  private tick(): void {
    this.timeline?.keepLive();
    this.sawProgress();
    const now = Date.now();
    if (this.snapshot.phase === 'playing' && now - this.lastFrame.atMs > STALL_MS) this.set({ phase: 'stalled' });
    const upstreamDown = this.snapshot.server?.state === 'reconnecting' || this.snapshot.server?.state === 'offline';
    if (this.socket?.readyState === WebSocket.OPEN && !upstreamDown && now - this.lastBytesMs > SILENT_MS) this.retry();
  }

  /** A new frame on screen: the picture is live (or live again). */
  private sawProgress(): void {
    const v = this.o.video;
    if (!this.timeline || v.seeking || v.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || v.currentTime === this.lastFrame.timeS) return;
    this.lastFrame = { timeS: v.currentTime, atMs: Date.now() };
    this.failures = 0;
    if (this.snapshot.phase !== 'playing') this.set({ phase: 'playing' });
  }

  private closeSocket(): void {
    const ws = this.socket;
    this.socket = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000);
  }

  private dropTimeline(): void {
    this.timeline?.dispose();
    this.timeline = null;
  }

  private set(change: Partial<PlayerSnapshot>): void {
    const next = { ...this.snapshot, ...change };
    if ((Object.keys(next) as Array<keyof PlayerSnapshot>).every((k) => next[k] === this.snapshot[k])) return;
    this.snapshot = next;
    this.o.onChange(next);
  }
}
