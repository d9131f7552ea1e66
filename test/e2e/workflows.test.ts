import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, ENTRY, type RunningVigil, SCREENSHOTS, fillLogin, launchChromium, newContext, screenshot, startRecordingVigil, untranslatedKeys } from './harness.js';

// Issue 6 in a real browser: the guard reports an incident from the live wall, the principal takes
// it in, turns it into a case, builds the evidence (a clip, a person, the biên bản), exports the
// signed package and checks it on the Verify page. Cameras 1–3 record from the simulator.
const KEY_PREFIXES = Object.keys(JSON.parse(readFileSync('web/src/i18n/vi.json', 'utf8')) as Record<string, unknown>);
const DESCRIPTION = 'Hai học sinh lớp 4B xô đẩy nhau ở cổng chính lúc tan học, một em bị ngã trầy đầu gối.';

let server: RunningVigil | undefined;
let browser: Browser | undefined;
beforeAll(async () => {
  [server, browser] = await Promise.all([startRecordingVigil(false, 2, 5), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
const running = () => {
  if (!server || !browser) throw new Error('not started');
  return { server, browser };
};

/** The page in use, pictured if the test fails (into .cache/screenshots). */
let current: Page | undefined;

/** Signed in through the form, on `path` (opened as from a bookmark: the sign-in comes first). */
async function signIn(username: string, size?: { width: number; height: number }, path = ENTRY): Promise<Page> {
  const page = await (await newContext(running().browser, size)).newPage();
  current = page;
  await page.goto(running().server.url + path);
  await fillLogin(page, username, DEMO_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  return page;
}

/** "25/11/2026 08:15:30" in Vietnam's time, as the date-time fields take it. */
function vnDateTime(ms: number): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/** A Mantine select: open it, pick the option by its words. */
async function choose(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}

/** Close the toasts (they would cover the screenshots), and wait until they are gone. */
async function withoutToasts(page: Page): Promise<void> {
  if (!SCREENSHOTS) return;
  for (const close of await page.locator('.mantine-Notification-closeButton').all()) await close.click().catch(() => undefined);
  await page.waitForFunction(() => document.querySelectorAll('.mantine-Notification-root').length === 0, null, { timeout: 10_000 }).catch(() => undefined);
}

async function noUntranslated(page: Page): Promise<void> {
  expect(await untranslatedKeys(page, KEY_PREFIXES)).toEqual([]);
}

describe('incident → case → evidence package in Chromium', () => {
  it('goes from the guard’s report on a phone to a verified evidence package', { timeout: 300_000 }, async () => {
    try {
      await journey();
    } catch (e) {
      if (current && !current.isClosed()) await current.screenshot({ path: '.cache/screenshots/workflows-failure.png', fullPage: true }).catch(() => undefined);
      throw e;
    }
  });
});

async function journey(): Promise<void> {
  const { server: s } = running();

  // The guard, on a phone (360 px), reports from the gate's tile on the live wall.
  const guard = await signIn('baove', { width: 360, height: 740 }, '/live');
  const gate = guard.getByTestId('live-wall').locator('[data-camera="Cổng chính"]');
  await guard.waitForFunction(() => document.querySelector('[data-testid="live-wall"] [data-camera="Cổng chính"]')?.getAttribute('data-state') === 'live', null, { timeout: 45_000 });
  await gate.getByTestId('report-incident').click();
  const form = guard.getByTestId('incident-report-form');
  await form.waitFor();
  // The tile's picture comes along, and the gate is already among the cameras.
  await expect(form.getByTestId('incident-snapshot-preview').count()).resolves.toBe(1);
  expect(await form.getByTestId('incident-cameras').locator('..').innerText()).toContain('Cổng chính');
  // Sending with nothing described says what is missing, in Vietnamese.
  await form.getByTestId('incident-send').click();
  await form.getByText('Hãy chọn loại sự việc.').waitFor();
  await form.getByText(/Hãy mô tả sự việc \(ít nhất \d+ ký tự\)\./).waitFor();
  await form.locator('input[name="place"]').fill('Cổng chính, lúc tan học');
  await choose(guard, 'incident-category', 'An toàn học sinh');
  await form.getByTestId('incident-urgency').getByText('Cao', { exact: true }).click();
  await form.locator('textarea[name="description"]').fill(DESCRIPTION);
  // The form fits the phone: nothing wider than the screen.
  expect(await guard.evaluate(() => {
    const modal = document.querySelector('[data-testid="incident-report-form"]');
    return modal ? Math.round(modal.getBoundingClientRect().right) : 9999;
  })).toBeLessThanOrEqual(360);
  await noUntranslated(guard);
  await screenshot(guard, 'incident-report-360', false);
  await form.getByTestId('incident-send').click();
  await form.waitFor({ state: 'detached' });
  await guard.getByText('Đã gửi báo cáo sự việc').waitFor();
  await guard.context().close();

  const [incident] = await s.vigil.db.selectFrom('incidents').select(['id', 'occurred_at']).execute();
  if (!incident) throw new Error('the report did not reach the server');

  // The principal: the bell counts it; it leads to the incident.
  const page = await signIn('hieutruong');
  await expect.poll(() => page.getByTestId('notification-count').innerText(), { timeout: 20_000 }).toBe('1');
  await page.getByTestId('notification-bell').click();
  await page.locator(`[data-testid="notification"][data-subject="incident:${incident.id}"][data-unread="true"]`).click();
  await page.waitForURL(`**/incidents/${incident.id}`);
  const detail = page.getByTestId('incident-detail');
  await detail.waitFor();
  expect(await detail.getAttribute('data-state')).toBe('reported');
  await expect(page.getByTestId('incident-description').innerText()).resolves.toBe(DESCRIPTION);
  await page.getByTestId('incident-snapshot').waitFor();
  // Opening it read it: the count is gone.
  await expect.poll(() => page.getByTestId('notification-count').innerText(), { timeout: 20_000 }).toBe('');

  await page.getByTestId('incident-event-acknowledge').click();
  await page.locator('[data-testid="incident-detail"][data-state="acknowledged"]').waitFor();
  await page.getByTestId('incident-history').getByText('Tiếp nhận').first().waitFor();
  await noUntranslated(page);
  await withoutToasts(page);
  await screenshot(page, 'incident');

  // Turn it into a case: the title is offered from the incident.
  await page.getByTestId('incident-event-turn_into_case').click();
  const turn = page.getByTestId('incident-event-form');
  expect((await turn.locator('input[name="title"]').inputValue()).length).toBeGreaterThanOrEqual(5);
  await turn.locator('input[name="title"]').fill('Học sinh lớp 4B xô đẩy ở cổng chính');
  await turn.getByTestId('incident-event-submit').click();
  await page.waitForURL(/\/cases\/\d+/);
  const caseId = Number(/\/cases\/(\d+)/.exec(page.url())?.[1]);
  await page.locator('[data-testid="case-detail"][data-state="open"]').waitFor();
  await page.getByRole('heading', { name: 'Học sinh lớp 4B xô đẩy ở cổng chính' }).waitFor();

  // A clip: the gate, five seconds of what it recorded.
  const [seg] = await s.vigil.db.selectFrom('segments').select(['start_ms', 'end_ms']).where('camera_id', '=', 1).orderBy('start_ms').execute();
  if (!seg) throw new Error('nothing recorded');
  const from = Math.ceil(seg.start_ms / 1000) * 1000 + 1000;
  await page.getByTestId('case-tab-clips').click();
  const clipForm = page.getByTestId('add-clip-form');
  await clipForm.waitFor();
  expect(await clipForm.getByTestId('clip-camera').inputValue()).toBe('Cổng chính');
  await clipForm.locator('input[name="clipFrom"]').fill(vnDateTime(from));
  await clipForm.locator('input[name="clipTo"]').fill(vnDateTime(from + 5000));
  await clipForm.locator('input[name="clipNote"]').fill('Lúc hai em xô đẩy');
  await clipForm.getByTestId('add-clip').click();
  const clip = page.getByTestId('case-clip');
  await clip.waitFor({ timeout: 60_000 });
  expect(await clip.getByTestId('clip-sha256').innerText()).toMatch(/^[0-9a-f]{64}$/);
  expect(await clip.innerText()).toContain('Cổng chính');
  await expect(page.getByTestId('case-tab-clips').innerText()).resolves.toMatch(/1/);

  // A person involved.
  await page.getByTestId('case-tab-people').click();
  const person = page.getByTestId('add-person-form');
  await person.locator('input[name="personName"]').fill('Trần Minh Khôi');
  await person.locator('input[name="personRole"]').fill('Học sinh bị ngã');
  await person.locator('input[name="personClass"]').fill('4B');
  await person.getByRole('button', { name: 'Thêm người liên quan' }).click();
  await page.getByTestId('case-person').getByText('Trần Minh Khôi').waitFor();
  await noUntranslated(page);
  await page.getByTestId('case-tab-clips').click();
  await page.getByTestId('case-clip').waitFor();
  await withoutToasts(page);
  await screenshot(page, 'case');

  // The biên bản: a draft from the case, a secretary, saved, then finalised with its number.
  await page.getByTestId('case-tab-documents').click();
  await page.getByTestId('bien-ban-start').click();
  const editor = page.getByTestId('bien-ban-editor');
  await editor.waitFor();
  expect(await editor.locator('input[name="subject"]').inputValue()).toBe('Về việc xem xét Học sinh lớp 4B xô đẩy ở cổng chính qua dữ liệu camera');
  expect(await editor.locator('input[name="chair.name"]').inputValue()).toBe('Nguyễn Thị Lan');
  await editor.locator('input[name="secretary.name"]').fill('Lê Thị Hoa');
  await editor.locator('input[name="secretary.position"]').fill('Giáo viên chủ nhiệm lớp 4B');
  await editor.locator('textarea[name="content"]').fill(`${DESCRIPTION}\n\nĐã xem lại đoạn ghi hình của camera Cổng chính; hai em đã nhận lỗi.`);
  await editor.getByTestId('bien-ban-save').click();
  await page.getByText('Đã lưu bản nháp.').waitFor();
  await page.getByTestId('bien-ban-pdf').waitFor();
  await noUntranslated(page);
  await withoutToasts(page);
  await screenshot(page, 'bien-ban-editor');
  await editor.getByTestId('bien-ban-finalise').click();
  await page.getByTestId('finalise-yes').click();
  const view = page.getByTestId('bien-ban-view');
  await view.waitFor();
  await view.getByText('Biên bản số 01/BB-THĐKh').waitFor();
  expect(await view.getByTestId('pdf-sha256').innerText()).toMatch(/^[0-9a-f]{64}$/);

  // Export: a reason, the progress up to done, the download.
  await page.getByTestId('case-export').click();
  const modal = page.getByTestId('export-modal');
  await modal.getByTestId('reason-text').fill('Gửi Phòng GD&ĐT quận theo công văn đề nghị');
  await modal.getByTestId('export-start').click();
  const job = modal.getByTestId('export-job');
  await job.waitFor();
  await modal.locator('[data-testid="export-job"][data-state="done"]').waitFor({ timeout: 120_000 });
  expect(await job.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
  await job.getByText(/^Đã tạo xong gói chứng cứ/).waitFor();
  const sha = await job.getByTestId('export-sha256').innerText();
  const [download] = await Promise.all([page.waitForEvent('download'), job.getByTestId('export-download').click()]);
  const zip = join(await mkdtemp(join(tmpdir(), 'vigil-e2e-')), download.suggestedFilename());
  await download.saveAs(zip);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  await modal.getByRole('button', { name: 'Đóng' }).last().click();

  // The case's footage is held: the playback timeline says so, and why.
  await page.goto(`${s.url}/playback?cameras=1`);
  // Playback asks why first (R3.1).
  const reason = page.getByRole('dialog');
  await choose(page, 'reason-code', 'Xử lý sự việc');
  await reason.getByTestId('reason-text').fill('Xem lại sự việc xô đẩy ở cổng chính');
  await reason.getByRole('button', { name: 'Bắt đầu xem' }).click();
  await reason.waitFor({ state: 'hidden' });
  const held = page.locator('[data-lane="1"] [data-held]').first();
  await held.waitFor({ state: 'attached' });
  // The incident's hold became the case's when the case was opened; the clip is the case's too.
  expect(await held.getAttribute('data-held')).toBe('case');
  expect(await held.locator('title').textContent()).toMatch(/^Cổng chính: Đang lưu giữ \(không bị xoá tự động\): Vụ việc \d\d:\d\d:\d\d – \d\d:\d\d:\d\d$/);
  await page.getByTestId('legend-held').getByText('Đang lưu giữ (không bị xoá tự động)').waitFor();
  await noUntranslated(page);
  await withoutToasts(page);
  await screenshot(page, 'playback-held');

  // The Verify page: the downloaded package is intact and signed by this school.
  await page.locator('[data-nav="verify"]').click();
  await page.getByRole('heading', { name: 'Xác minh gói chứng cứ' }).waitFor();
  await page.locator('input[type="file"]').setInputFiles(zip);
  await page.getByTestId('verify-submit').click();
  const result = page.getByTestId('verify-result');
  await result.waitFor({ timeout: 60_000 });
  expect(await result.getAttribute('data-ok')).toBe('true');
  await result.getByText('Gói chứng cứ còn nguyên vẹn').waitFor();
  expect(await result.getByTestId('verify-key').getAttribute('data-trusted')).toBe('true');
  expect(await result.innerText()).toContain('Học sinh lớp 4B xô đẩy ở cổng chính · 01/BB-THĐKh');
  await noUntranslated(page);
  await withoutToasts(page);
  await screenshot(page, 'verify');

  // One byte changed in the middle of the package (inside the clip): no longer intact, and it says which file.
  const bytes = await readFile(zip);
  const middle = Math.floor(bytes.length / 2);
  bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
  const forged = zip.replace(/\.zip$/, '-sua.zip');
  await writeFile(forged, bytes);
  await page.locator('input[type="file"]').setInputFiles(forged);
  await page.getByTestId('verify-submit').click();
  await page.locator('[data-testid="verify-result"][data-ok="false"]').waitFor({ timeout: 60_000 });
  await page.getByText('Gói chứng cứ không còn nguyên vẹn').waitFor();
  expect(await page.getByTestId('verify-problems').innerText()).toMatch(/clips\/camera-1-/);

  // The server agrees on what happened.
  const c = await s.vigil.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  expect(c.incident_id).toBe(incident.id);

  // The school's header of the biên bản is a setting: checked as the server checks it, saved, kept.
  await page.locator('[data-nav="settings"]').click();
  const school = page.getByTestId('school-settings');
  expect(await school.locator('input[name="abbreviation"]').inputValue()).toBe('THĐKh');
  await school.locator('input[name="abbreviation"]').fill('TH ĐK');
  await school.locator('input[name="place"]').fill('');
  await school.getByRole('button', { name: 'Lưu' }).click();
  await school.getByText('Chữ viết tắt phải viết liền, không có dấu cách.').waitFor();
  await school.getByText('Không được để trống.').waitFor();
  await school.locator('input[name="abbreviation"]').fill('THĐK');
  await school.locator('input[name="place"]').fill('Quận Long Biên');
  await expect(school.getByTestId('school-preview').innerText()).resolves.toMatch(/Số: 01\/BB-THĐK\s+Quận Long Biên, ngày \d\d tháng \d\d năm \d{4}/);
  await school.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu.').waitFor();
  await page.reload();
  await expect.poll(() => page.getByTestId('school-settings').locator('input[name="place"]').inputValue().catch(() => ''), { timeout: 20_000 }).toBe('Quận Long Biên');
  expect(await s.vigil.cases.school()).toMatchObject({ abbreviation: 'THĐK', place: 'Quận Long Biên', name: 'Trường Tiểu học Đoàn Khuê' });
  await noUntranslated(page);
  await page.context().close();
}
