import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, tempDataDir } from '../integration/helpers.js';
import { DEMO_PASSWORD, ENTRY, type RunningVigil, SCREENSHOTS, fillLogin, launchChromium, newContext, screenshot, startRecordingVigil, untranslatedKeys } from './harness.js';

const KEY_PREFIXES = Object.keys(JSON.parse(readFileSync('web/src/i18n/vi.json', 'utf8')) as Record<string, unknown>);

let server: RunningVigil | undefined;
let browser: Browser | undefined;
const running = () => {
  if (!server || !browser) throw new Error('not started');
  return { server, browser };
};

beforeAll(async () => {
  // Real simulated cameras recording: 1 and 3 in H.264, 2 in H.265; six 5 s segments each (~30 s:
  // the test plays from 18 s in, and cuts 2 s to 14 s). 5 s segments like the other files: the
  // school comes already recording, started while the file before ran.
  server = await startRecordingVigil(false, 6, 5);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Signed in through the form, on `path` (opened as from a bookmark: the sign-in comes first). */
async function signIn(username: string, size?: { width: number; height: number }, path = ENTRY): Promise<Page> {
  const page = await (await newContext(running().browser, size)).newPage();
  await page.goto(running().server.url + path);
  await fillLogin(page, username, DEMO_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  return page;
}

async function giveReason(page: Page, label: string, text: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByTestId('reason-code').click();
  await page.getByRole('option', { name: label }).click();
  await dialog.getByTestId('reason-text').fill(text);
  await dialog.getByRole('button', { name: /^(Bắt đầu xem|Tải về)$/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

interface Shown { startMs: number; endMs: number; left: number; top: number; width: number; height: number }

async function timelineBox(page: Page): Promise<Shown> {
  const tl = page.getByTestId('timeline');
  await tl.scrollIntoViewIfNeeded();
  const box = await tl.boundingBox();
  if (!box) throw new Error('no timeline');
  return { startMs: Number(await tl.getAttribute('data-view-start')), endMs: Number(await tl.getAttribute('data-view-end')), left: box.x, top: box.y, width: box.width, height: box.height };
}

const xOf = (s: Shown, ms: number) => s.left + ((ms - s.startMs) / (s.endMs - s.startMs)) * s.width;

/** The first recorded span of a camera's lane. */
async function firstSpan(page: Page, cameraId: number): Promise<{ startMs: number; endMs: number }> {
  const span = page.locator(`[data-lane="${cameraId}"] [data-span-start]`).first();
  await span.waitFor({ state: 'attached' });
  return { startMs: Number(await span.getAttribute('data-span-start')), endMs: Number(await span.getAttribute('data-span-end')) };
}

/** Wheel-zoom around an instant until the view is at most `widthMs` wide. */
async function zoomTo(page: Page, ms: number, widthMs: number): Promise<Shown> {
  for (let i = 0; i < 12; i += 1) {
    const s = await timelineBox(page);
    if (s.endMs - s.startMs <= widthMs) return s;
    await page.mouse.move(xOf(s, ms), s.top + s.height - 10);
    await page.mouse.wheel(0, -400);
    // The view redrawn, zoomed in.
    await page.waitForFunction(({ start, end }) => {
      const tl = document.querySelector('[data-testid="timeline"]');
      return tl?.getAttribute('data-view-start') !== start || tl.getAttribute('data-view-end') !== end;
    }, { start: String(s.startMs), end: String(s.endMs) });
  }
  return timelineBox(page);
}

async function clickAt(page: Page, ms: number): Promise<void> {
  const s = await timelineBox(page);
  // What plays from before the click does not count: each <video> must first move to the instant clicked.
  await page.evaluate(() => {
    for (const el of document.querySelectorAll<HTMLVideoElement>('[data-testid="playback-tile"] video')) {
      el.dataset.moved = 'no';
      el.addEventListener('seeked', () => { el.dataset.moved = String(el.currentTime); }, { once: true });
    }
  });
  await page.mouse.click(xOf(s, ms), s.top + s.height - 10);
}

const videoOf = (page: Page, cameraId: number) => page.locator(`[data-testid="playback-tile"][data-camera-id="${cameraId}"] video`);

/**
 * The camera's <video> plays: not paused, and its currentTime moves on. Returns the wall-clock
 * time shown under the player where it started (after a click: where the seek put it).
 */
async function plays(page: Page, cameraId: number): Promise<number> {
  const video = await videoOf(page, cameraId).elementHandle();
  const started = await page.waitForFunction((el) => {
    if (!(el instanceof HTMLVideoElement) || el.paused || el.readyState < 3 || el.dataset.moved === 'no') return false;
    const movedTo = el.dataset.moved === undefined ? null : Number(el.dataset.moved);
    return { clockMs: Number(document.querySelector('[data-testid="playback-clock"]')?.getAttribute('data-wall-ms')), t: el.currentTime, movedTo };
  }, video, { timeout: 60_000 });
  const { clockMs, t, movedTo } = (await started.jsonValue()) as { clockMs: number; t: number; movedTo: number | null };
  await page.waitForFunction(([el, t0]) => el instanceof HTMLVideoElement && el.currentTime > (t0 as number) + 0.5, [video, t] as const, { timeout: 30_000 });
  // This page may be polled late on a busy machine: count back to where the seek put the video.
  return movedTo === null ? clockMs : Math.round(clockMs - (t - movedTo) * 1000);
}

/** A picture for the README: every tile showing video (best effort), the page from its top. */
async function tidyForScreenshot(page: Page, tiles: number): Promise<void> {
  if (!SCREENSHOTS) return;
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="playback-tile"][data-phase="playing"]').length >= n, tiles, { timeout: 20_000 }).catch(() => undefined);
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
}

async function pick(page: Page, cameraName: string): Promise<void> {
  await page.getByTestId('camera-picker').click();
  await page.getByRole('option', { name: cameraName }).click();
  await page.keyboard.press('Escape');
}

describe('playback in Chromium, from real recordings', () => {
  it('plays back from any instant clicked on the timeline, in step with an H.265 camera, and downloads a clip (principal)', { timeout: 240_000 }, async () => {
    const page = await signIn('hieutruong');
    await page.locator('[data-nav="playback"]').click();
    await page.getByRole('heading', { name: 'Xem lại ghi hình' }).waitFor();
    await pick(page, 'Cổng chính');
    // R3.1: the reason first, once.
    await giveReason(page, 'Xử lý sự việc', 'Xem lại sự việc ở cổng trường lúc tan học');
    await expect(page.getByTestId('viewing-reason').innerText()).resolves.toContain('Xem lại sự việc ở cổng trường lúc tan học');

    const span = await firstSpan(page, 1);
    await zoomTo(page, span.startMs + 10_000, 3 * 60_000);
    const first = span.startMs + 6_000;
    await clickAt(page, first);
    // The instant clicked is on screen: the wall-clock time shown as it starts is that instant (±2 s).
    expect(Math.abs((await plays(page, 1)) - first)).toBeLessThan(2_500);
    // The clock under the player is Vietnam's wall-clock time of the frame, HH:mm:ss.
    await expect(page.getByTestId('playback-clock').innerText()).resolves.toMatch(/^\d\d:\d\d:\d\d$/);

    // Another instant: plays again from there.
    const second = span.startMs + 18_000;
    await clickAt(page, second);
    await page.waitForFunction((target) => {
      const ms = Number(document.querySelector('[data-testid="playback-clock"]')?.getAttribute('data-wall-ms'));
      return Math.abs(ms - target) < 1_500;
    }, second, { timeout: 20_000 });
    expect(Math.abs((await plays(page, 1)) - second)).toBeLessThan(2_500);

    // The H.265 camera joins, transcoded for the browser, in step with the first.
    await pick(page, 'Sân trường');
    await page.locator('[data-testid="playback-tile"][data-camera-id="2"]').waitFor();
    await clickAt(page, span.startMs + 8_000);
    await plays(page, 2);
    await plays(page, 1);
    await page.getByTestId('transcoded-badge').waitFor();
    const [t1, t2] = await Promise.all([1, 2].map((id) => videoOf(page, id).evaluate((el: HTMLVideoElement) => el.currentTime)));
    expect(Math.abs((t1 ?? 0) - (t2 ?? 0))).toBeLessThan(1.5);

    // A range on the timeline → a clip, with its own reason (R2.3).
    await page.getByTestId('select-range').click();
    const s = await timelineBox(page);
    const from = span.startMs + 2_000;
    const to = from + 12_000;
    await page.mouse.move(xOf(s, from), s.top + s.height - 10);
    await page.mouse.down();
    await page.mouse.move(xOf(s, (from + to) / 2), s.top + s.height - 10, { steps: 4 });
    await page.mouse.move(xOf(s, to), s.top + s.height - 10, { steps: 4 });
    await page.mouse.up();
    await page.getByTestId('selection-bar').waitFor();
    expect(await untranslatedKeys(page, KEY_PREFIXES)).toEqual([]);
    await tidyForScreenshot(page, 2);
    await screenshot(page, 'playback');
    await page.getByTestId('clip-button').click();
    await page.getByRole('dialog').getByText('không mã hóa lại').waitFor();
    const downloading = page.waitForEvent('download', { timeout: 60_000 });
    await giveReason(page, 'Trích xuất làm chứng cứ (Điều 4.3)', 'Lưu chứng cứ vụ việc ở cổng trường');
    const file = join(await tempDataDir(), 'clip.mp4');
    await (await downloading).saveAs(file);
    const clip = await probe(file);
    expect(clip.codec).toBe('h264');
    expect(clip.frames).toBeGreaterThan(200);
    expect(Math.abs(clip.durationSeconds - 12)).toBeLessThanOrEqual(2.5);

    const trail = (await running().server.vigil.auditRepo.search({ actor: 'hieutruong', action: 'footage.*' }, 50)).events;
    const playback = trail.filter((e) => e.action === 'footage.playback');
    expect(playback.map((e) => e.cameraId).sort()).toEqual(expect.arrayContaining([1, 2]));
    expect(playback.every((e) => e.reasonCode === 'incident' && e.reasonText === 'Xem lại sự việc ở cổng trường lúc tan học')).toBe(true);
    expect(trail.filter((e) => e.action === 'footage.clip').map((e) => `${e.cameraId}:${e.outcome}:${e.reasonCode}:${e.reasonText}`))
      .toEqual(['1:allowed:evidence:Lưu chứng cứ vụ việc ở cổng trường']);
    await page.context().close();
  });

  it('lets the guard play back on a phone, without a clip button (R2.3)', { timeout: 180_000 }, async () => {
    const page = await signIn('baove', { width: 360, height: 780 }, '/playback?cameras=1');
    await giveReason(page, 'Trực ca giám sát', 'Kiểm tra cổng trường trong ca trực');
    const span = await firstSpan(page, 1);
    await zoomTo(page, span.startMs + 10_000, 3 * 60_000);
    await clickAt(page, span.startMs + 6_000);
    await plays(page, 1);
    await expect(page.getByTestId('select-range').count()).resolves.toBe(0);
    await expect(page.getByTestId('clip-button').count()).resolves.toBe(0);
    await expect(page.getByText('Tải đoạn trích').count()).resolves.toBe(0);
    // 360 px: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await untranslatedKeys(page, KEY_PREFIXES)).toEqual([]);
    await tidyForScreenshot(page, 1);
    await screenshot(page, 'playback-360');
    await page.context().close();
  });
});
