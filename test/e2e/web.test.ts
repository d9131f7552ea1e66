import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { webRoutes } from '../../src/server/http/routes/web.js';
import { DEMO_PASSWORD, ENTRY, SCREENSHOTS, fillLogin, goHome, newContext, screenshot, serverAndBrowser, untranslatedKeys } from './harness.js';

const vi = JSON.parse(readFileSync('web/src/i18n/vi.json', 'utf8')) as Record<string, unknown>;
const KEY_PREFIXES = Object.keys(vi);
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

const running = serverAndBrowser(false);

async function signedInPage(username: string, size?: { width: number; height: number }): Promise<Page> {
  const page = await (await newContext(running.browser(), size)).newPage();
  await page.goto(running.server().url + ENTRY);
  await fillLogin(page, username, DEMO_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  return page;
}

/** Mantine slides the closed mobile menu out of view rather than hiding it: wait until it is out. */
async function slidOut(l: Locator): Promise<void> {
  await l.page().waitForFunction((el) => el !== null && el.getBoundingClientRect().right <= 0, await l.elementHandle(), { timeout: 5000 });
}

const cameraNames = (page: Page) => page.locator('[data-camera]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.camera));

describe('the web app, signed in through the form', () => {
  it("shows the guard exactly his scope's cameras (not grade 1's corridor)", async () => {
    const page = await (await newContext(running.browser())).newPage();
    await page.goto(`${running.server().url}/cameras`);
    await page.locator('input[name="username"]').waitFor();
    await screenshot(page, 'login');
    await fillLogin(page, 'baove', DEMO_PASSWORD);
    await page.getByTestId('camera-table').waitFor();
    expect(await cameraNames(page)).toEqual(['Cổng chính', 'Sân trường', 'Cầu thang khu B']);
    await expect(page.getByText('Hành lang tầng 2').count()).resolves.toBe(0);
    // The guard's header: his full name and role, the school.
    await expect(page.getByTestId('user-menu').innerText()).resolves.toContain('Lê Văn Hùng');
    await expect(page.getByTestId('user-menu').innerText()).resolves.toContain('Bảo vệ');
    await page.getByText('Trường Tiểu học Đoàn Khuê').first().waitFor();
    await expect(page.locator('[data-health="offline"]').count()).resolves.toBe(3);
    await screenshot(page, 'cameras');
    await page.context().close();
  });

  it('speaks Vietnamese with its diacritics, shows no untranslated key, and switches to English', async () => {
    const page = await signedInPage('baove');
    await goHome(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    const check = async (where: string) => {
      expect(await untranslatedKeys(page, KEY_PREFIXES), where).toEqual([]);
      expect(await page.locator('body').innerText(), where).toMatch(VIETNAMESE_LETTERS);
    };
    await check('/');
    // Vietnam's time, dd/MM/yyyy HH:mm, though this browser lives in New York.
    const expiresAt = await page.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { session: { expiresAt: number } }).session.expiresAt);
    const inHanoi = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }).format(expiresAt).replace(',', '');
    expect(inHanoi).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    await expect(page.getByTestId('account-card').innerText()).resolves.toContain(inHanoi);
    for (const path of ['/cameras', '/account/password', '/account/two-factor', '/khong-co-trang-nay']) {
      await page.goto(running.server().url + path);
      await page.locator('main h1').first().waitFor();
      await check(path);
    }
    await goHome(page);
    await expect(page.locator('nav').innerText()).resolves.toMatch(/Tổng quan[\s\S]*Camera/);
    await expect(page.getByTestId('count-offline').innerText()).resolves.toContain('Mất tín hiệu');

    await page.getByText('EN', { exact: true }).click();
    await page.locator('nav').filter({ hasText: 'Overview' }).waitFor();
    await expect(page.locator('nav').innerText()).resolves.toMatch(/Overview[\s\S]*Cameras/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect(page.getByTestId('count-offline').innerText()).resolves.toContain('Offline');
    await page.locator('nav').getByText('Cameras').click();
    await page.getByTestId('camera-table').waitFor();
    await expect(page.getByTestId('camera-table').innerText()).resolves.toContain('Gate');
    expect(await untranslatedKeys(page, KEY_PREFIXES)).toEqual([]);
    // The choice stays after a reload, and the server answers in English too.
    await page.reload();
    await page.locator('nav').filter({ hasText: 'Overview' }).waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await fillLogin(page, 'baove', 'not the password');
    await expect(page.getByTestId('api-error').innerText()).resolves.toContain('Wrong username or password');
    await page.context().close();
  });

  it("shows the server's own Vietnamese message for a wrong password", async () => {
    const page = await (await newContext(running.browser())).newPage();
    await page.goto(running.server().url + ENTRY);
    await fillLogin(page, 'baove', 'Sai-mat-khau-1');
    const alert = page.getByTestId('api-error');
    await expect(alert.innerText()).resolves.toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(await page.locator('input[name="username"]').inputValue()).toBe('baove');
    await page.context().close();
  });

  it('gives the teacher no Cameras menu entry, and the API refuses him', async () => {
    const page = await signedInPage('giaovien');
    // He asked for the cameras' address: told he may not, no camera shown, and the API agrees.
    await page.getByText('Bạn không có quyền xem trang này').waitFor();
    await expect(page.locator('[data-camera]').count()).resolves.toBe(0);
    expect(await page.evaluate(async () => (await fetch('/api/cameras')).status)).toBe(403);
    await expect(page.locator('nav').innerText()).resolves.toContain('Tổng quan');
    await expect(page.locator('[data-nav="cameras"]').count()).resolves.toBe(0);
    await goHome(page);
    await page.getByText('Tài khoản của bạn không có quyền xem camera').waitFor();
    await page.context().close();
  });

  it('opens the menu from the burger at 360 px, with the demo notice for the principal', async () => {
    const page = await signedInPage('hieutruong', { width: 360, height: 740 });
    await page.getByTestId('camera-cards').waitFor();
    await expect(page.getByTestId('demo-notice').innerText()).resolves.toContain('Bản trình diễn: không bắt buộc xác thực hai lớp');
    const cameras = page.locator('[data-nav="cameras"]');
    await slidOut(page.locator('nav'));
    const home = page.locator('[data-nav="home"]');
    await page.getByRole('button', { name: 'Mở hoặc đóng danh mục' }).click();
    await home.waitFor({ state: 'visible' });
    if (SCREENSHOTS) await page.waitForTimeout(400); // the menu slides in, for the picture
    await screenshot(page, 'mobile-360-menu', false);
    await home.click();
    await page.getByTestId('count-offline').waitFor();
    await slidOut(page.locator('nav'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'mobile-360-home');
    await page.getByRole('button', { name: 'Mở hoặc đóng danh mục' }).click();
    await cameras.click();
    await page.getByTestId('camera-cards').waitFor();
    expect(await cameraNames(page)).toHaveLength(4);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'mobile-360');
    await page.context().close();
  });

  it('makes a new account choose its own password, then lets it change it and sign out everywhere', async () => {
    const created = await running.server().vigil.accounts.add(
      { username: 'giaovien2', fullName: 'Trần Thị Bích', roles: ['staff'] },
      { name: 'quantri', role: 'admin', ip: null, userAgent: 'e2e' },
    );
    const given = created.oneTimePassword ?? '';
    const page = await (await newContext(running.browser())).newPage();
    await page.goto(running.server().url + ENTRY);
    await fillLogin(page, 'giaovien2', given);
    await page.locator('input[name="newPassword"]').waitFor();
    await page.locator('input[name="currentPassword"]').fill(given);
    await page.locator('input[name="newPassword"]').fill('ngan');
    await page.getByText('Mật khẩu cần ít nhất 10 ký tự.').waitFor();
    await page.locator('input[name="newPassword"]').fill('Truong-DoanKhue-1');
    await page.locator('input[name="confirmPassword"]').fill('Truong-DoanKhue-1');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await goHome(page);
    await page.getByText('Xin chào, Trần Thị Bích').waitFor();

    // A second device signed in to the same account.
    const other = await (await newContext(running.browser())).newPage();
    await other.goto(running.server().url + ENTRY);
    await fillLogin(other, 'giaovien2', 'Truong-DoanKhue-1');
    await other.getByTestId('user-menu').waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Đổi mật khẩu' }).click();
    await page.locator('input[name="currentPassword"]').fill('Truong-DoanKhue-1');
    await page.locator('input[name="newPassword"]').fill('Truong-DoanKhue-2');
    await page.locator('input[name="confirmPassword"]').fill('Truong-DoanKhue-2');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Số phiên khác đã bị đăng xuất: 1').waitFor();
    await other.reload();
    await other.locator('input[name="username"]').waitFor();

    await other.goto(running.server().url + ENTRY);
    await fillLogin(other, 'giaovien2', 'Truong-DoanKhue-2');
    await other.getByTestId('user-menu').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
    await page.locator('input[name="username"]').waitFor();
    await other.reload();
    await other.locator('input[name="username"]').waitFor();
    await page.context().close();
    await other.context().close();
  });
});

