import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camsim } from '../../tools/camsim/camsim.js';
import { DEMO_PASSWORD, ENTRY, type RunningVigil, fillLogin, launchChromium, newContext, screenshot, startRecordingVigil, untranslatedKeys } from './harness.js';

const vi_ = JSON.parse(readFileSync('web/src/i18n/vi.json', 'utf8')) as Record<string, unknown>;
const KEY_PREFIXES = Object.keys(vi_);

let school: RunningVigil & { camsim: Camsim };
let browser: Browser;

beforeAll(async () => {
  // 5 s segments: the health page has two of each camera's sooner.
  [school, browser] = await Promise.all([startRecordingVigil(false, 2, 5), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await school?.close();
});

/** Signed in through the form, on `path` (opened as from a bookmark: the sign-in comes first). */
async function signedIn(username: string, size?: { width: number; height: number }, path = ENTRY): Promise<Page> {
  const page = await (await newContext(browser, size)).newPage();
  await page.goto(school.url + path);
  await fillLogin(page, username, DEMO_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  return page;
}

async function noUntranslatedKeys(page: Page, where: string): Promise<void> {
  expect(await untranslatedKeys(page, KEY_PREFIXES), where).toEqual([]);
}

/** A write from the signed-in page itself, with its session's CSRF token. */
const apiFromPage = (page: Page, method: string, path: string, body: unknown) =>
  page.evaluate(async ({ method, path, body }) => {
    const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
    const res = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { code: string; message: string } };
  }, { method, path, body });

describe('the camera registry (R8.1), for the equipment officer', () => {
  it('shows the server’s Vietnamese message under a wrong URL, then adds, edits and tests the camera', async () => {
    const page = await signedIn('thietbi', { width: 1280, height: 1900 });
    await page.locator('[data-nav="cameras"]').click();
    await page.getByTestId('add-camera').click();
    const form = page.getByTestId('camera-form');
    await form.waitFor();
    await page.locator('input[name="name"]').fill('Cổng phụ');
    await page.locator('input[name="location"]').fill('Cổng sau, phố Trần Phú');
    await page.locator('input[name="mainUrl"]').fill('http://192.168.1.64/video');
    await page.getByRole('button', { name: 'Thêm camera' }).click();
    await form.getByText('Đường dẫn phải là RTSP, ví dụ rtsp://192.168.1.10:554/stream1').waitFor();
    await form.getByText('Một số trường chưa đúng').waitFor();
    expect(new URL(page.url()).pathname).toBe('/cameras/new');

    // R6: the owner defaults to the guards.
    expect(await page.getByRole('textbox', { name: 'Đơn vị quản lý' }).inputValue()).toContain('Tổ bảo vệ');
    await page.locator('input[name="mainUrl"]').fill('rtsp://127.0.0.1:1/cong-phu');
    await page.locator('input[name="cameraUsername"]').fill('admin');
    await page.locator('input[name="cameraPassword"]').fill('Mk-Camera-2026');
    await page.getByRole('button', { name: 'Thêm camera' }).click();
    await page.getByText('Đã thêm camera Cổng phụ').waitFor();
    await page.waitForURL(/\/cameras\/\d+\/edit$/);
    await page.getByRole('heading', { name: 'Sửa camera: Cổng phụ' }).waitFor();
    // The stored password is never shown: the fields come back empty, the username masked.
    expect(await page.locator('input[name="cameraPassword"]').inputValue()).toBe('');
    await expect(page.getByTestId('credentials-note').innerText()).resolves.toContain('a••••');
    expect(await page.content()).not.toContain('Mk-Camera-2026');

    await page.locator('input[name="location"]').fill('Cổng sau, phố Trần Phú — cạnh nhà xe');
    await page.getByRole('switch', { name: 'Đã đặt biển “Khu vực có camera giám sát”' }).check({ force: true });
    // dd/mm/yyyy whatever the browser's language.
    await page.locator('input[name="signCheckedAt"]').fill('31/11/2026');
    await page.getByText('Nhập ngày theo dạng ngày/tháng/năm').waitFor();
    await page.locator('input[name="signCheckedAt"]').fill('20/11/2026');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu thay đổi của camera Cổng phụ').waitFor();
    await expect(page.locator('input[name="signCheckedAt"]').inputValue()).resolves.toBe('20/11/2026');

    // Nothing listens there: the reason, in Vietnamese.
    await page.getByTestId('probe-button').click();
    const result = page.getByTestId('probe-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-reachable')).toBe('false');
    await expect(result.innerText()).resolves.toContain('Camera từ chối kết nối');

    // Pointed at a real (simulated) camera, the same test says what it sends.
    await page.locator('input[name="mainUrl"]').fill(school.camsim.url(1));
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/cameras/')),
      page.getByRole('button', { name: 'Lưu thay đổi' }).click(),
    ]);
    await expect(page.locator('input[name="mainUrl"]').inputValue()).resolves.toBe(school.camsim.url(1));
    await page.getByTestId('probe-button').click();
    await page.locator('[data-testid="probe-result"][data-reachable="true"]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('probe-result').innerText()).resolves.toContain('1920×1080');
    await noUntranslatedKeys(page, 'camera form');
    await screenshot(page, 'camera-form');
    await page.context().close();
  });

  it('refuses to record a toilet camera (R2.1), in the form and at the API', async () => {
    const page = await signedIn('thietbi', undefined, '/cameras/new');
    await page.getByRole('textbox', { name: 'Loại khu vực' }).click();
    await page.getByRole('option', { name: /Nhà vệ sinh/ }).click();
    await expect(page.getByTestId('banned-area').innerText()).resolves.toContain('Không được bật ghi hình camera ở nhà vệ sinh, phòng thay đồ hoặc phòng ngủ (Điều 2.1)');
    const enabled = page.getByRole('switch', { name: 'Bật ghi hình' });
    expect(await enabled.isDisabled()).toBe(true);
    expect(await enabled.isChecked()).toBe(false);
    const refused = await apiFromPage(page, 'POST', '/api/cameras', { name: 'WC tầng 1', location: 'Khu A', areaType: 'toilet', mainUrl: 'rtsp://127.0.0.1:1/wc', enabled: true });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('Không được bật ghi hình camera ở nhà vệ sinh');
    await page.context().close();
  });

  it('does not offer to delete a camera that has recordings (R2.3)', async () => {
    const page = await signedIn('thietbi', undefined, '/cameras/1/edit');
    await expect(page.getByTestId('delete-locked').innerText()).resolves.toContain('đã có dữ liệu ghi hình nên không thể xóa');
    expect(await page.getByRole('button', { name: 'Xóa camera' }).isDisabled()).toBe(true);
    await page.context().close();
  });
});

