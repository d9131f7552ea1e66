import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, ENTRY, type RunningVigil, fillLogin, launchChromium, newContext, screenshot, startRecordingVigil, untranslatedKeys } from './harness.js';

/**
 * R4.2 in Chromium, over a recording demo school: an outsider fills the public form on a phone
 * (no account) and gets a tracking code; the principal approves it on the Requests screen and
 * reads the one-time password once; the requester signs in with it, sets their own password, and
 * plays camera 1 back.
 */
const KEY_PREFIXES = Object.keys(JSON.parse(readFileSync('web/src/i18n/vi.json', 'utf8')) as Record<string, unknown>);

let server: RunningVigil | undefined;
let browser: Browser | undefined;
const running = () => {
  if (!server || !browser) throw new Error('not started');
  return { server, browser };
};

beforeAll(async () => {
  server = await startRecordingVigil(false, 2, 5);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** "dd/MM/yyyy HH:mm" in Vietnam's time, as the form's date fields take it. */
const vnTime = (ms: number) => new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
}).format(ms).replace(',', '');

interface Shown { startMs: number; endMs: number; left: number; top: number; width: number; height: number }

async function timelineBox(page: Page): Promise<Shown> {
  const tl = page.getByTestId('timeline');
  await tl.scrollIntoViewIfNeeded();
  const box = await tl.boundingBox();
  if (!box) throw new Error('no timeline');
  return { startMs: Number(await tl.getAttribute('data-view-start')), endMs: Number(await tl.getAttribute('data-view-end')), left: box.x, top: box.y, width: box.width, height: box.height };
}

const xOf = (s: Shown, ms: number) => s.left + ((ms - s.startMs) / (s.endMs - s.startMs)) * s.width;

/** Wheel-zoom around an instant until the view is at most `widthMs` wide, then click that instant. */
async function playFrom(page: Page, ms: number): Promise<void> {
  for (let i = 0; i < 12; i += 1) {
    const s = await timelineBox(page);
    if (s.endMs - s.startMs <= 3 * 60_000) break;
    await page.mouse.move(xOf(s, ms), s.top + s.height - 10);
    await page.mouse.wheel(0, -400);
    // The view redrawn, zoomed in.
    await page.waitForFunction(({ start, end }) => {
      const tl = document.querySelector('[data-testid="timeline"]');
      return tl?.getAttribute('data-view-start') !== start || tl.getAttribute('data-view-end') !== end;
    }, { start: String(s.startMs), end: String(s.endMs) });
  }
  const s = await timelineBox(page);
  await page.mouse.click(xOf(s, ms), s.top + s.height - 10);
}