describe('serving the web app', () => {
  it('serves index.html for app addresses, hashed assets for a year, and JSON 404s under /api', async () => {
    const page = await (await newContext(running.browser())).newPage();
    const res = await page.goto(`${running.server().url}/cameras?x=1`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['cache-control']).toBe('no-cache');
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    const asset = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"]')?.src ?? '');
    const a = await fetch(asset);
    expect(a.status).toBe(200);
    expect(a.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const api = await fetch(`${running.server().url}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { code: string }).code).toBe('not_found');
    expect((await fetch(`${running.server().url}/assets/missing-file.js`)).status).toBe(404);
    expect((await fetch(`${running.server().url}/missing.png`)).status).toBe(404);
    expect((await fetch(`${running.server().url}/assets/..%2f..%2fpackage.json`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${running.server().url}/favicon.svg`)).headers.get('content-type')).toContain('image/svg+xml');
    await page.context().close();
  });

  it('says in both languages to run npm run build when web/dist is missing', async () => {
    const app = Fastify();
    await app.register(webRoutes(running.server().vigil, join(tmpdir(), 'vigil-no-web-dist')));
    try {
      const res = await app.inject({ method: 'GET', url: '/cameras' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
      expect(res.body).toContain('Giao diện web chưa được build');
      expect(res.body).toContain('The web app has not been built');
    } finally {
      await app.close();
    }
  });
});
