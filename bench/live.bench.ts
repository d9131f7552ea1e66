/**
 * Live view in real Chromium against the recording demo school (camera simulator, real ffmpeg):
 *
 * - latency: when the server sent the fragment carrying a frame (the hub's viewer, wrapped here)
 *   vs when Chromium shows that frame (`requestVideoFrameCallback`'s expectedDisplayTime), over
 *   BENCH_LIVE_SECONDS (30) on the guard's wall, the first 3 s of each stream left out; both are
 *   Date.now() on one machine. Frames are matched to fragments by the moof's sequence number and
 *   the media time each append added to the SourceBuffer (the page is instrumented, the app not);
 * - time to first frame: the tile's WebSocket created → its first frame shown, with the camera's
 *   upstream already running for another viewer (warm) and not running (cold: ffmpeg starts, opens
 *   RTSP, waits for a keyframe).
 *
 * Substream of an H.264 camera (stream copy) beside the H.265 camera (transcoded to H.264), and the
 * H.264 main stream (full screen). Prints figures; asserts nothing.
 */
import type { Page } from 'playwright-core';
import type { LiveViewer } from '../src/server/live/hub.js';
import buildWeb from '../test/e2e/build-web.js';
import { DEMO_PASSWORD, ENTRY, fillLogin, launchChromium, newContext, startRecordingVigil } from '../test/e2e/harness.js';

const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 30);
const WARMUP_MS = 3000;
const STREAMS = [
  { key: '1/sub', label: 'cam 1 sub (copy)' },
  { key: '2/sub', label: 'cam 2 sub (H.265→H.264)' },
  { key: '1/main', label: 'cam 1 main (copy)' },
] as const;

interface Fragment { key: string; seq: number; arrivedMs: number; appendedMs: number; fromS: number; toS: number }
interface Frame { key: string; mediaTimeS: number; shownMs: number }
interface Probe { opens: Array<{ key: string; atMs: number }>; fragments: Fragment[]; frames: Frame[]; bufferedS: Record<string, number> }

/** In the page, before the app: note each fragment's arrival and media span, and each frame shown. */
function instrument(): void {
  const probe = { opens: [] as Array<{ key: string; atMs: number }>, fragments: [] as unknown[], frames: [] as unknown[] };
  (window as unknown as { __probe: typeof probe }).__probe = probe;
  const pending = new WeakMap<ArrayBuffer, { key: string; seq: number; arrivedMs: number }>();
  const seqOf = (b: ArrayBuffer) => {
    const v = new DataView(b);
    const type = (at: number) => String.fromCharCode(v.getUint8(at), v.getUint8(at + 1), v.getUint8(at + 2), v.getUint8(at + 3));
    return b.byteLength >= 24 && type(4) === 'moof' && type(12) === 'mfhd' ? v.getUint32(20) : null;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const m = /\/cameras\/(\d+)\/live\?stream=(\w+)/.exec(String(url));
      if (!m) return;
      const key = `${m[1]}/${m[2]}`;
      probe.opens.push({ key, atMs: Date.now() });
      this.addEventListener('message', (e: MessageEvent<unknown>) => {
        if (!(e.data instanceof ArrayBuffer)) return;
        const seq = seqOf(e.data);
        if (seq !== null) pending.set(e.data, { key, seq, arrivedMs: Date.now() });
      });
    }
  };
  const end = (r: TimeRanges) => (r.length ? r.end(r.length - 1) : 0);
  const append = SourceBuffer.prototype.appendBuffer;
  SourceBuffer.prototype.appendBuffer = function (this: SourceBuffer, data: BufferSource) {
    const got = data instanceof ArrayBuffer ? pending.get(data) : undefined;
    if (got) {
      const fromS = end(this.buffered);
      this.addEventListener('updateend', () => probe.fragments.push({ ...got, appendedMs: Date.now(), fromS, toS: end(this.buffered) }), { once: true });
    }
    append.call(this, data);
  };
  const watched = new WeakSet<HTMLVideoElement>();
  setInterval(() => {
    for (const video of document.querySelectorAll<HTMLVideoElement>('video[data-live-video]')) {
      if (watched.has(video)) continue;
      watched.add(video);
      const key = `${video.dataset.liveVideo ?? ''}/${video.closest<HTMLElement>('[data-stream]')?.dataset.stream ?? ''}`;
      const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
        probe.frames.push({ key, mediaTimeS: meta.mediaTime, shownMs: performance.timeOrigin + meta.expectedDisplayTime });
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
  }, 50);
}

const collect = (page: Page): Promise<Probe> => page.evaluate(() => {
  const p = (window as unknown as { __probe: Omit<Probe, 'bufferedS'> }).__probe;
  const bufferedS: Record<string, number> = {};
  for (const v of document.querySelectorAll<HTMLVideoElement>('video[data-live-video]')) {
    const b = v.buffered;
    bufferedS[`${v.dataset.liveVideo ?? ''}/${v.closest<HTMLElement>('[data-stream]')?.dataset.stream ?? ''}`] = b.length ? b.end(b.length - 1) - b.start(0) : 0;
  }
  return { ...p, bufferedS };
});

buildWeb(); // web/dist, when older than its sources

