import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../integration/helpers.js';
import { DEMO_PASSWORD, ENTRY, type RunningVigil, fillLogin, launchChromium, newContext, screenshot, startRecordingVigil, untranslatedKeys } from './harness.js';

// The guard's live wall over the real camera simulator: cameras 1–3 stream (2 in H.265), camera 4 is offline.
const KEY_PREFIXES = Object.keys(JSON.parse(readFileSync('web/src/i18n/vi.json', 'utf8')) as Record<string, unknown>);
const SINCE = /^Mất tín hiệu từ \d\d\/\d\d\/\d{4} \d\d:\d\d$/;

let server: RunningVigil | undefined;
let browser: Browser | undefined;
beforeAll(async () => {
  [server, browser] = await Promise.all([startRecordingVigil(false, 1, 5), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
const running = () => {
  if (!server || !browser) throw new Error('not started');
  return { server, browser };
};

/** The guard signed in through the form, on `path` (opened as from a bookmark: the sign-in comes first). */
async function guardOnWall(size?: { width: number; height: number }, path = ENTRY): Promise<Page> {
  const page = await (await newContext(running().browser, size)).newPage();
  await page.goto(running().server.url + path);
  await fillLogin(page, 'baove', DEMO_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  return page;
}

const tile = (page: Page, name: string) => page.getByTestId('live-wall').locator(`[data-camera="${name}"]`);
const wallNames = (page: Page) => page.getByTestId('live-wall').locator('[data-camera]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.camera));

/** The current time of each <video> under `scope`, by camera name. */
const videoTimes = (scope: Locator) => scope.locator('[data-camera]').evaluateAll((els) =>
  Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.camera ?? '', e.querySelector('video')?.currentTime ?? -1])));

/** Cameras whose picture moved on over two seconds (sampled twice, as a person glancing would). */
async function advancing(scope: Locator): Promise<string[]> {
  const before = await videoTimes(scope);
  await scope.page().waitForTimeout(2000);
  const after = await videoTimes(scope);
  return Object.keys(after).filter((name) => (after[name] ?? -1) > (before[name] ?? -1) && (before[name] ?? -1) >= 0);
}

describe('the live wall in Chromium', () => {
  it('plays the guard’s cameras, says which is offline since when and why, goes full screen on the main stream, and is audited', async () => {
    const page = await guardOnWall();
    await page.locator('[data-nav="live"]').click();
    await page.getByTestId('live-wall').waitFor();
    // His scope: the gate, the yard and the stairs; not grade 1's corridor (another unit's camera).
    expect(await wallNames(page)).toEqual(['Cổng chính', 'Sân trường', 'Cầu thang khu B']);
    await expect(page.getByText('Hành lang tầng 2').count()).resolves.toBe(0);

    await page.waitForFunction(() => document.querySelectorAll('[data-testid="live-wall"] [data-state="live"]').length >= 2, null, { timeout: 45_000 });
    expect((await advancing(page.getByTestId('live-wall'))).sort()).toEqual(['Cổng chính', 'Sân trường']);
    // The H.265 camera plays, transcoded by the server, and says so.
    await expect(tile(page, 'Sân trường').getByTestId('transcoded').innerText()).resolves.toMatch(/H\.265 · chuyển mã/i);

    const stairs = tile(page, 'Cầu thang khu B');
    await page.waitForFunction(() => document.querySelector('[data-testid="live-wall"] [data-camera="Cầu thang khu B"]')?.getAttribute('data-state') === 'offline', null, { timeout: 45_000 });
    expect(await stairs.getByTestId('tile-title').innerText()).toMatch(SINCE);
    expect((await stairs.getByTestId('tile-reason').innerText()).length).toBeGreaterThan(10);
    await expect(stairs.locator('[data-recording="false"]').innerText()).resolves.toBe('Không ghi hình');
    expect(await untranslatedKeys(page, KEY_PREFIXES)).toEqual([]);
    await screenshot(page, 'live-wall');

    // Double-click: the gate's main stream over the whole screen; Esc leaves.
    await tile(page, 'Cổng chính').dblclick();
    const focus = page.getByTestId('live-focus');
    await focus.locator('[data-camera="Cổng chính"][data-stream="main"]').waitFor();
    await focus.locator('[data-state="live"]').waitFor({ timeout: 45_000 });
    expect(await advancing(focus)).toEqual(['Cổng chính']);
    // Chromium grants the Fullscreen API to the double-click; the overlay covers the page either way.
    expect(await page.evaluate(() => document.fullscreenElement?.tagName)).toBe('HTML');
    await screenshot(page, 'live-fullscreen', false);
    await page.keyboard.press('Escape');
    await focus.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
    // The wall stopped its streams while covered, and plays again.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="live-wall"] [data-state="live"]').length >= 2, null, { timeout: 45_000 });
    await page.context().close();

    // Each live view was audited when it started and when it ended, the main stream's too (R3.1).
    const vigil = running().server.vigil;
    const trail = await waitFor('an end for every live view in the audit log', async () => {
      const events = (await vigil.auditRepo.search({ actor: 'baove', action: 'footage.*' }, 50)).events;
      const starts = events.filter((e) => e.action === 'footage.live');
      const ends = events.filter((e) => e.action === 'footage.live.end');
      return starts.length > 0 && ends.length === starts.length ? events : null;
    }, 20_000);
    const views = (action: string) => new Set(trail.filter((e) => e.action === action).map((e) => `${e.cameraId}/${String(e.detail.stream)}`));
    expect(views('footage.live')).toEqual(new Set(['1/sub', '2/sub', '4/sub', '1/main']));
    expect(views('footage.live.end')).toEqual(views('footage.live'));
    expect(trail.every((e) => e.reasonCode === 'duty' && e.outcome === 'allowed')).toBe(true);
  });

  it('fits a phone at 360 px: one column, groups, and the grid kept for next time', async () => {
    const page = await guardOnWall({ width: 360, height: 740 }, '/live');
    const wall = page.getByTestId('live-wall');
    await wall.waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="live-wall"] [data-state="live"]').length >= 2, null, { timeout: 45_000 });
    const widths = await wall.locator('[data-camera]').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
    expect(new Set(widths).size).toBe(1);
    expect(widths[0]).toBeGreaterThan(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await untranslatedKeys(page, KEY_PREFIXES)).toEqual([]);
    await screenshot(page, 'live-wall-360');

    // The cameras needing attention: only the stairs.
    await page.getByTestId('live-group').click();
    await page.getByRole('option', { name: /^Cần chú ý/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="live-wall"] [data-camera]').length === 1);
    expect(await wallNames(page)).toEqual(['Cầu thang khu B']);

    // One tile per page, kept after a reload.
    await page.getByTestId('live-group').click();
    await page.getByRole('option', { name: /^Tất cả camera/ }).click();
    await page.getByTestId('live-grid').getByText('1', { exact: true }).click();
    await expect(wallNames(page)).resolves.toEqual(['Cổng chính']);
    await page.reload();
    await wall.waitFor();
    expect(await wall.getAttribute('data-grid')).toBe('1');
    expect(await wallNames(page)).toEqual(['Cổng chính']);
    await page.context().close();
  });
});
