import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVnDateTimeInput } from '../../web/src/lib/vn-date-time.js';
import { DEMO_PASSWORD, ENTRY, type RunningVigil, SCREENSHOTS, fillLogin, launchChromium, newContext, screenshot, startRecordingVigil, untranslatedKeys } from './harness.js';

/**
 * R3.3 in Chromium, over a recording demo school: a parent complains on the public form (no
 * account) for their child; the principal acknowledges it, names the child who stays visible,
 * cuts a clip of camera 1, draws a rectangle over someone else, renders it; the answer with the
 * clip is refused until the parent's and the 8-year-old child's consents are recorded; then the
 * one-time link is shown, the parent's lookup says "Đã trả lời" and the link gives the MP4.
 */
const KEY_PREFIXES = [...Object.keys(JSON.parse(readFileSync('web/src/i18n/vi.json', 'utf8')) as Record<string, unknown>), 'complaints'];

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

/** A birth date `years` years ago today (Vietnam's calendar), as the form takes it: dd/MM/yyyy. */
function bornYearsAgo(years: number): string {
  const [y, m, d] = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10).split('-');
  return `${d}/${m}/${Number(y) - years}`;
}

/** Signed in through the form, on `path` (opened as from a bookmark: the sign-in comes first). */
async function signIn(page: Page, url: string, path = ENTRY): Promise<void> {
  await page.goto(url + path);
  await fillLogin(page, 'hieutruong', DEMO_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
}

/** A screenshot from the top of the page (the fixed header would otherwise land mid-picture). */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!SCREENSHOTS) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name, fullPage);
}

/** Another complaint, filed 30 days ago as far as its deadlines go: both overdue. */
async function overdueComplaint(school: RunningVigil): Promise<string> {
  const res = await fetch(`${school.url}/api/complaints/public`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      kind: 'know', relation: 'staff_member', place: 'Hành lang tầng 2', from: Date.now() - 3_600_000, to: Date.now() - 1_800_000,
      description: 'Tôi muốn biết camera hành lang tầng 2 lưu hình ảnh của tôi bao lâu.', filerName: 'Lê Văn Hùng', contactEmail: 'hung@example.edu.vn',
    }),
  });
  const { trackingCode } = (await res.json()) as { trackingCode: string };
  await school.vigil.db.updateTable('complaints').set({ filed_at: Date.now() - 30 * 86_400_000 }).where('tracking_code', '=', trackingCode).execute();
  return trackingCode;
}

async function openTab(page: Page, tab: 'info' | 'people' | 'clips' | 'answer' | 'history'): Promise<void> {
  await page.getByTestId(`complaint-tab-${tab}`).click();
}

