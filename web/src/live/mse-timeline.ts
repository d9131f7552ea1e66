/**
 * One timeline of a live stream in a <video>: a MediaSource with one SourceBuffer, fed the init
 * segment then moof+mdat fragments. A new init from the server (the upstream restarted) means a
 * new timeline: the player throws this one away and makes another.
 */

/** Safari on iPhone (17.1+) has only ManagedMediaSource, which works the same for our purpose. */
function mediaSourceClass(): typeof MediaSource | undefined {
  const w = window as unknown as { MediaSource?: typeof MediaSource; ManagedMediaSource?: typeof MediaSource };
  return w.MediaSource ?? w.ManagedMediaSource;
}

export const mimeOf = (codec: string) => `video/mp4; codecs="${codec}"`;

/** Whether this browser can play the stream at all (H.264 in fragmented MP4 through MSE). */
export function canPlayLive(codec = 'avc1.42e01e'): boolean {
  return mediaSourceClass()?.isTypeSupported(mimeOf(codec)) ?? false;
}

/** Play this far behind the newest frame after a jump: fragments come every 200 ms. */
const LIVE_MARGIN_S = 0.3;
/** Further ahead than this, jump to the live edge (a tab that lagged, a burst after a stall). */
const MAX_AHEAD_S = 2;
/**
 * Just after the start the server's catch-up (the fragments since the last keyframe) lies ahead:
 * jump over it at once rather than play a second or two of the past.
 */
const START_WINDOW_MS = 2000;
/** Ahead by more than this (but not enough to jump), play a little faster to catch up smoothly. */
const CATCH_UP_S = 0.5;
/** Keep this much already played (memory stays flat on a wall left open all night). */
const KEEP_BEHIND_S = 5;
const TRIM_EVERY_S = 10;

type Op = { kind: 'append'; data: ArrayBuffer } | { kind: 'remove'; fromS: number; toS: number };

export class MseTimeline {
  private readonly source: MediaSource;
  private readonly url: string;
  private buffer: SourceBuffer | null = null;
  private readonly ops: Op[] = [];
  private queuedBytesCount = 0;
  private disposed = false;
  private firstMediaAtMs: number | null = null;

  /** `onBroken` is called once when this timeline cannot go on (the player then reconnects). */
  constructor(private readonly video: HTMLVideoElement, private readonly mime: string, private readonly onBroken: (why: string) => void) {
    const MS = mediaSourceClass();
    if (!MS) throw new Error('Media Source Extensions are not available');
    this.source = new MS();
    // ManagedMediaSource plays only without AirPlay (or with another source for it).
    video.disableRemotePlayback = true;
    this.url = URL.createObjectURL(this.source);
    this.source.addEventListener('sourceopen', () => {
      URL.revokeObjectURL(this.url);
      this.open();
    }, { once: true });
    video.src = this.url;
  }

  /** Bytes received and not yet handed to the SourceBuffer. */
  get queuedBytes(): number {
    return this.queuedBytesCount;
  }

  append(data: ArrayBuffer): void {
    this.ops.push({ kind: 'append', data });
    this.queuedBytesCount += data.byteLength;
    this.next();
  }

  /** Keep to the live edge and trim what was played; about once a second and after each append. */
  keepLive(): void {
    const v = this.video;
    const b = v.buffered;
    if (this.disposed || b.length === 0 || v.seeking) return;
    const lastStart = b.start(b.length - 1);
    const end = b.end(b.length - 1);
    const nowMs = performance.now();
    this.firstMediaAtMs ??= nowMs;
    const maxAhead = nowMs - this.firstMediaAtMs < START_WINDOW_MS ? CATCH_UP_S : MAX_AHEAD_S;
    // Before the first frame, in a gap, or lagging: go to the newest picture.
    if (end - v.currentTime > maxAhead || !within(b, v.currentTime)) v.currentTime = Math.max(lastStart, end - LIVE_MARGIN_S);
    const rate = end - v.currentTime > CATCH_UP_S ? 1.1 : 1;
    if (v.playbackRate !== rate) v.playbackRate = rate;
    if (v.paused) void v.play().catch(() => undefined);
    const first = b.start(0);
    if (v.currentTime - first > TRIM_EVERY_S && !this.ops.some((o) => o.kind === 'remove')) {
      this.ops.push({ kind: 'remove', fromS: first, toS: v.currentTime - KEEP_BEHIND_S });
      this.next();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ops.length = 0;
    URL.revokeObjectURL(this.url);
    try {
      if (this.source.readyState === 'open') this.source.endOfStream();
    } catch {
      // already ending
    }
    // Drop the picture: a frozen frame on a wall must never pass for live.
    this.video.removeAttribute('src');
    this.video.load();
  }

  private open(): void {
    if (this.disposed) return;
    try {
      const sb = this.source.addSourceBuffer(this.mime);
      // 'sequence': each fragment follows the last, whatever its timestamps, so a skipped fragment
      // (the server drops to the next keyframe for a slow viewer) leaves no gap to stall on.
      sb.mode = 'sequence';
      sb.addEventListener('updateend', () => {
        this.keepLive();
        this.next();
      });
      sb.addEventListener('error', () => this.broken('the SourceBuffer reported an error'));
      this.buffer = sb;
      this.next();
    } catch (err) {
      this.broken(`addSourceBuffer failed: ${String(err)}`);
    }
  }

  /** Appends and removals one at a time: a SourceBuffer takes nothing while `updating`. */
  private next(): void {
    const sb = this.buffer;
    if (!sb || sb.updating || this.disposed || this.source.readyState !== 'open') return;
    const op = this.ops.shift();
    if (!op) return;
    try {
      if (op.kind === 'append') {
        this.queuedBytesCount -= op.data.byteLength;
        sb.appendBuffer(op.data);
      } else if (op.toS > op.fromS) {
        sb.remove(op.fromS, op.toS);
      } else {
        this.next();
      }
    } catch (err) {
      // QuotaExceededError despite trimming, or a decode error: start again from a keyframe.
      this.broken(`${op.kind} failed: ${String(err)}`);
    }
  }

  private broken(why: string): void {
    if (this.disposed) return;
    this.dispose();
    this.onBroken(why);
  }
}

/** Inside a buffered range, or just at its end (waiting for the next fragment is not a gap). */
function within(ranges: TimeRanges, t: number): boolean {
  for (let i = 0; i < ranges.length; i += 1) if (t >= ranges.start(i) && t <= ranges.end(i) + 0.1) return true;
  return false;
}
