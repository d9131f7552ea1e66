import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { quietLog, tempDataDir, testConfig } from './helpers.js';
import { type Browser, TEST_ACTOR, userWith } from './sessions.js';

// Grants (R4.2), work orders (R8.2) and the audit log API, over HTTP and real SQLite.
let vigil: Vigil;
let app: FastifyInstance;
let principal: Browser;
let vice: Browser;
let parent: Browser;
let officer: Browser;
let vendor: Browser;
let gate = 0;
let yard = 0;
const HOUR = 3_600_000;

beforeAll(async () => {
  vigil = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '1000' }), { log: quietLog, record: false, twoFactorRequired: false });
  app = await buildApp(vigil);
  gate = (await vigil.cameras.create({ name: 'Cổng chính', location: 'Cổng', areaType: 'gate', mainUrl: 'rtsp://127.0.0.1:1/a', signInPlace: true, enabled: true }, TEST_ACTOR)).id;
  yard = (await vigil.cameras.create({ name: 'Sân trường', location: 'Sân', areaType: 'yard', mainUrl: 'rtsp://127.0.0.1:1/b', signInPlace: true, enabled: true }, TEST_ACTOR)).id;
  principal = await userWith(app, vigil, 'hieutruong', ['principal']);
  vice = await userWith(app, vigil, 'phohieutruong', ['vice_principal']);
  parent = await userWith(app, vigil, 'phuhuynh', ['requester']);
  officer = await userWith(app, vigil, 'thietbi', ['equipment_officer']);
  vendor = await userWith(app, vigil, 'nhacungcap', ['vendor']);
});
afterAll(async () => {
  await app?.close();
  await vigil?.stop();
});

describe('grants (R4.2: outsiders need the principal’s approval)', () => {
  it('lets only the principal grant, limited to cameras, footage range, actions and validity; revocable; audited', async () => {
    const now = vigil.now();
    const grant = { username: 'phuhuynh', cameraIds: [gate], from: now - 3 * HOUR, to: now - HOUR, actions: ['footage.playback'], validUntil: now + 7 * 24 * HOUR, purpose: 'Phụ huynh xem lại giờ đón con' };
    expect((await vice.post('/api/grants', grant)).statusCode).toBe(403);
    const tooLong = await principal.post('/api/grants', { ...grant, validUntil: now + 400 * 24 * HOUR });
    expect(tooLong.json().code).toBe('grant.validity');
    const created = await principal.post('/api/grants', grant);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;

    const visible = (await parent.get('/api/cameras')).json() as Array<{ id: number }>;
    expect(visible.map((c) => c.id)).toEqual([gate]);
    expect((await parent.get(`/api/cameras/${yard}`)).statusCode).toBe(403);
    const reason = { reasonCode: 'approved_request', reasonText: 'Xem giờ đón con theo đề nghị đã duyệt' };
    expect((await parent.post('/api/viewings', { cameraIds: [gate], ...reason })).statusCode).toBe(201);
    expect((await parent.post('/api/viewings', { cameraIds: [yard], ...reason })).statusCode).toBe(403);
    const mine = (await parent.get('/api/me/grants')).json() as Array<{ id: number; purpose: string }>;
    expect(mine.map((g) => g.id)).toEqual([id]);

    expect((await principal.post(`/api/grants/${id}/revoke`)).statusCode).toBe(200);
    expect((await principal.post(`/api/grants/${id}/revoke`)).json().code).toBe('grant.revoked');
    expect((await parent.post('/api/viewings', { cameraIds: [gate], ...reason })).statusCode).toBe(403);
    expect((await parent.get('/api/cameras')).statusCode).toBe(403);
    const trail = (await vigil.auditRepo.search({ action: 'grant.*' }, 10)).events.map((e) => `${e.actor}:${e.action}:${e.outcome}`);
    expect(trail).toEqual(['hieutruong:grant.revoke:allowed', 'hieutruong:grant.create:allowed', 'phohieutruong:grant.manage:denied']);
  });
});

