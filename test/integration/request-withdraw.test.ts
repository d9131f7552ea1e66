import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { quietLog, tempDataDir, testConfig } from './helpers.js';
import { type Browser, TEST_ACTOR, userWith } from './sessions.js';

/**
 * R4.2 over real HTTP and a real database: whoever holds a tracking code may withdraw the request
 * while it waits for the principal. The footage held for it is let go, the history and the audit
 * log say so, leadership is told; a second withdrawal, or one after the principal decided, is a
 * clear 409.
 */
let vigil: Vigil;
let app: FastifyInstance;
let principal: Browser;
let cameraId = 0;

const anonymous = (method: 'GET' | 'POST', url: string, payload?: object, lang = 'vi') =>
  app.inject({ method, url, ...(payload ? { payload } : {}), headers: { 'accept-language': lang } });

async function submit(): Promise<string> {
  const nowMs = vigil.now();
  const res = await anonymous('POST', '/api/requests', {
    requesterName: 'Trần Thị Bình', organisation: 'Phụ huynh lớp 2B', contactPhone: '0912 345 678', purpose: 'parent', cameraIds: [cameraId],
    from: nowMs - 3_600_000, to: nowMs - 1_800_000, needs: ['view_on_site'], legalBasis: 'Phụ huynh của học sinh trong đoạn ghi hình',
    description: 'Xem lại lúc con tôi bị ngã ở cổng trường chiều thứ Hai.',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().trackingCode as string;
}

const requestId = async (code: string) => (await vigil.db.selectFrom('outsider_requests').select('id').where('tracking_code', '=', code).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  vigil = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '1000' }), { log: quietLog, record: false, twoFactorRequired: false });
  app = await buildApp(vigil);
  principal = await userWith(app, vigil, 'hieutruong', ['principal']);
  cameraId = (await vigil.cameras.create({ name: 'Cổng chính', location: 'Cổng', areaType: 'gate', mainUrl: 'rtsp://127.0.0.1:1/a', signInPlace: true, enabled: false }, TEST_ACTOR)).id;
});

afterAll(async () => {
  await app?.close();
  await vigil?.stop();
});

describe('withdrawing a request by its tracking code (R4.2)', () => {
  it('withdraws a waiting request: the footage is let go, the history, the audit log and leadership know', async () => {
    const code = await submit();
    const id = await requestId(code);
    expect((await vigil.holds.of('request', id)).every((h) => h.releasedAt === null)).toBe(true);

    // Typed as people type it from paper: lower case, spaces.
    const typed = code.toLowerCase().replace(/-/g, ' ');
    const res = await anonymous('POST', `/api/requests/status/${encodeURIComponent(typed)}/withdraw`, { note: 'Gia đình đã tự giải quyết với nhà trường.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ trackingCode: code, state: 'withdrawn' });
    expect((await anonymous('GET', `/api/requests/status/${code}`)).json().state).toBe('withdrawn');

    const holds = await vigil.holds.of('request', id);
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((h) => h.releasedAt !== null)).toBe(true);
    const detail = (await principal.get(`/api/requests/${id}`)).json();
    expect(detail.state).toBe('withdrawn');
    expect(detail.history.at(-1)).toMatchObject({ actor: code, event: 'withdraw', fromState: 'submitted', toState: 'withdrawn', note: 'Gia đình đã tự giải quyết với nhà trường.' });
    expect(detail.allowedEvents).toEqual([]);
    const [audit] = (await vigil.auditRepo.search({ action: 'request.withdraw' }, 5)).events;
    expect(audit).toMatchObject({ resourceId: String(id), detail: { trackingCode: code } });
    const notes = (await principal.get('/api/notifications')).json() as Array<{ kind: string; subjectId: number }>;
    expect(notes.find((n) => n.kind === 'request.withdrawn')?.subjectId).toBe(id);
    // The principal can no longer decide it.
    const approve = await principal.post(`/api/requests/${id}/approve`, { cameraIds: [cameraId], from: vigil.now() - 3_600_000, to: vigil.now() - 1_800_000, needs: ['view_on_site'] });
    expect(approve.statusCode).toBe(409);
  });

  it('cannot be withdrawn twice: a 409 that says it already was', async () => {
    const code = await submit();
    expect((await anonymous('POST', `/api/requests/status/${code}/withdraw`, {})).statusCode).toBe(200);
    const again = await anonymous('POST', `/api/requests/status/${code}/withdraw`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'request.alreadyWithdrawn' });
    expect(again.json().message).toContain('đã được rút trước đó');
    const en = await anonymous('POST', `/api/requests/status/${code}/withdraw`, {}, 'en');
    expect(en.json().message).toContain('already withdrawn');
  });

  it('cannot withdraw a request the principal has approved: it is theirs to revoke', async () => {
    const code = await submit();
    const id = await requestId(code);
    const approved = await principal.post(`/api/requests/${id}/approve`, { cameraIds: [cameraId], from: vigil.now() - 3_600_000, to: vigil.now() - 1_800_000, needs: ['view_on_site'] });
    expect(approved.statusCode, approved.body).toBe(200);
    const res = await anonymous('POST', `/api/requests/status/${code}/withdraw`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'request.notWithdrawable' });
    expect(res.json().message).toContain('Đã duyệt');
    expect((await anonymous('GET', `/api/requests/status/${code}`)).json().state).toBe('approved');
    expect((await vigil.holds.of('request', id)).some((h) => h.releasedAt === null)).toBe(true);
  });

  it('answers an unknown code with 404 and a malformed body with 400, changing nothing', async () => {
    expect((await anonymous('POST', '/api/requests/status/YC-2222-2222/withdraw', {})).statusCode).toBe(404);
    const code = await submit();
    const bad = await anonymous('POST', `/api/requests/status/${code}/withdraw`, { note: 'x'.repeat(501) });
    expect(bad.statusCode).toBe(400);
    expect((await anonymous('GET', `/api/requests/status/${code}`)).json().state).toBe('submitted');
  });
});
