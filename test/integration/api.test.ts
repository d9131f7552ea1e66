import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { quietLog, tempDataDir, testConfig } from './helpers.js';
import { type Browser, userWith } from './sessions.js';

// The HTTP boundary over a real SQLite database (no cameras are recorded here).
let vigil: Vigil;
let app: FastifyInstance;
/** The equipment officer keeps the registry (R8.1); the principal sees footage and settings. */
let officer: Browser;
let principal: Browser;

const camera = {
  name: 'Cổng chính', location: 'Cổng trường', areaType: 'gate', mainUrl: 'rtsp://admin:Secr3t!@127.0.0.1:1/cam1',
  subUrl: 'rtsp://127.0.0.1:1/cam1/sub', make: 'Hikvision', model: 'DS-2CD', serial: 'SN1', signInPlace: true,
};

beforeAll(async () => {
  vigil = await createVigil(testConfig(await tempDataDir()), { log: quietLog, record: false, twoFactorRequired: false });
  app = await buildApp(vigil);
  officer = await userWith(app, vigil, 'thietbi', ['equipment_officer']);
  principal = await userWith(app, vigil, 'hieutruong', ['principal', 'admin']);
});
afterAll(async () => {
  await app?.close();
  await vigil?.stop();
});

const post = (url: string, body: unknown, lang = 'vi') => officer.post(url, body, { 'accept-language': lang });
const reason = 'reasonCode=incident&reasonText=' + encodeURIComponent('Xem lại sự việc ở sân trường');

describe('camera registry API', () => {
  it('creates a camera, keeps the password out of every response and masks the username', async () => {
    const res = await post('/api/cameras', camera);
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain('Secr3t');
    const body = res.json();
    expect(body.mainUrl).toBe('rtsp://127.0.0.1:1/cam1');
    expect(body.credentials).toEqual({ username: 'a••••', password: '••••••••' });
    expect(body.ownerUnit.name).toBe('Tổ bảo vệ'); // R6: no unit given → the guards
    const list = await officer.get('/api/cameras');
    expect(list.body).not.toContain('Secr3t');
    const row = await vigil.db.selectFrom('cameras').select('credentials_enc').executeTakeFirstOrThrow();
    expect(row.credentials_enc).not.toContain('Secr3t'); // encrypted at rest
    expect(await vigil.cameras.secretUrl(body.id)).toBe('rtsp://admin:Secr3t!@127.0.0.1:1/cam1');
  });

  it('refuses to enable a camera in a toilet, changing room or sleeping room (R2.1), in Vietnamese and English', async () => {
    const vi = await post('/api/cameras', { ...camera, name: 'WC', areaType: 'toilet' });
    expect(vi.statusCode).toBe(400);
    expect(vi.json().message).toContain('nhà vệ sinh');
    const en = await post('/api/cameras', { ...camera, name: 'WC', areaType: 'changing_room' }, 'en');
    expect(en.json().message).toContain('cannot be enabled');
    const disabled = await post('/api/cameras', { ...camera, name: 'Phòng ngủ', areaType: 'sleeping_room', enabled: false });
    expect(disabled.statusCode).toBe(201);
    const enable = await officer.patch(`/api/cameras/${disabled.json().id}`, { enabled: true });
    expect(enable.statusCode).toBe(400);
    expect(enable.json().code).toBe('camera.bannedArea');
  });

  it('explains each wrong field and never answers 500', async () => {
    const res = await post('/api/cameras', { name: '', areaType: 'moon', mainUrl: 'http://x' });
    expect(res.statusCode).toBe(400);
    const fields = res.json().details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'location', 'areaType', 'mainUrl']));
    expect((await post('/api/cameras', { ...camera })).statusCode).toBe(409); // same name
    const badJson = await officer.request('POST', '/api/cameras', '{"name":', { 'content-type': 'application/json' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('invalid_json');
    expect((await officer.get('/api/cameras/abc')).statusCode).toBe(400);
    expect((await officer.get('/api/cameras/999')).json().code).toBe('not_found');
    expect((await officer.get('/api/nothing')).statusCode).toBe(404);
    const unit = await post('/api/cameras', { ...camera, name: 'X', ownerUnitId: 99 });
    expect(unit.json().code).toBe('camera.unknownUnit');
  });

  it('reports a camera that cannot be reached as offline, and says why on a connection test', async () => {
    const res = await officer.get('/api/cameras/1/state');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ health: 'offline', lastSegment: null });
    const probe = await officer.post('/api/cameras/1/probe');
    expect(probe.statusCode).toBe(200);
    expect(probe.json()).toMatchObject({ reachable: false, error: { code: 'camera.refused' } });
    expect(probe.body).not.toContain('Secr3t');
  });

  it('will not delete a camera that has footage (R2.3)', async () => {
    const id = (await post('/api/cameras', { ...camera, name: 'Tạm' })).json().id as number;
    await vigil.segments.index({ cameraId: id, startMs: 1000, endMs: 11_000, sizeBytes: 10, sha256: 'x', path: `${id}/a.mp4` }, 1);
    const res = await officer.delete(`/api/cameras/${id}`);
    expect(res.statusCode).toBe(409);
    const fresh = (await post('/api/cameras', { ...camera, name: 'Mới' })).json().id as number;
    expect((await officer.delete(`/api/cameras/${fresh}`)).statusCode).toBe(204);
    const deleted = await vigil.auditRepo.search({ action: 'camera.delete' }, 10);
    expect(JSON.stringify(deleted)).toContain('thietbi'); // R2.3: who removed it is on the record
  });
});

