import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintAnswered, ComplaintDetail, ComplaintStatus, RedactionClip } from '../../src/contract/complaints.js';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';
import { difference, firstFrame, freePort, type Mail, probe, quietLog, startMailbox, tempDataDir, testClips, testConfig, waitFor } from './helpers.js';
import { type Browser, TEST_ACTOR, login, userWith } from './sessions.js';

/**
 * R3.3 end to end at the API, over a recording Vigil (camsim): a parent complains on the public
 * form and a teacher signed in; the footage is held at once; the deadlines count working days on
 * the school's calendar (a holiday set in the settings moves them); leadership acknowledges,
 * extends once with a reason, cuts a clip, has faces proposed, draws a rectangle, renders it with
 * ffmpeg; the answer with the clip is refused until the parent's and the 8-year-old's consents are
 * recorded; the filer's link gives exactly the rendered file, is audited, and expires. Deadline
 * warnings go out once when time passes. Staff see only their own complaints.
 */
let camsim: Camsim;
let vigil: Vigil;
let app: FastifyInstance;
let principal: Browser;
let teacher: Browser;
let otherTeacher: Browser;
let mailbox: Awaited<ReturnType<typeof startMailbox>> | undefined;
let mails: Mail[] = [];
let cameraId = 0;
/** The test's clock: real time, plus what the test lets pass. */
let skewMs = 0;

const DAY = 86_400_000;
const segments = () => vigil.db.selectFrom('segments').selectAll().where('camera_id', '=', cameraId).orderBy('start_ms').execute();
const anonymous = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  app.inject({ method, url, ...(payload ? { payload } : {}), headers: { 'accept-language': 'vi', ...headers } });
const auditActions = async (action: string) => vigil.db.selectFrom('audit_events').select(['action', 'camera_id', 'reason_code']).where('action', '=', action).execute();