describe('camera health (R8.2)', () => {
  it('shows every camera with its recorded share, bitrate and frame rate, and charts per hour', async () => {
    const page = await signedIn('thietbi', { width: 1280, height: 1500 });
    await page.locator('[data-nav="health"]').click();
    const list = page.getByTestId('health-list');
    await list.waitFor();
    await page.locator('[data-camera="Cổng chính"] [data-uptime]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-camera]').count()).toBeGreaterThanOrEqual(4);
    const gate = page.locator('[data-camera="Cổng chính"]');
    expect(Number(await gate.locator('[data-uptime]').getAttribute('data-uptime'))).toBeGreaterThan(0);
    await expect(gate.innerText()).resolves.toMatch(/25 khung hình\/giây[\s\S]*1920×1080/);
    await expect(gate.innerText()).resolves.toMatch(/(kbit|Mbit)\/s/);
    await page.getByTestId('chart-coverage').locator('rect[data-bar]').first().waitFor();
    await page.getByTestId('chart-bitrate').locator('rect[data-bar]').first().waitFor();
    await page.getByText('7 ngày', { exact: true }).click();
    await page.waitForURL(/window=7d/);
    await page.getByTestId('chart-coverage').locator('rect[data-bar]').first().waitFor();
    await noUntranslatedKeys(page, 'health');
    await page.getByText('24 giờ', { exact: true }).click();
    await page.getByTestId('chart-bitrate').locator('rect[data-bar]').first().waitFor();
    await screenshot(page, 'health');
    // And in English, whole.
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Camera health', exact: true }).waitFor();
    await page.getByText('Share of each hour recorded').waitFor();
    await noUntranslatedKeys(page, 'health in English');
    await page.context().close();
  });
});