describe('work orders (R8.2: a vendor sees only the cameras on its work orders)', () => {
  it('gives the vendor the cameras of its open work orders, and takes them back when it closes', async () => {
    expect((await vendor.get(`/api/cameras/${yard}`)).statusCode).toBe(403);
    const notVendor = await officer.post('/api/work-orders', { title: 'Sai', vendorUsername: 'phuhuynh', cameraIds: [yard] });
    expect(notVendor.json().code).toBe('workorder.notVendor');
    const wo = await officer.post('/api/work-orders', { title: 'Lau ống kính camera sân', vendorUsername: 'nhacungcap', cameraIds: [yard] });
    expect(wo.statusCode).toBe(201);
    expect((await vendor.get(`/api/cameras/${yard}`)).statusCode).toBe(200);
    expect((await vendor.get(`/api/cameras/${gate}`)).statusCode).toBe(403);
    expect(((await vendor.get('/api/work-orders')).json() as unknown[]).length).toBe(1);
    await officer.post('/api/work-orders', { title: 'Việc không giao cho nhà cung cấp', cameraIds: [gate] });
    expect(((await vendor.get('/api/work-orders')).json() as unknown[]).length).toBe(1);
    expect(((await officer.get('/api/work-orders')).json() as unknown[]).length).toBe(2);
    expect((await officer.post(`/api/work-orders/${wo.json().id}/close`)).statusCode).toBe(200);
    expect((await vendor.get(`/api/cameras/${yard}`)).statusCode).toBe(403);
  });
});

describe('the audit log API (the principal only)', () => {
  it('filters by user, camera, action and date, pages newest first, and is itself audited', async () => {
    const all = await principal.get('/api/audit?limit=5');
    expect(all.statusCode).toBe(200);
    const page = all.json() as { events: Array<{ seq: number }>; nextBeforeSeq: number | null };
    expect(page.events).toHaveLength(5);
    expect(page.events[0]?.seq).toBeGreaterThan(page.events[4]?.seq ?? 0);
    const next = (await principal.get(`/api/audit?limit=5&beforeSeq=${page.nextBeforeSeq}`)).json() as { events: Array<{ seq: number }> };
    expect(next.events[0]?.seq).toBeLessThan(page.events[4]?.seq ?? 0);
    const byCamera = (await principal.get(`/api/audit?cameraId=${yard}`)).json() as { events: Array<{ cameraId: number }> };
    expect(byCamera.events.length).toBeGreaterThan(0);
    expect(byCamera.events.every((e) => e.cameraId === yard)).toBe(true);
    const parentDenied = (await principal.get('/api/audit?actor=phuhuynh&outcome=denied')).json() as { events: Array<{ action: string }> };
    expect(parentDenied.events.map((e) => e.action)).toContain('footage.playback');
    const future = (await principal.get(`/api/audit?from=${vigil.now() + HOUR}`)).json() as { events: unknown[] };
    expect(future.events).toEqual([]);
    expect((await principal.get('/api/audit?from=hôm-qua')).statusCode).toBe(400);
    const reads = (await vigil.auditRepo.search({ action: 'audit.read', actor: 'hieutruong' }, 50)).events;
    expect(reads.length).toBeGreaterThanOrEqual(5);
  });

  it('verifies the chain on request, and the answer says it in Vietnamese', async () => {
    const res = await principal.get('/api/audit/verify');
    expect(res.json()).toMatchObject({ ok: true });
    expect(res.json().message.vi).toContain('toàn vẹn');
    await vigil.db.updateTable('audit_events').set({ reason_text: 'đã sửa' }).where('seq', '=', 3).execute();
    const broken = await principal.get('/api/audit/verify');
    expect(broken.json()).toMatchObject({ ok: false, firstProblem: { seq: 3, problem: 'edited' } });
    expect(broken.json().message.vi).toContain('#3');
  });

  it('never shows a camera password or a key, anywhere in the log', async () => {
    await officer.patch(`/api/cameras/${gate}`, { password: 'Mk-camera-Bí-mật-9' });
    const log = JSON.stringify((await vigil.auditRepo.search({}, 500)).events);
    expect(log).not.toContain('Mk-camera-Bí-mật-9');
    expect(log).toContain('"credentialsChanged":true');
  });
});