// ---- The school, with the hub's sends noted: `${camera}/${stream}/${moof sequence}` → send times ----
const school = await startRecordingVigil(false, 1);
const sent = new Map<string, number[]>();
const hub = school.vigil.live;
const subscribe = hub.subscribe.bind(hub);
hub.subscribe = (cameraId, stream, viewer: LiveViewer) => subscribe(cameraId, stream, {
  init: (codec, data) => viewer.init(codec, data),
  status: (s) => viewer.status(s),
  bufferedBytes: () => viewer.bufferedBytes(),
  fragment: (data) => {
    const seq = data.length >= 24 && data.toString('latin1', 4, 8) === 'moof' ? data.readUInt32BE(20) : -1;
    const k = `${cameraId}/${stream}/${seq}`;
    sent.set(k, [...(sent.get(k) ?? []), Date.now()]);
    viewer.fragment(data);
  },
});

const browser = await launchChromium();
const context = await newContext(browser);
async function wallPage(grid: number): Promise<Page> {
  const page = await context.newPage();
  // tsx (esbuild's keepNames) wraps named inner functions in __name(), which the page lacks.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.addInitScript(instrument);
  await page.addInitScript((g) => localStorage.setItem('vigil.live.grid', String(g)), grid);
  await page.goto(`${school.url}${ENTRY}`);
  await page.locator('input[name="username"], [data-testid="user-menu"]').first().waitFor();
  if (await page.locator('input[name="username"]').count()) await fillLogin(page, 'baove', DEMO_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  await page.goto(`${school.url}/live`);
  await page.getByTestId('live-wall').waitFor();
  return page;
}

/** Frame → the newest fragment of its stream whose media span holds it → when the server sent that fragment. */
function latencies(p: Probe, key: string): number[] {
  const opened = p.opens.filter((o) => o.key === key).map((o) => o.atMs);
  const fragments = p.fragments.filter((f) => f.key === key);
  const out: number[] = [];
  for (const frame of p.frames) {
    if (frame.key !== key || opened.some((o) => frame.shownMs >= o && frame.shownMs < o + WARMUP_MS)) continue;
    const t = frame.mediaTimeS + 0.001;
    const carrier = fragments.filter((f) => f.fromS <= t && t < f.toS && f.appendedMs <= frame.shownMs).at(-1);
    const sends = carrier ? (sent.get(`${key}/${carrier.seq}`) ?? []).filter((s) => s <= carrier.arrivedMs) : [];
    const sentMs = sends.at(-1);
    if (sentMs !== undefined) out.push(frame.shownMs - sentMs);
  }
  return out;
}

/** Each open of `key` in [fromMs, toMs) → its first frame shown. */
const firstFrames = (p: Probe, key: string, fromMs = 0, toMs = Infinity): number[] =>
  p.opens.filter((o) => o.key === key && o.atMs >= fromMs && o.atMs < toMs).flatMap((o) => {
    const first = p.frames.find((f) => f.key === key && f.shownMs >= o.atMs);
    return first ? [first.shownMs - o.atMs] : [];
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- Latency: the guard's wall (cameras 1, 2 and the offline 4), then camera 1 full screen ----
const wall = await wallPage(4);
await sleep(SECONDS * 1000);
const { bufferedS } = await collect(wall);
await wall.getByTestId('live-wall').locator('[data-camera="Cổng chính"]').dblclick();
await sleep((SECONDS / 2) * 1000 + WARMUP_MS);
await wall.keyboard.press('Escape');
await sleep(4000); // the wall's tiles start again: upstreams warm for the next part
const onWall = await collect(wall);

// ---- Time to first frame: one tile at a time (grid 1), paging between cameras 1 and 2 ----
const single = await wallPage(1);
const pagesSince = Date.now();
const showPage = (n: number) => single.getByTestId('live-pages').getByRole('button', { name: String(n), exact: true }).click();
for (let i = 0; i < 12; i += 1) {
  await showPage(i % 2 === 0 ? 2 : 1);
  await sleep(2500);
}
const warmUntil = Date.now();
await wall.close();
await sleep(4000);
for (let i = 0; i < 10; i += 1) {
  await showPage(i % 2 === 0 ? 2 : 1);
  await sleep(4500); // longer than the hub's 3 s linger: the other camera's upstream stops meanwhile
}
const paged = await collect(single);
const version = browser.version();
await browser.close();
await school.close();

// ---- Figures ----
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const q = (xs: number[], p: number) => {
  const s = sorted(xs);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? NaN) : NaN;
};
const cell = (xs: number[]) => (xs.length ? `${q(xs, 0.5)} / ${q(xs, 0.95)} ms (${xs.length})` : '—');
const row = (label: string, cells: string[]) => console.log(label.padEnd(44) + cells.map((c) => c.padEnd(28)).join(''));
const warm = (key: string) => firstFrames(paged, key, pagesSince, warmUntil);
const cold = (key: string) => firstFrames(paged, key, warmUntil + 4000);

console.log(`Live view in Chromium ${version} (headless, no GPU) on ${SECONDS} s of the guard's wall; server and browser on this machine.`);
row('median / p95 (samples)', STREAMS.map((s) => s.label));
row('latency: fragment sent → frame shown', STREAMS.map((s) => cell(latencies(onWall, s.key))));
row('first frame, upstream running (warm)', STREAMS.map((s) => (s.key.endsWith('main') ? '—' : cell(warm(s.key)))));
row('first frame, upstream starting (cold)', STREAMS.map((s) => (s.key.endsWith('main') ? '—' : cell(cold(s.key)))));
row('first frame, full screen (main, cold)', STREAMS.map((s) => (s.key.endsWith('main') ? cell(firstFrames(onWall, s.key)) : '—')));
row(`media kept in the SourceBuffer after ${SECONDS} s`, STREAMS.map((s) => (bufferedS[s.key] === undefined ? '—' : `${bufferedS[s.key]?.toFixed(1)} s`)));