describe('a complaint in Chromium (R3.3)', () => {
  it('goes from the public form to an answer with a redacted clip, released once the consents are recorded', { timeout: 300_000 }, async () => {
    const { server: school, browser: chromium } = running();

    // 1. A parent complains on a phone, signed out.
    const parent = await (await newContext(chromium, { width: 360, height: 780 })).newPage();
    await parent.goto(`${school.url}/khieu-nai`);
    const form = parent.getByTestId('complaint-form');
    await form.waitFor();
    await form.getByTestId('complaint-kind').click();
    await parent.getByRole('option', { name: 'Yêu cầu xem hình ảnh của mình', exact: true }).click();
    await form.getByLabel('Cha mẹ hoặc người giám hộ của học sinh').check();
    await form.locator('input[name="pupilName"]').fill('Nguyễn Minh An');
    await form.locator('input[name="pupilClass"]').fill('3A');
    await form.locator('textarea[name="place"]').fill('Cổng chính, lúc tan học');
    await form.locator('input[name="cameraNumbers"]').fill('1');
    await form.locator('input[name="from"]').fill(formatVnDateTimeInput(Date.now() - 10 * 60_000));
    await form.locator('input[name="to"]').fill(formatVnDateTimeInput(Date.now() + 30 * 60_000));
    await form.locator('textarea[name="description"]').fill('Con tôi bị một bạn xô ngã ở cổng trường lúc tan học, tôi xin được xem lại hình ảnh của con.');
    await form.locator('input[name="filerName"]').fill('Trần Thị Mai');
    await form.locator('input[name="contactPhone"]').fill('0912 345 678');
    expect(await untranslatedKeys(parent, KEY_PREFIXES)).toEqual([]);
    expect(await parent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(parent, 'complaints-form-360');
    await parent.getByTestId('complaint-send').click();
    const code = (await parent.getByTestId('tracking-code').innerText()).trim();
    expect(code).toMatch(/^KN-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await expect(parent.getByTestId('complaint-sent').innerText()).resolves.toContain('2 ngày làm việc');
    await shot(parent, 'complaints-sent-360');

    // 2. The principal finds it in the list, with its deadlines, and acknowledges it; an old one is warned about.
    const late = await overdueComplaint(school);
    const principal = await (await newContext(chromium)).newPage();
    await signIn(principal, school.url);
    await principal.locator('[data-nav="complaints"]').click();
    const row = principal.locator(`[data-complaint="${code}"]`);
    await row.waitFor();
    await expect(row.locator('[data-deadline="acknowledge"][data-testid="deadline-badge"]').getAttribute('data-status')).resolves.toBe('ok');
    await expect(principal.locator(`[data-complaint="${late}"] [data-deadline="answer"]`).getAttribute('data-status')).resolves.toBe('overdue');
    await expect(principal.getByTestId('deadline-warnings').innerText()).resolves.toContain('Quá hạn trả lời: 1 đơn');
    await shot(principal, 'complaints-list');
    await row.getByTestId('complaint-link').click();
    await principal.locator('[data-testid="complaint-detail"][data-state="filed"]').waitFor();
    expect(await untranslatedKeys(principal, KEY_PREFIXES)).toEqual([]);
    await principal.getByTestId('complaint-acknowledge').click();
    await principal.getByTestId('step-acknowledge').getByTestId('step-confirm').click();
    await principal.locator('[data-testid="complaint-detail"][data-state="acknowledged"]').waitFor();
    // Extended once, with a reason that says enough (the domain's example shows what).
    await principal.getByTestId('complaint-extend').click();
    const extend = principal.getByTestId('step-extend');
    await extend.locator('textarea[name="stepText"]').fill('Cần thêm');
    await extend.getByTestId('step-confirm').click();
    await expect(extend.innerText()).resolves.toContain('ít nhất 10 ký tự');
    await extend.locator('textarea[name="stepText"]').fill('Cần xác minh thêm với giáo viên chủ nhiệm lớp 3A');
    await extend.getByTestId('step-confirm').click();
    await principal.locator('[data-testid="complaint-detail"][data-state="extended"]').waitFor();
    await expect(principal.getByTestId('extension-reason').innerText()).resolves.toContain('giáo viên chủ nhiệm lớp 3A');
    await expect(principal.getByTestId('complaint-extend').count()).resolves.toBe(0);
    await expect(principal.getByTestId('hold-list').innerText()).resolves.toContain('Cổng chính');

    // The child stays visible in the clip: a pupil of 8, whose own consent is needed too.
    await openTab(principal, 'people');
    const person = principal.getByTestId('add-person-form');
    await person.locator('input[name="personName"]').fill('Nguyễn Minh An');
    await person.locator('input[name="personClass"]').fill('3A');
    await person.locator('input[name="birthDate"]').fill(bornYearsAgo(8));
    await person.getByTestId('add-person').click();
    await principal.locator('[data-testid="complaint-person"][data-person="Nguyễn Minh An"]').waitFor();
    await expect(principal.getByTestId('complaint-person').innerText()).resolves.toContain('8 tuổi');
    await principal.getByTestId('consent-problem').waitFor();

    // 3. A clip of camera 1: four seconds of what it has recorded, cut, with a rectangle dragged over
    // the picture (detection and rendering take time in proportion: a short clip is enough).
    const [seg] = await school.vigil.db.selectFrom('segments').select(['start_ms']).where('camera_id', '=', 1).orderBy('start_ms').execute();
    if (!seg) throw new Error('nothing recorded');
    const from = Math.ceil(seg.start_ms / 1000) * 1000 + 1000;
    await openTab(principal, 'clips');
    const cut = principal.getByTestId('cut-clip-form');
    expect(await cut.getByTestId('clip-camera').inputValue()).toBe('Cổng chính');
    await cut.locator('input[name="clipFrom"]').fill(formatVnDateTimeInput(from, true));
    await cut.locator('input[name="clipTo"]').fill(formatVnDateTimeInput(from + 4000, true));
    await cut.getByTestId('cut-clip').click();
    const editor = principal.getByTestId('redaction-editor');
    await editor.waitFor({ timeout: 60_000 });
    await principal.waitForFunction(() => {
      const v = document.querySelector('[data-testid="source-video"]');
      return v instanceof HTMLVideoElement && v.readyState >= 2;
    }, undefined, { timeout: 30_000 });
    const overlay = await editor.getByTestId('redaction-overlay').boundingBox();
    if (!overlay) throw new Error('no overlay');
    await principal.mouse.move(overlay.x + overlay.width * 0.55, overlay.y + overlay.height * 0.25);
    await principal.mouse.down();
    await principal.mouse.move(overlay.x + overlay.width * 0.7, overlay.y + overlay.height * 0.45, { steps: 6 });
    await principal.mouse.move(overlay.x + overlay.width * 0.8, overlay.y + overlay.height * 0.65, { steps: 6 });
    await principal.mouse.up();
    await expect(editor.getByTestId('box-row').count()).resolves.toBe(1);
    await expect(editor.getByTestId('box-rect').count()).resolves.toBe(1);
    await shot(principal, 'complaints-editor');
    // Face detection runs (this test picture has no face: no proposal), then the clip is rendered.
    await Promise.all([principal.waitForResponse((r) => r.url().endsWith('/detect') && r.status() === 202), editor.getByTestId('detect-faces').click()]);
    await principal.locator('[data-testid="redaction-editor"][data-clip-state="cut"]').waitFor({ timeout: 120_000 });
    await editor.getByTestId('render-clip').click();
    await principal.locator('[data-testid="redaction-editor"][data-clip-state="rendered"][data-rendered="true"]').waitFor({ timeout: 120_000 });
    await editor.getByTestId('redacted-video').waitFor();
    await principal.waitForFunction(() => {
      const v = document.querySelector('[data-testid="redacted-video"]');
      return v instanceof HTMLVideoElement && v.readyState >= 1 && v.duration > 3;
    }, undefined, { timeout: 30_000 });
    await shot(principal, 'complaints-rendered');

    // 4. Answering with the clip: refused while the consents are missing.
    await openTab(principal, 'answer');
    const answer = principal.getByTestId('answer-form');
    await answer.locator('textarea[name="answerText"]').fill('Nhà trường đã xem lại hình ảnh; gửi kèm đoạn ghi hình, các em khác đã được làm mờ.');
    await answer.getByTestId('answer-clip').click();
    await principal.getByRole('option', { name: /Cổng chính/ }).click();
    await answer.getByTestId('answer-consent-problem').waitFor();
    await expect(answer.getByTestId('answer-consent-problem').innerText()).resolves.toContain('còn thiếu 1 sự đồng ý của cha mẹ và 1 sự đồng ý của trẻ');
    await expect(answer.getByTestId('answer-send').isDisabled()).resolves.toBe(true);
    await shot(principal, 'complaints-consent-missing');

    // The parent's and the child's consents, from the signed form.
    await openTab(principal, 'people');
    for (const [giver, name] of [['parent', 'Trần Thị Mai'], ['child', 'Nguyễn Minh An']] as const) {
      await principal.locator(`[data-testid="consent-line"][data-giver="${giver}"]`).getByTestId('consent-record').click();
      const consent = principal.getByTestId('consent-form');
      await consent.locator('input[name="giverName"]').fill(name);
      await consent.locator('textarea[name="consentNote"]').fill('Giấy đồng ý ký ngày hôm nay, lưu hồ sơ');
      await consent.getByTestId('consent-save').click();
      await principal.locator(`[data-testid="consent-line"][data-giver="${giver}"][data-given="yes"]`).waitFor();
      await principal.getByRole('dialog').waitFor({ state: 'detached' });
    }
    await principal.getByTestId('consents-complete').waitFor();
    await shot(principal, 'complaints-people');

    // 5. The answer goes out with the clip; its link is shown once.
    await openTab(principal, 'answer');
    await answer.locator('textarea[name="answerText"]').fill('Nhà trường đã xem lại hình ảnh; gửi kèm đoạn ghi hình, các em khác đã được làm mờ.');
    await answer.getByTestId('answer-clip').click();
    await principal.getByRole('option', { name: /Cổng chính/ }).click();
    await answer.getByTestId('answer-send').click();
    const url = (await principal.getByTestId('release-url').innerText()).trim();
    expect(url).toMatch(/\/api\/complaints\/release\/[\w-]{20,}$/);
    // The picture once the dialog has faded in.
    if (SCREENSHOTS) await principal.waitForFunction(() => [...document.querySelectorAll('.mantine-Modal-content')].some((m) => getComputedStyle(m).opacity === '1'));
    await shot(principal, 'complaints-release-link', false);
    await principal.getByTestId('release-close').click();
    await principal.getByRole('dialog').waitFor({ state: 'detached' });
    await principal.locator('[data-testid="complaint-detail"][data-state="answered"]').waitFor();
    await principal.getByTestId('complaint-answer').waitFor();
    await openTab(principal, 'history');
    await expect(principal.getByTestId('complaint-history').innerText()).resolves.toContain('Xuất đoạn đã làm mờ');

    // 6. The parent looks the code up: answered, a clip given; the link gives the MP4.
    await parent.goto(`${school.url}/khieu-nai/tra-cuu?ma=${code}`);
    await parent.locator('[data-testid="complaint-status"][data-state="answered"]').waitFor();
    const status = await parent.getByTestId('complaint-status').innerText();
    expect(status).toContain('Đã trả lời');
    expect(status).toContain('đã làm mờ');
    expect(await parent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(parent, 'complaints-status-360');
    const res = await fetch(new URL(new URL(url).pathname, school.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(10_000);

    // The other complaint's filer withdraws it with its code.
    await parent.goto(`${school.url}/khieu-nai/tra-cuu?ma=${late}`);
    await parent.locator('[data-testid="complaint-status"][data-state="filed"]').waitFor();
    await parent.getByTestId('status-withdraw').click();
    await parent.getByTestId('status-withdraw-confirm').click();
    await parent.locator('[data-testid="complaint-status"][data-state="withdrawn"]').waitFor();
    await expect(parent.getByTestId('status-withdraw').count()).resolves.toBe(0);

    // 7. The detail and its editor on a phone.
    const phone = await (await newContext(chromium, { width: 360, height: 780 })).newPage();
    await signIn(phone, school.url, `${new URL(principal.url()).pathname}?tab=clips`);
    await phone.getByTestId('redaction-editor').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(phone, 'complaints-editor-360');
    for (const p of [parent, principal, phone]) await p.context().close();
  });

  it('lets a teacher file from inside the app, follow it and withdraw it (R3.3)', async () => {
    const { server: school, browser: chromium } = running();
    const page = await (await newContext(chromium)).newPage();
    await page.goto(school.url + ENTRY);
    await fillLogin(page, 'giaovien', DEMO_PASSWORD);
    await page.getByTestId('user-menu').waitFor();
    await page.locator('[data-nav="complaints"]').click();
    await page.getByTestId('file-complaint').click();
    const form = page.getByTestId('file-complaint-form');
    await form.getByTestId('complaint-kind').click();
    await page.getByRole('option', { name: 'Phản đối xử lý dữ liệu', exact: true }).click();
    await form.getByLabel('Cán bộ, giáo viên, nhân viên của trường').check();
    await form.locator('textarea[name="place"]').fill('Phòng giáo viên tầng 1');
    await form.locator('textarea[name="description"]').fill('Tôi phản đối việc camera hướng vào bàn làm việc của giáo viên.');
    await form.getByTestId('file-complaint-send').click();
    // The filer's own view: where it stands and the deadlines, nothing of leadership's tools.
    await page.locator('[data-testid="complaint-detail"][data-view="filer"][data-state="filed"]').waitFor();
    await expect(page.getByTestId('complaint-deadlines').innerText()).resolves.toContain('Hạn trả lời');
    await expect(page.getByTestId('complaint-tab-clips').count()).resolves.toBe(0);
    await expect(page.getByTestId('filer-holds').innerText()).resolves.toContain('giữ lại');
    expect(await untranslatedKeys(page, KEY_PREFIXES)).toEqual([]);
    await shot(page, 'complaints-filer');
    await page.getByTestId('complaint-withdraw').click();
    await page.getByTestId('step-withdraw').getByTestId('step-confirm').click();
    await page.locator('[data-testid="complaint-detail"][data-state="withdrawn"]').waitFor();
    await page.context().close();
  });

  it('keeps a holiday added to the working calendar (R3.3: deadlines in working days)', async () => {
    const { server: school, browser: chromium } = running();
    const page = await (await newContext(chromium)).newPage();
    await signIn(page, school.url, '/settings');
    const card = page.getByTestId('calendar-settings');
    await card.waitFor();
    await card.getByTestId('calendar-default').waitFor();
    await expect(card.getByTestId('holidays').locator('[data-day="2026-09-02"]').count()).resolves.toBe(1);
    await card.locator('input[name="holidays-day"]').fill('15/12/2026');
    await card.getByTestId('holidays-add').click();
    await card.getByTestId('calendar-save').click();
    await card.getByTestId('calendar-default').waitFor({ state: 'detached' });
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'complaints-calendar');
    await page.reload();
    await page.getByTestId('calendar-settings').getByTestId('holidays').locator('[data-day="2026-12-15"]').waitFor();
    expect((await school.vigil.calendar.view()).holidays).toContain('2026-12-15');
    await page.context().close();
  });
});