describe('units', () => {
  it('answers an empty change to a unit with the unit as it is (found by the fuzz test: it was a 500)', async () => {
    const res = await principal.patch('/api/units/1', {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 1, kind: 'guards', guardsWatch: true });
  });
});

describe('timeline, clip, storage and retention API', () => {
  it('merges segments into spans and lists gaps over a range', async () => {
    const id = (await post('/api/cameras', { ...camera, name: 'Sân' })).json().id as number;
    const t0 = Date.UTC(2026, 10, 20, 1);
    for (let i = 0; i < 6; i += 1) {
      if (i === 3) continue; // a hole of 10 s
      await vigil.segments.index({ cameraId: id, startMs: t0 + i * 10_000, endMs: t0 + (i + 1) * 10_000, sizeBytes: 1, sha256: 'h', path: `${id}/s${i}.mp4` }, 1);
    }
    const res = await principal.get(`/api/cameras/${id}/timeline?from=${new Date(t0 - 5000).toISOString()}&to=${t0 + 120_000}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().spans).toEqual([{ startMs: t0, endMs: t0 + 30_000 }, { startMs: t0 + 40_000, endMs: t0 + 60_000 }]);
    expect(res.json().gaps).toEqual([{ startMs: t0 + 30_000, endMs: t0 + 40_000, reason: 'no_recording', open: false }]);
    const bad = await principal.get(`/api/cameras/${id}/timeline?from=${t0}&to=${t0 - 1}`);
    expect(bad.statusCode).toBe(400);
    const none = await principal.get(`/api/cameras/${id}/clip?from=${t0 + 3_600_000}&to=${t0 + 3_610_000}&${reason}`);
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('clip.noFootage');
  });

  it('refuses a retention shorter than the review cycle plus grace, and stores a valid one', async () => {
    const bad = await principal.put('/api/settings/retention', { retentionDays: 15 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('19 ngày');
    const good = await principal.put('/api/settings/retention', { retentionDays: 45 });
    expect(good.json()).toEqual({ retentionDays: 45, highWaterPercent: 90, warnPercent: 85 });
    const usage = (await principal.get('/api/storage')).json();
    expect(usage.retention.retentionDays).toBe(45);
    expect(usage.disk.totalBytes).toBeGreaterThan(0);
  });

  it('creates and releases holds', async () => {
    const res = await principal.post('/api/holds', { cameraId: 1, from: 0, to: 1000, reason: 'Giữ để đối chiếu với sổ trực' });
    expect(res.statusCode).toBe(201);
    expect(res.json().kind).toBe('manual');
    const id = res.json().id as number;
    // Releasing is audited with its reason (issue 6, Holds).
    const noReason = await principal.post(`/api/holds/${id}/release`, { reason: 'xong' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('lý do');
    expect((await principal.post(`/api/holds/${id}/release`, { reason: 'Đã đối chiếu xong với sổ trực' })).statusCode).toBe(200);
    expect((await principal.post(`/api/holds/${id}/release`, { reason: 'Đã đối chiếu xong với sổ trực' })).statusCode).toBe(404);
    const trail = (await vigil.auditRepo.search({ actor: 'hieutruong' }, 50)).events.map((e) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['hold.create', 'hold.release', 'settings.retention']));
  });
});