describe('users and roles, for the admin', () => {
  it('creates an account whose one-time password signs in once, to be changed at once', async () => {
    const page = await signedIn('quantri');
    await page.locator('[data-nav="users"]').click();
    await page.getByTestId('user-list').waitFor();
    await page.getByTestId('add-user').click();
    await page.locator('input[name="newUsername"]').fill('giaovien3');
    await page.locator('input[name="fullName"]').fill('Trần Thị Cúc');
    await page.getByLabel('Giáo viên, nhân viên').check();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const otp = page.getByTestId('one-time-password');
    await otp.waitFor();
    const password = (await otp.innerText()).trim();
    expect(password.length).toBeGreaterThanOrEqual(10);
    await page.getByText('Mật khẩu này chỉ hiện một lần').waitFor();
    await page.getByRole('button', { name: 'Sao chép' }).waitFor();
    await page.getByRole('button', { name: 'Tôi đã ghi lại' }).click();
    await page.locator('[data-user="giaovien3"]').getByText('Chờ đổi mật khẩu').waitFor();
    await noUntranslatedKeys(page, 'users');
    await screenshot(page, 'users');

    const newcomer = await (await newContext(browser)).newPage();
    await newcomer.goto(school.url + ENTRY);
    await fillLogin(newcomer, 'giaovien3', password);
    await newcomer.locator('input[name="newPassword"]').waitFor();
    await newcomer.context().close();
    await page.context().close();
  });

  it('gives the admin no audit log: not in the menu, 403 from the API', async () => {
    const page = await signedIn('quantri');
    await page.locator('[data-nav="users"]').waitFor();
    await expect(page.locator('[data-nav="audit"]').count()).resolves.toBe(0);
    expect(await page.evaluate(async () => (await fetch('/api/audit')).status)).toBe(403);
    for (const path of ['/storage', '/units', '/settings']) {
      await page.goto(school.url + path);
      await page.locator('main h1').first().waitFor();
      await page.locator('main').getByRole('button', { name: /Lưu|Thêm đơn vị/ }).first().waitFor();
      await noUntranslatedKeys(page, path);
      await screenshot(page, path.slice(1));
    }
    // R3.2, R5.2: retention shorter than the review cycle is refused, with the server's reason under the field.
    await page.goto(`${school.url}/storage`);
    await page.locator('input[name="retentionDays"]').fill('10');
    await page.getByTestId('retention-form').getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByTestId('retention-form').getByText(/Thời hạn lưu trữ phải từ \d+ ngày trở lên/).waitFor();
    await page.context().close();
  });
});

describe('the audit log, for the principal', () => {
  it('finds the camera the equipment officer added, loads older events, and says the chain is intact', async () => {
    // Someone tries to guess a password: every failure and the lockout are on the log.
    for (let i = 0; i < 30; i += 1) {
      await fetch(`${school.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'hieutruong2', password: `doan-${i}` }) });
    }
    const page = await signedIn('hieutruong');
    await page.locator('[data-nav="audit"]').click();
    await page.getByTestId('audit-list').waitFor();
    await page.getByTestId('load-more').click();
    await page.locator('[data-testid="audit-list"] [data-action]').nth(50).waitFor();
    await page.getByRole('textbox', { name: 'Người thực hiện' }).fill('thietbi');
    await page.locator('[data-actor="thietbi"][data-action="camera.create"]').waitFor();
    // Only hers, once the filter has been applied.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('[data-testid="audit-list"] [data-actor]')].every((r) => r.dataset.actor === 'thietbi'));
    await expect(page.locator('[data-action="camera.create"]').first().innerText()).resolves.toContain('Thêm camera');
    await page.getByTestId('verify-button').click();
    const verdict = page.getByTestId('verify-result');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    await expect(verdict.innerText()).resolves.toContain('Nhật ký kiểm toán toàn vẹn');
    await noUntranslatedKeys(page, 'audit');
    await screenshot(page, 'audit');
    await page.context().close();
  });
});

describe('at 360 px', () => {
  it('turns the tables into cards that fit the phone', async () => {
    for (const [who, path, list] of [['thietbi', '/health', 'health-list'], ['quantri', '/users', 'user-list'], ['hieutruong', '/audit', 'audit-list'], ['hieutruong', '/storage', 'disk-card']] as const) {
      const page = await signedIn(who, { width: 360, height: 740 }, path);
      await page.getByTestId(list).waitFor();
      if (path === '/health') await page.locator('[data-camera="Cổng chính"] [data-uptime]').waitFor({ timeout: 30_000 });
      await expect(page.locator('table').count(), path).resolves.toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
      await screenshot(page, `mobile-360${path.replace('/', '-')}`, false);
      await page.context().close();
    }
  });
});