beforeAll(async () => {
  mailbox = await startMailbox();
  mails = mailbox.mails;
  camsim = await startCamsim({ clipsDir: await testClips(), port: await freePort(), cameras: 1 });
  vigil = await createVigil(testConfig(await tempDataDir(), {
    VIGIL_SEGMENT_SECONDS: '5', VIGIL_LOGIN_RATE_PER_MINUTE: '1000', VIGIL_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`, VIGIL_SMTP_FROM: 'vigil@truong.edu.vn',
  }), { log: quietLog, twoFactorRequired: false, now: () => Date.now() + skewMs });
  await vigil.start();
  cameraId = (await vigil.cameras.create({ name: 'Sân trường', location: 'Sân trường', areaType: 'yard', mainUrl: camsim.url(1), signInPlace: true, enabled: true }, TEST_ACTOR)).id;
  app = await buildApp(vigil);
  principal = await userWith(app, vigil, 'hieutruong', ['principal']);
  teacher = await userWith(app, vigil, 'giaovien', ['staff']);
  otherTeacher = await userWith(app, vigil, 'giaovien2', ['staff']);
  const p = await vigil.users.byUsername('hieutruong');
  await vigil.db.updateTable('users').set({ email: 'hieutruong@truong.edu.vn' }).where('id', '=', p?.id ?? 0).execute();
  await waitFor('three segments', async () => (await segments()).length >= 3, 90_000);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await vigil?.stop();
  await camsim?.stop();
  await mailbox?.close();
});

/** The end (23:59:59.999 in Hà Nội) of the n-th weekday after `fromMs` that is not in `holidays`, counted by hand. */
function handCountedDeadline(fromMs: number, n: number, holidays: string[]): number {
  const local = (ms: number) => new Date(ms + 7 * 3_600_000);
  let day = local(fromMs);
  let left = n;
  while (left > 0) {
    day = new Date(day.getTime() + DAY);
    const iso = day.toISOString().slice(0, 10);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !holidays.includes(iso)) left -= 1;
  }
  return Date.parse(`${day.toISOString().slice(0, 10)}T23:59:59.999+07:00`);
}

let publicCode = '';
let publicId = 0;
let teacherId = 0;
let holiday = '';
/** Every day off of the calendar in force: the defaults (Vietnam's holidays) and the one the test adds. */
let daysOff: string[] = [];
let range = { from: 0, to: 0 };

describe('filing (R3.3)', () => {
  it('keeps the calendar as a setting: bad dates refused, a holiday saved', async () => {
    const before = (await teacher.get('/api/settings/calendar')).json() as { holidays: string[]; isDefault: boolean };
    expect(before.isDefault).toBe(true);
    expect(before.holidays).toContain('2026-09-02');
    const bad = await principal.put('/api/settings/calendar', { holidays: ['2026-02-30'], makeUpWorkingDays: [] });
    expect(bad.statusCode).toBe(400);
    const both = await principal.put('/api/settings/calendar', { holidays: ['2026-12-05'], makeUpWorkingDays: ['2026-12-05'] });
    expect(both.statusCode).toBe(400);
    expect(both.json().message).toMatch(/vừa là ngày nghỉ vừa là ngày làm bù/);
    // Tomorrow's weekday (or the next one) becomes a holiday: the deadlines must step over it.
    let d = new Date(Date.now() + 7 * 3_600_000 + DAY);
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d = new Date(d.getTime() + DAY);
    holiday = d.toISOString().slice(0, 10);
    daysOff = [...before.holidays, holiday];
    const saved = await principal.put('/api/settings/calendar', { holidays: daysOff, makeUpWorkingDays: [] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ isDefault: false });
    expect((await teacher.put('/api/settings/calendar', { holidays: [], makeUpWorkingDays: [] })).statusCode).toBe(403);
  });

  it('takes a parent’s complaint on the public form, holds the footage, tells leadership and the parent', async () => {
    const [first] = await segments();
    if (!first) throw new Error('no segment');
    range = { from: first.start_ms, to: first.start_ms + 60_000 };
    const form = {
      kind: 'see_own_footage', relation: 'parent_of_pupil', filerName: 'Nguyễn Thị Lan', pupilName: 'Lê Minh An', pupilClass: '3A',
      contactEmail: 'lan.nt@gmail.com', contactPhone: '', cameraIds: [cameraId], place: 'Sân trường', ...range,
      description: 'Con tôi bị bạn xô ngã ở sân trường giờ ra chơi, tôi muốn xem lại hình ảnh của con.',
    };
    // Bad input: a precise 4xx and nothing stored.
    const noContact = await anonymous('POST', '/api/complaints/public', { ...form, contactEmail: '', contactPhone: '' });
    expect(noContact.statusCode).toBe(400);
    const noCamera = await anonymous('POST', '/api/complaints/public', { ...form, cameraIds: [999] });
    expect(noCamera.statusCode).toBe(400);
    expect(noCamera.json().message).toMatch(/Không có camera số 999/);
    const backwards = await anonymous('POST', '/api/complaints/public', { ...form, from: range.to, to: range.from });
    expect(backwards.statusCode).toBe(400);
    expect(await vigil.db.selectFrom('complaints').selectAll().execute()).toHaveLength(0);

    const res = await anonymous('POST', '/api/complaints/public', form);
    expect(res.statusCode, res.body).toBe(201);
    const status = res.json() as ComplaintStatus;
    expect(status.trackingCode).toMatch(/^KN-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(status.state).toBe('filed');
    publicCode = status.trackingCode;
    // 2 and 15 working days, the holiday skipped — counted by hand, not by the code under test.
    expect(status.acknowledgeByMs).toBe(handCountedDeadline(status.filedAtMs, 2, daysOff));
    expect(status.answerByMs).toBe(handCountedDeadline(status.filedAtMs, 15, daysOff));
    const row = await vigil.db.selectFrom('complaints').select('id').where('tracking_code', '=', publicCode).executeTakeFirstOrThrow();
    publicId = row.id;
    const holds = await vigil.holds.of('complaint', publicId);
    expect(holds).toMatchObject([{ cameraId, startMs: range.from, endMs: range.to, releasedAt: null }]);
    // Retention cannot take it: the timeline shows it held.
    const timeline = (await principal.get(`/api/cameras/${cameraId}/timeline?from=${range.from}&to=${range.to}`)).json() as { held: Array<{ kinds: string[] }> };
    expect(JSON.stringify(timeline.held)).toContain('complaint');
    await waitFor('mail to the parent and the principal', async () =>
      mails.some((m) => m.to.includes('lan.nt@gmail.com') && m.text.includes(publicCode)) && mails.some((m) => m.to.includes('hieutruong@truong.edu.vn') && m.text.includes(publicCode)), 10_000);
    const notices = (await principal.get('/api/notifications')).json() as Array<{ subjectKind: string; subjectId: number; readAtMs: number | null }>;
    expect(notices.filter((n) => n.subjectKind === 'complaint' && n.subjectId === publicId).map((n) => n.readAtMs)).toEqual([null]);
    // Opening the complaint reads its notice.
    expect((await principal.get(`/api/complaints/${publicId}`)).statusCode).toBe(200);
    const after = (await principal.get('/api/notifications')).json() as Array<{ subjectKind: string; subjectId: number; readAtMs: number | null }>;
    expect(after.find((n) => n.subjectKind === 'complaint' && n.subjectId === publicId)?.readAtMs).toEqual(expect.any(Number));
    // Anyone with the code sees the state, however they type it.
    const looked = await anonymous('GET', `/api/complaints/status/${encodeURIComponent(publicCode.toLowerCase().replace(/-/g, ' '))}`);
    expect(looked.statusCode, looked.body).toBe(200);
    expect(looked.json()).toMatchObject({ trackingCode: publicCode, state: 'filed', answerText: null });
    expect((await anonymous('GET', '/api/complaints/status/KN-2222-2222')).statusCode).toBe(404);
  });

  it('lets a teacher file signed in, and see only their own', async () => {
    const res = await teacher.post('/api/complaints', {
      kind: 'object', relation: 'self', cameraIds: [], place: 'Phòng họp tầng 2', from: range.from, to: range.to,
      description: 'Tôi phản đối việc camera ghi hình trong phòng họp giáo viên.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const detail = res.json() as ComplaintDetail;
    teacherId = detail.id;
    expect(detail).toMatchObject({ filerName: 'Người dùng giaovien', filerUsername: 'giaovien', state: 'filed', viewerIsFiler: true, allowedEvents: ['withdraw'] });
    // Only the place is known: every camera at that time is held.
    expect(await vigil.holds.of('complaint', teacherId)).toMatchObject([{ cameraId: null, startMs: range.from }]);
    const mine = (await teacher.get('/api/complaints?state=all')).json() as Array<{ id: number }>;
    expect(mine.map((c) => c.id)).toEqual([teacherId]);
    expect((await otherTeacher.get('/api/complaints?state=all')).json()).toEqual([]);
    expect((await otherTeacher.get(`/api/complaints/${teacherId}`)).statusCode).toBe(404);
    expect((await teacher.get(`/api/complaints/${publicId}`)).statusCode).toBe(404);
    // The filer may not handle their own complaint.
    const ack = await teacher.post(`/api/complaints/${teacherId}/events`, { event: 'acknowledge' });
    expect(ack.statusCode).toBe(403);
    const all = (await principal.get('/api/complaints?state=open')).json() as Array<{ id: number; deadlines: Array<{ which: string; status: string }> }>;
    expect(all.map((c) => c.id).sort()).toEqual([publicId, teacherId].sort());
    expect(all[0]?.deadlines.map((d) => `${d.which}:${d.status}`)).toEqual(['acknowledge:ok', 'answer:ok']);
  });
});

let clip: RedactionClip;

describe('handling (R3.3)', () => {
  it('acknowledges, and extends once with a reason', async () => {
    const ack = await principal.post(`/api/complaints/${publicId}/events`, { event: 'acknowledge', note: 'Đã nhận, đang xác minh' });
    expect(ack.statusCode, ack.body).toBe(200);
    const before = ack.json() as ComplaintDetail;
    expect(before.state).toBe('acknowledged');
    expect(before.deadlines.map((d) => d.which)).toEqual(['answer']);
    const short = await principal.post(`/api/complaints/${publicId}/events`, { event: 'extend', reason: 'bận' });
    expect(short.statusCode).toBe(400);
    const ext = await principal.post(`/api/complaints/${publicId}/events`, { event: 'extend', reason: 'Cần xác minh thêm với giáo viên chủ nhiệm lớp 3A' });
    expect(ext.statusCode, ext.body).toBe(200);
    const after = ext.json() as ComplaintDetail;
    expect(after.state).toBe('extended');
    expect(after.answerByMs).toBe(handCountedDeadline(before.answerByMs, 15, daysOff));
    const again = await principal.post(`/api/complaints/${publicId}/events`, { event: 'extend', reason: 'Lại cần thêm thời gian xác minh' });
    expect(again.statusCode).toBe(409);
    expect((await anonymous('GET', `/api/complaints/status/${publicCode}`)).json()).toMatchObject({ state: 'extended', extensionReason: 'Cần xác minh thêm với giáo viên chủ nhiệm lớp 3A' });
  });

  it('cuts a clip, proposes faces, renders the rectangles with progress', async () => {
    const cut = await principal.post(`/api/complaints/${publicId}/clips`, { cameraId, from: range.from + 1000, to: range.from + 5000 });
    expect(cut.statusCode, cut.body).toBe(201);
    clip = cut.json() as RedactionClip;
    expect(clip).toMatchObject({ state: 'cut', cameraId, boxes: [], rendered: false });
    expect(clip.width).toBeGreaterThan(0);
    expect(clip.durationS).toBeGreaterThan(3);
    const tooLong = await principal.post(`/api/complaints/${publicId}/clips`, { cameraId, from: range.from, to: range.from + 11 * 60_000 });
    expect(tooLong.statusCode).toBe(400);
    // Watching the unredacted cut is a use of footage: audited once per viewing, with its reason.
    const src = await principal.get(`/api/complaints/${publicId}/clips/${clip.id}/source.mp4`, { range: 'bytes=0-99' });
    expect(src.statusCode).toBe(206);
    expect(src.headers['content-range']).toMatch(/^bytes 0-99\//);
    expect(await auditActions('complaint.clip.view')).toEqual([{ action: 'complaint.clip.view', camera_id: cameraId, reason_code: 'complaint' }]);
    expect((await teacher.get(`/api/complaints/${publicId}/clips/${clip.id}/source.mp4`)).statusCode).toBe(403);

    const none = await principal.post(`/api/complaints/${publicId}/clips/${clip.id}/render`);
    expect(none.statusCode).toBe(400);
    const detect = await principal.post(`/api/complaints/${publicId}/clips/${clip.id}/detect`);
    expect(detect.statusCode, detect.body).toBe(202);
    expect(detect.json()).toMatchObject({ state: 'detecting' });
    const detected = await waitFor('detection done', async () => {
      const k = (await principal.get(`/api/complaints/${publicId}/clips/${clip.id}`)).json() as RedactionClip;
      return k.state === 'cut' ? k : null;
    }, 60_000, 200);
    expect(detected.error).toBeNull();
    expect(Array.isArray(detected.proposals)).toBe(true);

    const outside = await principal.put(`/api/complaints/${publicId}/clips/${clip.id}/boxes`, { boxes: [{ x: 0.8, y: 0.1, w: 0.5, h: 0.2, startS: 0, endS: 3 }] });
    expect(outside.statusCode).toBe(400);
    const boxes = [{ x: 0.1, y: 0.1, w: 0.4, h: 0.5, startS: 0, endS: 4 }];
    // The proposals left to review are saved with the rectangles (accepted and discarded ones gone).
    const proposal = { x: 0.7, y: 0.05, w: 0.1, h: 0.1, startS: 0, endS: 1 };
    const saved = await principal.put(`/api/complaints/${publicId}/clips/${clip.id}/boxes`, { boxes, proposals: [proposal] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ boxes, proposals: [proposal] });
    expect((await principal.put(`/api/complaints/${publicId}/clips/${clip.id}/boxes`, { boxes })).json()).toMatchObject({ proposals: [proposal] });
    expect((await principal.put(`/api/complaints/${publicId}/clips/${clip.id}/boxes`, { boxes, proposals: [] })).json()).toMatchObject({ proposals: [] });
    const started = await principal.post(`/api/complaints/${publicId}/clips/${clip.id}/render`);
    expect(started.statusCode, started.body).toBe(202);
    const progress: number[] = [];
    clip = await waitFor('rendered', async () => {
      const k = (await principal.get(`/api/complaints/${publicId}/clips/${clip.id}`)).json() as RedactionClip;
      progress.push(k.progress);
      return k.state === 'rendered' ? k : null;
    }, 60_000, 100);
    expect(clip).toMatchObject({ rendered: true, progress: 1, error: null });
    expect(clip.renderedSha256).toMatch(/^[0-9a-f]{64}$/);
    const rendered = await principal.get(`/api/complaints/${publicId}/clips/${clip.id}/redacted.mp4`);
    expect(rendered.statusCode).toBe(200);
    expect(createHash('sha256').update(rendered.rawPayload).digest('hex')).toBe(clip.renderedSha256);
    const file = join(vigil.config.tmpDir, 'redacted-check.mp4');
    await writeFile(file, rendered.rawPayload);
    expect((await probe(file)).codec).toBe('h264');
    // On the picture (160 × 90 grey): the rectangle is blurred, the complaint's code is written at
    // the bottom left, and the rest is as recorded.
    const source = join(vigil.config.tmpDir, 'source-check.mp4');
    await writeFile(source, (await principal.get(`/api/complaints/${publicId}/clips/${clip.id}/source.mp4`)).rawPayload);
    const [before, after] = await Promise.all([firstFrame(source), firstFrame(file)]);
    expect(difference(before, after, 20, 76, 12, 52)).toBeGreaterThan(10); // the rectangle (0.1–0.5 × 0.1–0.6), inside its edges
    expect(difference(before, after, 2, 70, 76, 86)).toBeGreaterThan(10); // the watermark band
    expect(difference(before, after, 100, 160, 0, 30)).toBeLessThan(8); // top right: untouched
  });

  it('refuses to release the clip until the consents of the child left visible are recorded', async () => {
    const eightYearsAgo = new Date(Date.now() - 8.5 * 365 * DAY).toISOString().slice(0, 10);
    const added = await principal.post(`/api/complaints/${publicId}/people`, { name: 'Lê Minh An', role: 'pupil', className: '3A', birthDate: eightYearsAgo });
    expect(added.statusCode, added.body).toBe(201);
    const person = (added.json() as ComplaintDetail).people[0];
    if (!person) throw new Error('no person');
    expect((added.json() as ComplaintDetail).consentStatus.missing).toEqual([{ personId: person.id, missing: 'parent' }, { personId: person.id, missing: 'child' }]);
    const text = 'Nhà trường gửi ông/bà đoạn ghi hình lúc con ra chơi; các em khác đã được làm mờ.';
    const refused = await principal.post(`/api/complaints/${publicId}/events`, { event: 'answer', text, clipId: clip.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/còn thiếu 1 sự đồng ý của cha mẹ và 1 sự đồng ý của trẻ/);
    expect((await principal.post(`/api/complaints/${publicId}/consents`, { personId: person.id, givenBy: 'parent', giverName: 'Nguyễn Thị Lan', note: 'Giấy đồng ý ký ngày 02/12/2026' })).statusCode).toBe(201);
    const stillOne = await principal.post(`/api/complaints/${publicId}/events`, { event: 'answer', text, clipId: clip.id });
    expect(stillOne.statusCode).toBe(409);
    const child = await principal.post(`/api/complaints/${publicId}/consents`, { personId: person.id, givenBy: 'child', giverName: 'Lê Minh An' });
    expect((child.json() as ComplaintDetail).consentStatus).toEqual({ missing: [], problem: null });
    // Changing the rectangles after rendering makes the rendered file stale: it cannot go out.
    await principal.put(`/api/complaints/${publicId}/clips/${clip.id}/boxes`, { boxes: [...clip.boxes, { x: 0.6, y: 0.6, w: 0.2, h: 0.2, startS: 1, endS: 2 }] });
    const stale = await principal.post(`/api/complaints/${publicId}/events`, { event: 'answer', text, clipId: clip.id });
    expect(stale.statusCode).toBe(400);
    expect((await principal.put(`/api/complaints/${publicId}/clips/${clip.id}/boxes`, { boxes: clip.boxes })).json()).toMatchObject({ state: 'rendered', rendered: true });

    const answered = await principal.post(`/api/complaints/${publicId}/events`, { event: 'answer', text, clipId: clip.id });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.headers['cache-control']).toBe('no-store');
    const a = answered.json() as ComplaintAnswered;
    expect(a.state).toBe('answered');
    expect(a.release?.url).toMatch(/\/api\/complaints\/release\/[A-Za-z0-9_-]{43}$/);
    expect((await anonymous('GET', `/api/complaints/status/${publicCode}`)).json()).toMatchObject({ state: 'answered', answerText: text, clipReleased: true });
    const url = new URL(a.release?.url ?? '');
    await waitFor('the link mailed to the parent', async () => mails.some((m) => m.to.includes('lan.nt@gmail.com') && m.text.includes(url.pathname)), 10_000);

    // The link gives exactly the rendered file, to anyone holding it, each download on the record.
    const got = await anonymous('GET', url.pathname);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('video/mp4');
    expect(got.headers['content-disposition']).toContain(publicCode);
    expect(createHash('sha256').update(got.rawPayload).digest('hex')).toBe(clip.renderedSha256);
    expect(await auditActions('complaint.clip.download')).toHaveLength(1);
    expect((await anonymous('GET', '/api/complaints/release/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    // Answered: no withdrawing, no more clips.
    expect((await anonymous('POST', `/api/complaints/status/${publicCode}/withdraw`)).statusCode).toBe(409);
    expect((await principal.post(`/api/complaints/${publicId}/clips`, { cameraId, from: range.from, to: range.from + 5000 })).statusCode).toBe(409);
    // A consent withdrawn after the answer stops the clip going out; recorded again, it goes.
    const consents = (await principal.get(`/api/complaints/${publicId}`)).json() as ComplaintDetail;
    const childConsent = consents.consents.find((k) => k.givenBy === 'child' && k.withdrawnAtMs === null);
    const withdrawn = await principal.post(`/api/complaints/${publicId}/consents/${childConsent?.id}/withdraw`, { reason: 'Cháu không muốn hình ảnh của mình được gửi đi' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const stopped = await anonymous('GET', url.pathname);
    expect(stopped.statusCode).toBe(410);
    expect(stopped.json().message).toMatch(/sự đồng ý cho hình ảnh của trẻ đã bị rút lại/);
    expect((await principal.post(`/api/complaints/${publicId}/consents`, { personId: childConsent?.personId, givenBy: 'child', giverName: 'Lê Minh An' })).statusCode).toBe(201);
    expect((await anonymous('GET', url.pathname, undefined, { range: 'bytes=10-' })).statusCode).toBe(206);
    // The link expires.
    skewMs = 15 * DAY;
    try {
      const expired = await anonymous('GET', url.pathname);
      expect(expired.statusCode).toBe(410);
      expect(expired.json().message).toMatch(/Liên kết đã hết hạn/);
    } finally {
      skewMs = 0;
    }
  });

  it('closes: the footage is let go; the record of what was given stays', async () => {
    const closed = await principal.post(`/api/complaints/${publicId}/events`, { event: 'close', note: 'Phụ huynh đã nhận và đồng ý với cách giải quyết' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await vigil.holds.of('complaint', publicId)).every((h) => h.releasedAt !== null)).toBe(true);
    const history = (closed.json() as ComplaintDetail).history.map((h) => h.event);
    expect(history).toEqual(['file', 'acknowledge', 'extend', 'cut_clip', 'detect_faces', 'set_redaction', 'set_redaction', 'set_redaction', 'render_redaction', 'add_person', 'record_consent', 'record_consent', 'set_redaction', 'set_redaction', 'answer', 'withdraw_consent', 'record_consent', 'close']);
    expect((await auditActions('complaint.answer'))).toEqual([{ action: 'complaint.answer', camera_id: cameraId, reason_code: 'complaint' }]);
  });
});

describe('deadlines and withdrawing (R3.3)', () => {
  it('warns leadership once when a deadline is near and once when it has passed', async () => {
    const mailsBefore = mails.length;
    expect(await vigil.complaintDeadlines.warn()).toBe(0);
    skewMs = 30 * DAY; // a month on: both of the teacher's deadlines have passed
    try {
      expect(await vigil.complaintDeadlines.warn()).toBe(2);
      expect(await vigil.complaintDeadlines.warn()).toBe(0);
      const overdue = await vigil.db.selectFrom('notifications').select(['title_vi', 'user_id']).where('kind', '=', 'complaint.overdue').where('subject_id', '=', teacherId).execute();
      const principalId = (await vigil.users.byUsername('hieutruong'))?.id;
      expect(overdue.filter((n) => n.user_id === principalId).map((n) => n.title_vi).sort())
        .toEqual([expect.stringMatching(/^QUÁ HẠN tiếp nhận đơn KN-/), expect.stringMatching(/^QUÁ HẠN trả lời đơn KN-/)]);
      await waitFor('warning mails', async () => mails.filter((m) => m.text.includes('QUÁ HẠN')).length >= 2 && mails.length >= mailsBefore + 2, 10_000);
      // A month on the sessions have expired: sign in again, as the principal would.
      const later = await login(app, 'hieutruong');
      const listed = (await later.get('/api/complaints?state=open')).json() as Array<{ id: number; deadlines: Array<{ status: string }> }>;
      expect(listed.find((c) => c.id === teacherId)?.deadlines.map((d) => d.status)).toEqual(['overdue', 'overdue']);
      // Overdue, the answer can no longer be extended: answer and say why it is late.
      expect((await later.post(`/api/complaints/${teacherId}/events`, { event: 'acknowledge' })).statusCode).toBe(200);
      const late = await later.post(`/api/complaints/${teacherId}/events`, { event: 'extend', reason: 'Cần thêm thời gian để xác minh' });
      expect(late.statusCode).toBe(400);
      expect(late.json().message).toMatch(/Đã quá hạn trả lời/);
    } finally {
      skewMs = 0;
    }
  });

  it('lets the filer withdraw: signed in, or with the code; the footage is let go', async () => {
    const w = await teacher.post(`/api/complaints/${teacherId}/events`, { event: 'withdraw' });
    expect(w.statusCode, w.body).toBe(200);
    expect((w.json() as ComplaintDetail).state).toBe('withdrawn');
    expect((await vigil.holds.of('complaint', teacherId)).every((h) => h.releasedAt !== null)).toBe(true);
    const filed = (await anonymous('POST', '/api/complaints/public', {
      kind: 'know', relation: 'self', filerName: 'Phạm Văn Hùng', contactPhone: '0912 345 678', cameraIds: [cameraId], place: '', ...range,
      description: 'Tôi muốn biết camera có ghi hình tôi khi đến đón con không.',
    })).json() as ComplaintStatus;
    const byCode = await anonymous('POST', `/api/complaints/status/${filed.trackingCode}/withdraw`);
    expect(byCode.statusCode, byCode.body).toBe(200);
    expect(byCode.json()).toMatchObject({ state: 'withdrawn' });
    expect((await anonymous('POST', `/api/complaints/status/${filed.trackingCode}/withdraw`)).statusCode).toBe(409);
  });
});
