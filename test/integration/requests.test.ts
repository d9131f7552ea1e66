import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watermarkFilter } from '../../src/ffmpeg/clip.js';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';
import { difference, firstFrame, freePort, type Mail, probe, quietLog, run, startMailbox, tempDataDir, testClips, testConfig, waitFor } from './helpers.js';
import { Browser, TEST_ACTOR, sessionCookie, userWith } from './sessions.js';

/**
 * R4.2 end to end at the API, over a recording Vigil (camsim, 2 cameras): an outsider asks on the
 * public form, the footage is held at once, only the principal approves — camera 1, for a range —
 * and the requester signs in with the one-time password (changing it), plays and downloads camera
 * 1 within the range (the clip carries a watermark naming the request), is refused camera 2 and
 * anything outside the range, and nothing at all once the grant is revoked. Every use is audited.
 */
let camsim: Camsim;
let vigil: Vigil;
let app: FastifyInstance;
let principal: Browser;
let vice: Browser;
let mailbox: Awaited<ReturnType<typeof startMailbox>> | undefined;
let mails: Mail[] = [];
const cams = { gate: 0, yard: 0 };
const REASON = { reasonCode: 'approved_request', reasonText: 'Xem theo đề nghị đã được Hiệu trưởng duyệt' };

const segments = (cameraId: number) =>
  vigil.db.selectFrom('segments').selectAll().where('camera_id', '=', cameraId).orderBy('start_ms').execute();
const anonymous = (method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, ...(payload ? { payload } : {}), headers: { 'accept-language': 'vi' } });

beforeAll(async () => {
  mailbox = await startMailbox();
  const smtpPort = mailbox.port;
  mails = mailbox.mails;
  camsim = await startCamsim({ clipsDir: await testClips(), port: await freePort(), cameras: 2 });
  vigil = await createVigil(testConfig(await tempDataDir(), {
    // 5 s segments: the three this test needs come in half the time.
    VIGIL_SEGMENT_SECONDS: '5', VIGIL_LOGIN_RATE_PER_MINUTE: '1000', VIGIL_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, VIGIL_SMTP_FROM: 'vigil@truong.edu.vn',
  }), { log: quietLog, twoFactorRequired: false });
  await vigil.start();
  const add = async (name: string, n: number) =>
    (await vigil.cameras.create({ name, location: name, areaType: 'gate', mainUrl: camsim.url(n), signInPlace: true, enabled: true }, TEST_ACTOR)).id;
  cams.gate = await add('Cổng chính', 1);
  cams.yard = await add('Sân trường', 2);
  app = await buildApp(vigil);
  principal = await userWith(app, vigil, 'hieutruong', ['principal']);
  vice = await userWith(app, vigil, 'hieupho', ['vice_principal']);
  await waitFor('three segments of camera 1', async () => (await segments(cams.gate)).length >= 3 && (await segments(cams.yard)).length >= 1, 90_000);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await vigil?.stop();
  await camsim?.stop();
  await mailbox?.close();
});

let requestId = 0;
let code = '';
let grant = { fromMs: 0, toMs: 0 };
let requester: Browser;

async function form(over: Record<string, unknown> = {}) {
  const [first] = await segments(cams.gate);
  if (!first) throw new Error('no segment');
  return {
    requesterName: 'Trần Văn Bình', organisation: 'Công an phường Ngọc Lâm', contactEmail: 'binh.tv@congan.gov.vn', contactPhone: '0912 345 678',
    purpose: 'police', cameraIds: [cams.gate, cams.yard], places: 'Cổng chính và sân trường',
    from: first.start_ms - 60_000, to: first.start_ms + 30 * 60_000, needs: ['view_on_site', 'clip_copy'],
    legalBasis: 'Công văn số 125/CAP-ĐTTH ngày 01/12/2026', description: 'Xác minh vụ va chạm giao thông trước cổng trường lúc tan học.', ...over,
  };
}

/** The requester's sign-in: the one-time password, then the new password they choose (as every account does). */
async function firstSignIn(username: string, oneTimePassword: string): Promise<Browser> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: oneTimePassword } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ stage: 'password', mustChangePassword: true });
  const b = new Browser(app, username, sessionCookie(res), res.json().csrfToken);
  // Until the password is changed, no footage.
  expect((await b.get(`/api/cameras/${cams.gate}/timeline?from=0&to=1000`)).statusCode).toBe(403);
  const changed = await b.post('/api/auth/password', { currentPassword: oneTimePassword, newPassword: 'Đề-nghị-xem-2026!' });
  expect(changed.statusCode, changed.body).toBe(200);
  expect((await b.get('/api/auth/me')).json()).toMatchObject({ stage: 'ok', actions: expect.arrayContaining(['footage.playback', 'footage.clip']) });
  return b;
}

