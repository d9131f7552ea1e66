/**
 * Seek to first frame, in real Chromium, against the recording demo school (camera simulator,
 * real ffmpeg): a click on the playback timeline → the first frame of that instant shown
 * (`requestVideoFrameCallback`'s expectedDisplayTime, its media time at the instant clicked).
 *
 * - "new stream": seeks outside what the player has loaded (alternating between two instants
 *   70+ s apart), so each one asks the server for a new fragmented-MP4 stream (H.264 copied, H.265
 *   transcoded), the way a seek across the day does;
 * - "jump +5 s": a short jump after each of those, mostly inside what is loaded already;
 * - baseline: the former playback, a whole MP4 cut by ffmpeg into a file and then sent (what
 *   /clip still does), set as a <video>'s source → its first frame. Chromium cannot decode the
 *   H.265 one at all.
 *
 * BENCH_SEEKS (default 20) per row. Prints figures; asserts nothing.
 */
import type { Page } from 'playwright-core';
import buildWeb from '../test/e2e/build-web.js';
import { DEMO_PASSWORD, ENTRY, fillLogin, launchChromium, newContext, startRecordingVigil } from '../test/e2e/harness.js';

const SEEKS = Number(process.env.BENCH_SEEKS ?? 20);
/** BENCH_VERBOSE=1: each seek on stderr as it is measured. */
const note = (...what: unknown[]) => process.env.BENCH_VERBOSE === '1' && console.error(...what);
const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const baseOf = (ms: number) => Math.floor((ms + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

buildWeb(); // web/dist, when older than its sources
// Ten segments a camera: 100 s of footage, room for seeks further apart than the player keeps loaded.
const school = await startRecordingVigil(false, 10);
const browser = await launchChromium();
const page = await (await newContext(browser)).newPage();
await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
await page.goto(`${school.url}${ENTRY}`);
await fillLogin(page, 'hieutruong', DEMO_PASSWORD);
await page.getByTestId('user-menu').waitFor();

/** Open playback of one camera, give the reason, zoom the timeline to its first recorded span. */
async function openCamera(cameraId: number, askedReason: boolean): Promise<{ startMs: number; endMs: number }> {
  await page.goto(`${school.url}/playback?cameras=${cameraId}`);
  const dialog = page.getByRole('dialog');
  // The first camera asks the reason; the next one joins the same viewing (same reason).
  if (askedReason) {
    await dialog.getByTestId('reason-code').click();
    await page.getByRole('option', { name: 'Rà soát định kỳ (Điều 5)' }).click();
    await dialog.getByTestId('reason-text').fill('Đo thời gian tua ghi hình');
    await dialog.getByRole('button', { name: 'Bắt đầu xem' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  const span = page.locator(`[data-lane="${cameraId}"] [data-span-start]`).first();
  await span.waitFor({ state: 'attached' });
  const recorded = { startMs: Number(await span.getAttribute('data-span-start')), endMs: Number(await span.getAttribute('data-span-end')) };
  // About three minutes wide, the recording in the middle: both seek instants are in view.
  const middle = recorded.startMs + 45_000;
  const xOf = (v: Awaited<ReturnType<typeof view>>, ms: number) => v.left + ((ms - v.startMs) / (v.endMs - v.startMs)) * v.width;
  for (let i = 0; i < 20; i += 1) {
    const v = await view();
    if (v.endMs - v.startMs <= 4 * 60_000) break;
    await page.mouse.move(xOf(v, middle), v.top + v.height - 8);
    await page.mouse.wheel(0, -200);
    await sleep(200);
  }
  const v = await view();
  await page.mouse.move(xOf(v, middle), v.top + v.height - 8);
  await page.mouse.down();
  await page.mouse.move(v.left + v.width / 2, v.top + v.height - 8, { steps: 5 });
  await page.mouse.up();
  return recorded;
}

async function view() {
  const tl = page.getByTestId('timeline');
  await tl.scrollIntoViewIfNeeded();
  const box = await tl.boundingBox();
  if (!box) throw new Error('no timeline');
  return { startMs: Number(await tl.getAttribute('data-view-start')), endMs: Number(await tl.getAttribute('data-view-end')), left: box.x, top: box.y, width: box.width, height: box.height };
}

/** Click the timeline at `ms`; the milliseconds from the press to the first frame of that instant shown. */
async function seekByClick(cameraId: number, ms: number): Promise<number | null> {
  const v = await view();
  const x = v.left + ((ms - v.startMs) / (v.endMs - v.startMs)) * v.width;
  const targetS = (v.startMs + ((x - v.left) / v.width) * (v.endMs - v.startMs) - baseOf(ms)) / 1000;
  // Armed and awaited before the click: a listener set up by the same call could miss the press.
  await page.evaluate(([id, t]) => {
    const w = window as unknown as { __seek: Promise<number | null> };
    w.__seek = new Promise<number | null>((resolve) => {
      const video = document.querySelector<HTMLVideoElement>(`[data-testid="playback-tile"][data-camera-id="${id}"] video`);
      const timeline = document.querySelector('[data-testid="timeline"]');
      if (!video || !timeline) return resolve(null);
      let pressed = 0;
      timeline.addEventListener('pointerdown', () => (pressed = performance.now()), { once: true, capture: true });
      const timer = setTimeout(() => resolve(null), 20_000);
      const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
        if (pressed > 0 && Math.abs(meta.mediaTime - t) < 0.6) {
          clearTimeout(timer);
          resolve(meta.expectedDisplayTime - pressed);
        } else {
          video.requestVideoFrameCallback(onFrame);
        }
      };
      video.requestVideoFrameCallback(onFrame);
    });
  }, [cameraId, targetS] as const);
  await page.mouse.click(x, v.top + v.height - 8);
  const shownMs = await page.evaluate(() => (window as unknown as { __seek: Promise<number | null> }).__seek);
  await sleep(1500); // let it play a little, as a person would
  return shownMs;
}

/** The former way: a whole MP4 cut into a file by ffmpeg, then sent; set as a <video>'s source. */
async function seekBySource(cameraId: number, fromMs: number, toMs: number): Promise<number | null> {
  const q = new URLSearchParams({ from: String(fromMs), to: String(toMs), reasonCode: 'periodic_review', reasonText: 'Đo thời gian tua ghi hình' });
  return page.evaluate((url) => new Promise<number | null>((resolve) => {
    const video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    const done = (v: number | null) => {
      clearTimeout(timer);
      video.removeAttribute('src');
      video.load();
      video.remove();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), 20_000);
    video.addEventListener('error', () => done(null));
    const started = performance.now();
    video.requestVideoFrameCallback((_now, meta) => done(meta.expectedDisplayTime - started));
    video.src = url;
    void video.play().catch(() => undefined);
  }), `/api/cameras/${cameraId}/clip?${q}`);
}

const rows: Array<{ label: string; samples: Array<number | null> }> = [];
for (const [cameraId, name] of [[1, 'cam 1 H.264 (copy)'], [2, 'cam 2 H.265 (transcoded)']] as const) {
  const recorded = await openCamera(cameraId, cameraId === 1);
  note(name, 'recorded', recorded, 'view', await view());
  const a = recorded.startMs + 4_000;
  const b = Math.min(recorded.startMs + 80_000, recorded.endMs - 6_000);
  const fresh: Array<number | null> = [];
  const inside: Array<number | null> = [];
  for (let i = 0; i < SEEKS; i += 1) {
    const jitter = (i * 137) % 2_000;
    const at = (i % 2 === 0 ? a : b) + jitter;
    fresh.push(await seekByClick(cameraId, at));
    inside.push(await seekByClick(cameraId, at + 5_000 + (i % 3) * 1_000));
    note(name, i, 'new stream', fresh.at(-1), 'jump', inside.at(-1));
  }
  rows.push({ label: `${name}: new stream`, samples: fresh }, { label: `${name}: jump +5 s`, samples: inside });
  const baseline: Array<number | null> = [];
  for (let i = 0; i < SEEKS; i += 1) {
    const at = (i % 2 === 0 ? a : b) + ((i * 137) % 2_000);
    baseline.push(await seekBySource(cameraId, at, Math.min(at + 60_000, recorded.endMs)));
    note(name, i, 'baseline', baseline.at(-1));
    // H.265 shows nothing at all in Chromium: three tries say so.
    if (baseline.length === 3 && baseline.every((x) => x === null)) break;
  }
  rows.push({ label: `${name}: baseline, whole clip file`, samples: baseline });
}
const version = browser.version();
await browser.close();
await school.close();

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? NaN) : NaN;
};
console.log(`Seek → first frame shown, Chromium ${version} (headless, no GPU); server and browser on this machine.`);
console.log(`${'median / p95 (seeks with a frame / seeks)'.padEnd(52)}`);
for (const r of rows) {
  const got = r.samples.filter((s): s is number => s !== null);
  const figures = got.length ? `${q(got, 0.5)} / ${q(got, 0.95)} ms` : 'no frame (Chromium cannot decode it)';
  console.log(`${r.label.padEnd(52)}${figures.padEnd(40)}(${got.length}/${r.samples.length})`);
}