describe('an outsider request in Chromium (R4.2)', () => {
  it('goes from the public form to the principal’s approval to the requester playing camera 1', { timeout: 240_000 }, async () => {
    const { server: school, browser: chromium } = running();

    // 1. The public form, on a phone, signed out.
    const outsider = await (await newContext(chromium, { width: 360, height: 780 })).newPage();
    await outsider.goto(`${school.url}/yeu-cau`);
    await outsider.getByTestId('request-form').waitFor();
    await outsider.locator('input[name="requesterName"]').fill('Trần Văn Bình');
    await outsider.locator('input[name="organisation"]').fill('Công an phường Ngọc Lâm');
    await outsider.locator('input[name="contactPhone"]').fill('0912 345 678');
    await outsider.getByTestId('request-purpose').click();
    await outsider.getByRole('option', { name: 'Cơ quan công an' }).click();
    await outsider.locator('textarea[name="places"]').fill('Cổng chính');
    await outsider.locator('input[name="cameraNumbers"]').fill('1');
    // Up to an hour from now: the footage being recorded is covered.
    await outsider.locator('input[name="to"]').fill(vnTime(Date.now() + 3_600_000));
    await outsider.locator('textarea[name="legalBasis"]').fill('Công văn số 125/CAP-ĐTTH ngày 01/12/2026');
    await outsider.locator('textarea[name="description"]').fill('Xác minh vụ va chạm giao thông trước cổng trường lúc tan học.');
    expect(await untranslatedKeys(outsider, KEY_PREFIXES)).toEqual([]);
    expect(await outsider.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(outsider, 'request-form-360');
    await outsider.getByTestId('request-send').click();
    const code = (await outsider.getByTestId('tracking-code').innerText()).trim();
    expect(code).toMatch(/^YC-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    // The tracking page says it waits for the principal.
    await outsider.getByRole('link', { name: 'Tra cứu kết quả' }).click();
    await outsider.locator('[data-testid="request-status"][data-state="submitted"]').waitFor();
    await expect(outsider.getByTestId('request-status').innerText()).resolves.toContain('Chờ Hiệu trưởng duyệt');

    // 2. The principal approves it on the Requests screen; the one-time password is shown once.
    const principal = await (await newContext(chromium)).newPage();
    await principal.goto(school.url + ENTRY);
    await fillLogin(principal, 'hieutruong', DEMO_PASSWORD);
    await principal.locator('[data-nav="requests"]').click();
    await principal.locator(`[data-request="${code}"] [data-testid="request-link"]`).first().click();
    await principal.locator('[data-testid="request-detail"][data-state="submitted"]').waitFor();
    await principal.getByTestId('request-approve').click();
    await principal.getByTestId('approve-form').waitFor();
    expect(await untranslatedKeys(principal, KEY_PREFIXES)).toEqual([]);
    await principal.getByTestId('approve-confirm').click();
    const username = (await principal.getByTestId('requester-username').innerText()).trim();
    const oneTime = (await principal.getByTestId('requester-password').innerText()).trim();
    expect(username).toBe(code.toLowerCase());
    await screenshot(principal, 'request-approved', false);
    await principal.getByTestId('approve-close').click();
    await principal.locator('[data-testid="request-detail"][data-state="approved"]').waitFor();
    await principal.getByTestId('request-grant').waitFor();
    await screenshot(principal, 'request-detail');

    // The requester looks the code up again: approved, with its validity.
    await outsider.getByRole('button', { name: 'Tra cứu' }).click();
    await outsider.locator('[data-testid="request-status"][data-state="approved"]').waitFor();

    // 3. The requester signs in with the one-time password, sets their own, and plays camera 1 back.
    const requester = await (await newContext(chromium)).newPage();
    await requester.goto(school.url + ENTRY);
    await fillLogin(requester, username, oneTime);
    await requester.getByText('Trước khi tiếp tục, hãy đặt mật khẩu mới').waitFor();
    await requester.locator('input[name="currentPassword"]').fill(oneTime);
    await requester.locator('input[name="newPassword"]').fill('Đề-nghị-xem-2026!');
    await requester.locator('input[name="confirmPassword"]').fill('Đề-nghị-xem-2026!');
    await requester.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await requester.getByTestId('user-menu').waitFor();
    // The overview says what was granted, and opens playback on its cameras and day.
    await requester.goto(`${school.url}/`);
    await expect(requester.getByTestId('my-grants').innerText()).resolves.toContain('Cổng chính');
    await requester.getByTestId('my-grant-play').click();
    const dialog = requester.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('reason-code').click();
    await requester.getByRole('option', { name: 'Theo đề nghị đã được Hiệu trưởng duyệt (Điều 4.2)' }).click();
    await dialog.getByTestId('reason-text').fill(`Xem theo đề nghị ${code}`);
    await dialog.getByRole('button', { name: 'Bắt đầu xem' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const span = requester.locator('[data-lane="1"] [data-span-start]').first();
    await span.waitFor({ state: 'attached' });
    const spanStart = Number(await span.getAttribute('data-span-start'));
    await playFrom(requester, spanStart + 6_000);
    const video = await requester.locator('[data-testid="playback-tile"][data-camera-id="1"] video').elementHandle();
    const started = await requester.waitForFunction((el) => el instanceof HTMLVideoElement && !el.paused && el.readyState >= 3 && el.currentTime, video, { timeout: 60_000 });
    const t0 = Number(await started.jsonValue());
    await requester.waitForFunction(([el, t]) => el instanceof HTMLVideoElement && el.currentTime > (t as number) + 0.5, [video, t0] as const, { timeout: 30_000 });
    await screenshot(requester, 'request-playback');

    const trail = (await school.vigil.auditRepo.search({ actor: username, action: 'footage.playback' }, 20)).events;
    expect(trail.some((e) => e.outcome === 'allowed' && e.cameraId === 1 && e.reasonCode === 'approved_request')).toBe(true);
    for (const p of [outsider, principal, requester]) await p.context().close();
  });
});