async function download(b: Browser, cameraId: number, from: number, to: number): Promise<LightMyRequestResponse> {
  return b.get(`/api/cameras/${cameraId}/clip?from=${from}&to=${to}&reasonCode=${REASON.reasonCode}&reasonText=${encodeURIComponent(REASON.reasonText)}`);
}

describe('an outsider request (R4.2)', () => {
  it('is filed on the public form with no account; its footage is held at once; leadership and the requester are told', async () => {
    const res = await anonymous('POST', '/api/requests', await form());
    expect(res.statusCode, res.body).toBe(201);
    code = res.json().trackingCode;
    expect(code).toMatch(/^YC-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(res.json()).toMatchObject({ state: 'submitted', decidedAtMs: null, refusalReason: null, validUntilMs: null });
    const row = await vigil.db.selectFrom('outsider_requests').selectAll().where('tracking_code', '=', code).executeTakeFirstOrThrow();
    requestId = row.id;
    // R3.2: both cameras' footage over the range asked, held while the request waits.
    expect((await vigil.holds.of('request', requestId)).map((h) => [h.cameraId, h.releasedAt])).toEqual([[cams.gate, null], [cams.yard, null]]);
    const [first] = await segments(cams.gate);
    const timeline = (await principal.get(`/api/cameras/${cams.gate}/timeline?from=${first?.start_ms}&to=${(first?.start_ms ?? 0) + 60_000}`)).json();
    expect(timeline.held).toEqual([expect.objectContaining({ kinds: ['request'] })]);
    for (const b of [principal, vice]) {
      const notes = (await b.get('/api/notifications')).json() as Array<{ subjectKind: string; subjectId: number; title: { vi: string } }>;
      expect(notes[0]).toMatchObject({ subjectKind: 'request', subjectId: requestId });
      expect(notes[0]?.title.vi).toContain(code);
    }
    await vigil.mailer.flush();
    const toRequester = mails.filter((m) => m.to.includes('binh.tv@congan.gov.vn'));
    expect(toRequester).toHaveLength(1);
    expect(toRequester[0]?.text).toContain(`Mã tra cứu: ${code}`);
  });

  it('tells anyone with the code its state, and nothing else; a mistyped code is not found', async () => {
    const res = await anonymous('GET', `/api/requests/status/${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['decidedAtMs', 'refusalReason', 'state', 'submittedAtMs', 'trackingCode', 'validUntilMs']);
    expect(res.json()).toMatchObject({ trackingCode: code, state: 'submitted' });
    const wrong = await anonymous('GET', '/api/requests/status/YC-2222-2222');
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().message).toContain('mã tra cứu');
  });

  it('refuses an incomplete form with a precise message, in Vietnamese', async () => {
    const noContact = await anonymous('POST', '/api/requests', await form({ contactEmail: '', contactPhone: '' }));
    expect(noContact.statusCode).toBe(400);
    expect(noContact.json().message).toContain('email hoặc số điện thoại');
    const noCamera = await anonymous('POST', '/api/requests', await form({ cameraIds: [99] }));
    expect(noCamera.statusCode).toBe(400);
    expect(noCamera.json().message).toContain('Không có camera số 99');
    const future = await anonymous('POST', '/api/requests', await form({ from: Date.now() + 3_600_000, to: Date.now() + 7_200_000 }));
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toContain('đoạn ghi hình đã có');
    const vague = await anonymous('POST', '/api/requests', await form({ description: 'xem' }));
    expect(vague.statusCode).toBe(400);
  });

  it("is decided by the principal only: a vice-principal reads it but cannot approve it (R4.2)", async () => {
    const list = (await vice.get('/api/requests')).json() as Array<{ id: number; state: string }>;
    expect(list.find((r) => r.id === requestId)).toMatchObject({ state: 'submitted' });
    const detail = (await vice.get(`/api/requests/${requestId}`)).json();
    expect(detail.allowedEvents).toEqual([]);
    const segs = await segments(cams.gate);
    const body = { cameraIds: [cams.gate], from: segs[1]?.start_ms, to: segs[2]?.end_ms, needs: ['view_on_site', 'clip_copy'], validityDays: 7 };
    expect((await vice.post(`/api/requests/${requestId}/approve`, body)).statusCode).toBe(403);
    expect((await vice.post(`/api/requests/${requestId}/refuse`, { reason: 'Không thuộc phạm vi sử dụng dữ liệu' })).statusCode).toBe(403);
    expect((await vigil.db.selectFrom('outsider_requests').select('state').where('id', '=', requestId).executeTakeFirstOrThrow()).state).toBe('submitted');
  });

  it('is approved by the principal for camera 1 over a range: an account with a one-time password, and a grant for 7 days', async () => {
    const segs = await segments(cams.gate);
    grant = { fromMs: segs[1]?.start_ms ?? 0, toMs: segs[2]?.end_ms ?? 0 };
    const tooMuch = await principal.post(`/api/requests/${requestId}/approve`, { cameraIds: [cams.gate], from: grant.fromMs, to: grant.toMs, needs: ['view_on_site'], validityDays: 400 });
    expect(tooMuch.statusCode).toBe(400);
    const res = await principal.post(`/api/requests/${requestId}/approve`, { cameraIds: [cams.gate], from: grant.fromMs, to: grant.toMs, needs: ['view_on_site', 'clip_copy'], validityDays: 7 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const approved = res.json();
    expect(approved).toMatchObject({ state: 'approved', decidedBy: 'hieutruong', requesterUsername: code.toLowerCase(), allowedEvents: ['revoke'] });
    expect(approved.account.username).toBe(code.toLowerCase());
    expect(approved.account.oneTimePassword).toMatch(/.{16,}/);
    expect(approved.grant).toMatchObject({ cameraIds: [cams.gate], fromMs: grant.fromMs, toMs: grant.toMs, actions: ['footage.playback', 'footage.clip'], revokedAtMs: null });
    expect(approved.grant.validUntilMs - approved.decidedAtMs).toBe(7 * 86_400_000);
    // The granted footage stays held until the grant ends; what was not granted is let go.
    const holds = (await vigil.holds.of('request', requestId)).filter((h) => h.releasedAt === null);
    expect(holds.map((h) => [h.cameraId, h.startMs, h.endMs, h.untilMs])).toEqual([[cams.gate, grant.fromMs, grant.toMs, approved.grant.validUntilMs]]);
    // Decided once: a second approval is a conflict.
    expect((await principal.post(`/api/requests/${requestId}/approve`, { cameraIds: [cams.gate], from: grant.fromMs, to: grant.toMs, needs: ['view_on_site'], validityDays: 7 })).statusCode).toBe(409);
    expect((await anonymous('GET', `/api/requests/status/${code}`)).json()).toMatchObject({ state: 'approved', validUntilMs: approved.grant.validUntilMs });
    await vigil.mailer.flush();
    const told = mails.filter((m) => m.to.includes('binh.tv@congan.gov.vn')).at(-1)?.text ?? '';
    expect(told).toContain('đã duyệt');
    // The password goes to the principal alone, never by mail nor into the audit log.
    expect(mails.some((m) => m.text.includes(approved.account.oneTimePassword))).toBe(false);
    const trail = JSON.stringify((await vigil.auditRepo.search({}, 200)).events);
    expect(trail).not.toContain(approved.account.oneTimePassword);
    requester = await firstSignIn(approved.account.username, approved.account.oneTimePassword);
  });

  it('lets the requester see, play and copy camera 1 within the range — and nothing else', async () => {
    const segs = await segments(cams.gate);
    const outside = { from: segs[0]?.start_ms ?? 0, to: (segs[0]?.start_ms ?? 0) + 5_000 };
    const inside = { from: grant.fromMs, to: grant.fromMs + 8_000 };
    expect((await requester.get('/api/cameras')).json().map((c: { id: number }) => c.id)).toEqual([cams.gate]);
    expect((await requester.get(`/api/cameras/${cams.gate}/timeline?from=${grant.fromMs}&to=${grant.toMs}`)).statusCode).toBe(200);
    expect((await requester.get(`/api/cameras/${cams.yard}/timeline?from=${grant.fromMs}&to=${grant.toMs}`)).statusCode).toBe(403);

    expect((await requester.post('/api/viewings', { cameraIds: [cams.yard], ...REASON })).statusCode).toBe(403);
    const viewing = await requester.post('/api/viewings', { cameraIds: [cams.gate], ...REASON });
    expect(viewing.statusCode, viewing.body).toBe(201);
    const v = viewing.json().id as string;
    const play = await requester.get(`/api/cameras/${cams.gate}/playback?from=${inside.from}&to=${inside.to}&viewing=${v}`);
    expect(play.statusCode, play.body.slice(0, 300)).toBe(200);
    expect(play.headers['content-type']).toBe('video/mp4');
    expect(play.rawPayload.length).toBeGreaterThan(10_000);
    expect((await requester.get(`/api/cameras/${cams.gate}/playback?from=${outside.from}&to=${outside.to}&viewing=${v}`)).statusCode).toBe(403);
    expect((await requester.get(`/api/cameras/${cams.gate}/playback?from=${grant.toMs + 1000}&to=${grant.toMs + 60_000}&viewing=${v}`)).statusCode).toBe(403);
    // The player asks ten minutes ahead: a window that starts inside the grant stops at its end.
    const last = await requester.get(`/api/cameras/${cams.gate}/playback?from=${grant.toMs - 5000}&to=${grant.toMs + 600_000}&viewing=${v}`);
    expect(last.statusCode, last.body.slice(0, 300)).toBe(200);
    expect(Number(last.headers['x-vigil-end-ms'])).toBeLessThanOrEqual(grant.toMs);
    expect((await requester.get(`/api/cameras/${cams.yard}/playback?from=${inside.from}&to=${inside.to}&viewing=${v}`)).statusCode).toBe(403);

    expect((await download(requester, cams.gate, outside.from, outside.to)).statusCode).toBe(403);
    expect((await download(requester, cams.yard, inside.from, inside.to)).statusCode).toBe(403);
    const mine = await download(requester, cams.gate, inside.from, inside.to);
    expect(mine.statusCode, mine.body.slice(0, 300)).toBe(200);
    const theirs = await download(principal, cams.gate, inside.from, inside.to);
    expect(theirs.statusCode).toBe(200);
    const dir = await mkdtemp(join(tmpdir(), 'vigil-wm-'));
    await writeFile(join(dir, 'requester.mp4'), mine.rawPayload);
    await writeFile(join(dir, 'principal.mp4'), theirs.rawPayload);
    const clip = await probe(join(dir, 'requester.mp4'));
    expect(clip.codec).toBe('h264');
    expect(Math.abs(clip.durationSeconds - 8)).toBeLessThanOrEqual(2.5);
    // R4.2: the watermark is burnt in at the bottom left; the rest of the picture is as recorded.
    const [a, b] = await Promise.all([firstFrame(join(dir, 'requester.mp4')), firstFrame(join(dir, 'principal.mp4'))]);
    const band = difference(a, b, 2, 70, 76, 86);
    const top = difference(a, b, 0, 160, 0, 40);
    expect(band).toBeGreaterThan(20);
    expect(top).toBeLessThan(8);
  });

  it('keeps every use in the audit log, with the grant it came through and the reason given', async () => {
    const events = (await vigil.auditRepo.search({ actor: code.toLowerCase(), action: 'footage.*' }, 100)).events;
    const allowed = events.filter((e) => e.outcome === 'allowed');
    expect(allowed.map((e) => e.action).sort()).toEqual(['footage.clip', 'footage.playback']);
    expect(allowed.every((e) => e.cameraId === cams.gate && e.reasonCode === REASON.reasonCode && e.reasonText === REASON.reasonText)).toBe(true);
    const clip = allowed.find((e) => e.action === 'footage.clip');
    expect(clip?.detail).toMatchObject({ via: 'grant', watermark: expect.stringContaining(`${code} · Công an phường Ngọc Lâm · `) });
    const denied = events.filter((e) => e.outcome === 'denied');
    expect(denied.length).toBeGreaterThanOrEqual(6);
    expect(denied.some((e) => e.cameraId === cams.yard)).toBe(true);
    const decisions = (await vigil.auditRepo.search({ action: 'request.*' }, 50)).events.map((e) => e.action);
    expect(decisions).toEqual(expect.arrayContaining(['request.submit', 'request.approve']));
  });

  it('allows nothing once revoked: the grant ends, the footage is let go, the requester is told', async () => {
    expect((await vice.post(`/api/requests/${requestId}/revoke`, { reason: 'Đơn vị đã hoàn tất việc xác minh' })).statusCode).toBe(403);
    expect((await principal.post(`/api/requests/${requestId}/revoke`, { reason: 'ngắn' })).statusCode).toBe(400);
    const res = await principal.post(`/api/requests/${requestId}/revoke`, { reason: 'Đơn vị đã hoàn tất việc xác minh' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'revoked', allowedEvents: [], grant: { revokedAtMs: expect.any(Number) } });
    expect((await vigil.holds.of('request', requestId)).every((h) => h.releasedAt !== null)).toBe(true);
    const inside = { from: grant.fromMs, to: grant.fromMs + 8_000 };
    expect((await requester.get(`/api/cameras/${cams.gate}/timeline?from=${inside.from}&to=${inside.to}`)).statusCode).toBe(403);
    expect((await requester.post('/api/viewings', { cameraIds: [cams.gate], ...REASON })).statusCode).toBe(403);
    expect((await requester.get(`/api/cameras/${cams.gate}/playback?from=${inside.from}&to=${inside.to}&viewing=x-khong-con-hieu-luc`)).statusCode).toBe(403);
    expect((await download(requester, cams.gate, inside.from, inside.to)).statusCode).toBe(403);
    expect((await requester.get('/api/cameras')).statusCode).toBe(403);
    expect((await anonymous('GET', `/api/requests/status/${code}`)).json()).toMatchObject({ state: 'revoked' });
    await vigil.mailer.flush();
    expect(mails.filter((m) => m.to.includes('binh.tv@congan.gov.vn')).at(-1)?.text).toContain('thu hồi');
    const history = (await principal.get(`/api/requests/${requestId}`)).json().history.map((h: { event: string }) => h.event);
    expect(history).toEqual(['submit', 'approve', 'revoke']);
  });

  it('is refused with a reason the requester can read; its footage is no longer held', async () => {
    const filed = await anonymous('POST', '/api/requests', await form({ purpose: 'scientific_research', organisation: 'Viện Khoa học Giáo dục', contactEmail: null, cameraIds: [] }));
    expect(filed.statusCode, filed.body).toBe(201);
    const other = await vigil.db.selectFrom('outsider_requests').select('id').where('tracking_code', '=', filed.json().trackingCode).executeTakeFirstOrThrow();
    expect(await vigil.holds.of('request', other.id)).toEqual([]);
    expect((await principal.post(`/api/requests/${other.id}/refuse`, { reason: 'không' })).statusCode).toBe(400);
    const res = await principal.post(`/api/requests/${other.id}/refuse`, { reason: 'Mục đích nghiên cứu cần có văn bản của Sở Giáo dục và Đào tạo' });
    expect(res.statusCode, res.body).toBe(200);
    const status = (await anonymous('GET', `/api/requests/status/${filed.json().trackingCode}`)).json();
    expect(status).toMatchObject({ state: 'refused', refusalReason: 'Mục đích nghiên cứu cần có văn bản của Sở Giáo dục và Đào tạo' });
    expect((await principal.post(`/api/requests/${other.id}/approve`, { cameraIds: [cams.gate], from: grant.fromMs, to: grant.toMs, needs: ['view_on_site'], validityDays: 7 })).statusCode).toBe(409);
  });

  it("draws the watermark even when the clip's temporary folder has a colon, a quote or a comma in its name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wm a:b'c,d-"));
    const textFile = join(dir, 'w.txt');
    await writeFile(textFile, 'YC-2222-3333 · Công an phường · 02/12/2026');
    const filter = watermarkFilter({ textFile, fontFile: '/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf' });
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=1', '-frames:v', '1', '-vf', filter, '-f', 'null', '-']);
  });
});

describe('the public form and lookup, under load', () => {
  it('are limited per address like sign-in: past the limit, 429 with a message in Vietnamese', async () => {
    const limited = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '2' }), { log: quietLog, record: false, twoFactorRequired: false });
    const limitedApp = await buildApp(limited);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i += 1) codes.push((await limitedApp.inject({ method: 'GET', url: '/api/requests/status/YC-2222-2222' })).statusCode);
      expect(codes).toEqual([404, 404, 429]);
      const form = await limitedApp.inject({ method: 'POST', url: '/api/requests', payload: {} });
      expect(form.statusCode).toBe(400);
      await limitedApp.inject({ method: 'POST', url: '/api/requests', payload: {} });
      const refused = await limitedApp.inject({ method: 'POST', url: '/api/requests', payload: {} });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().message).toContain('quá nhiều yêu cầu');
    } finally {
      await limitedApp.close();
      await limited.stop();
    }
  });
});
