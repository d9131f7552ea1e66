import type { Page } from 'playwright-core';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, ENTRY, fillLogin, goHome, newContext, screenshot, serverAndBrowser } from './harness.js';

// `vigil serve`: leadership and admin must enrol a second factor (no demo relaxation).
const running = serverAndBrowser(true);

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Đăng xuất', exact: true }).click();
  await page.locator('input[name="username"]').waitFor();
}

describe('two-factor sign-in in the browser', () => {
  it('enrols the principal: QR code and key, a first code, ten recovery codes shown once; then signs in with either', async () => {
    const page = await (await newContext(running.browser())).newPage();
    await page.goto(running.server().url + ENTRY);
    await fillLogin(page, 'hieutruong', DEMO_PASSWORD);

    const qr = page.getByTestId('totp-qr');
    await qr.waitFor();
    expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await screenshot(page, 'enrolment');

    await page.locator('input[name="code"]').fill('12345');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Mã xác thực gồm 6 chữ số.').waitFor();
    await page.locator('input[name="code"]').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    const list = page.getByTestId('recovery-codes');
    await list.waitFor();
    const codes = (await list.innerText()).split(/\s+/).filter(Boolean);
    expect(codes).toHaveLength(10);
    await screenshot(page, 'enrolment-recovery-codes');
    await page.getByRole('button', { name: 'Tôi đã lưu các mã này' }).click();
    await goHome(page);
    await page.getByText('Xin chào, Nguyễn Thị Lan').waitFor();
    await expect(page.getByTestId('demo-notice').count()).resolves.toBe(0);
    await page.getByText('Đang bật (còn 10 mã khôi phục)').waitFor();

    // Next time: the code step, here with a recovery code (the phone is lost).
    await signOut(page);
    await fillLogin(page, 'hieutruong', DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Mất điện thoại? Dùng mã khôi phục' }).click();
    await page.locator('input[name="recoveryCode"]').fill(codes[0] ?? '');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await goHome(page);
    await page.getByText('Đang bật (còn 9 mã khôi phục)').waitFor();

    // And with the app's code (the next 30-second step: the one used to enrol cannot be replayed).
    await signOut(page);
    await fillLogin(page, 'hieutruong', DEMO_PASSWORD);
    await page.locator('input[name="code"]').fill('000000');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await expect(page.getByTestId('api-error').innerText()).resolves.toContain('Mã xác thực không đúng');
    await page.locator('input[name="code"]').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await goHome(page);
    await page.getByText('Xin chào, Nguyễn Thị Lan').waitFor();
    await page.context().close();
  });

  it('lets the guard in without a second factor (not required for his role)', async () => {
    const page = await (await newContext(running.browser())).newPage();
    await page.goto(running.server().url + ENTRY);
    await fillLogin(page, 'baove', DEMO_PASSWORD);
    await goHome(page);
    await page.getByText('Xin chào, Lê Văn Hùng').waitFor();
    await page.context().close();
  });
});
