import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { quietLog, tempDataDir, testConfig } from './helpers.js';
import { type Browser, TEST_ACTOR, userWith } from './sessions.js';

/**
 * Every route × every role (plus a user with no role, and no session) against the table below,
 * written by hand from the regulation — not derived from the policy code. A route missing from it
 * fails the test, so a new route cannot ship without a rule. The target camera belongs to the
 * guards' post (R6); the unit head and the teacher are in another unit; the vendor has a work
 * order on it (R8.2); the parent has a playback grant for it (R4.2).
 */
type Who = Role | 'no_role';
const P = 'principal', V = 'vice_principal', G = 'guard', E = 'equipment_officer', A = 'accountant';
const U = 'unit_head', S = 'staff', R = 'requester', N = 'vendor', D = 'admin', X = 'no_role';
const EVERYONE: Who[] = [P, V, G, E, A, U, S, R, N, D, X];
const STAFF: Who[] = [P, V, G, E, A, U, S];
const PUBLIC = 'public' as const;

const reason = `reasonCode=incident&reasonText=${encodeURIComponent('Xem lại sự việc ở cổng trường')}`;
const INVALID = { '?': 1 };

interface Case {
  allowed: Who[] | typeof PUBLIC;
  /** The request to send: harmless for whoever is allowed (it is refused by validation, or changes nothing that matters). */
  url?: string;
  body?: unknown;
}

const TABLE: Record<string, Case> = {
  'GET /api/health': { allowed: PUBLIC },
  // The web app's files: public, and they hold no data (the data comes from the API).
  'GET /assets/*': { allowed: PUBLIC, url: '/assets/none.js' },
  'GET /*': { allowed: PUBLIC, url: '/' },
  'POST /api/auth/login': { allowed: PUBLIC, body: INVALID },
  'GET /api/auth/me': { allowed: EVERYONE },
  'POST /api/auth/second-factor': { allowed: EVERYONE, body: INVALID },
  'POST /api/auth/totp/enrol': { allowed: EVERYONE },
  'POST /api/auth/totp/confirm': { allowed: EVERYONE, body: INVALID },
  'POST /api/auth/password': { allowed: EVERYONE, body: INVALID },
  'POST /api/auth/logout': { allowed: EVERYONE, body: { everywhere: 'maybe' } },
  'GET /api/me/grants': { allowed: EVERYONE },
  'GET /api/users': { allowed: [P, V, D] },
  'POST /api/users': { allowed: [D], body: INVALID },
  'PUT /api/users/:username/roles': { allowed: [D], url: '/api/users/khongco/roles', body: INVALID },
  'POST /api/users/:username/disable': { allowed: [D], url: '/api/users/khongco/disable' },
  'POST /api/users/:username/password-reset': { allowed: [D], url: '/api/users/khongco/password-reset' },
  'POST /api/users/:username/two-factor-reset': { allowed: [D], url: '/api/users/khongco/two-factor-reset' },
  'GET /api/units': { allowed: [P, V, G, E, A, U, D] },
  'POST /api/units': { allowed: [P, D], body: INVALID },
  'PATCH /api/units/:id': { allowed: [P, D], url: '/api/units/1', body: INVALID },
  'GET /api/grants': { allowed: [P, V] },
  'POST /api/grants': { allowed: [P], body: INVALID },
  'POST /api/grants/:id/revoke': { allowed: [P], url: '/api/grants/999/revoke' },
  'GET /api/work-orders': { allowed: [P, V, E, N] },
  'POST /api/work-orders': { allowed: [P, V, E], body: INVALID },
  'POST /api/work-orders/:id/close': { allowed: [P, V, E], url: '/api/work-orders/999/close' },
  'GET /api/audit': { allowed: [P] },
  'GET /api/audit/verify': { allowed: [P] },
  'GET /api/cameras': { allowed: [P, V, G, E, U, R, N, D] },
  'POST /api/cameras': { allowed: [E, D], body: INVALID },
  'GET /api/cameras/:id': { allowed: [P, V, G, E, R, N, D], url: '/api/cameras/1' },
  'PATCH /api/cameras/:id': { allowed: [E, D], url: '/api/cameras/1', body: INVALID },
  'DELETE /api/cameras/:id': { allowed: [E, D], url: '/api/cameras/1' }, // 409: it has footage (R2.3)
  'POST /api/cameras/:id/probe': { allowed: [E, D], url: '/api/cameras/1/probe' },
  'GET /api/cameras/:id/health': { allowed: [P, V, G, E, R, N, D], url: '/api/cameras/1/health?from=0&to=3600000' },
  'GET /api/cameras/:id/state': { allowed: [P, V, G, E, R, N, D], url: '/api/cameras/1/state' },
  // Not an upgrade here: who is refused is refused before the WebSocket would open.
  'GET /api/cameras/:id/live': { allowed: [P, V, G, E, N], url: '/api/cameras/1/live' },
  'GET /api/cameras/:id/timeline': { allowed: [P, V, G, R], url: '/api/cameras/1/timeline?from=0&to=100000' },
  'POST /api/viewings': { allowed: [P, V, G, R], body: { cameraIds: [1], reasonCode: 'incident', reasonText: 'Xem lại sự việc ở cổng trường' } },
  'GET /api/cameras/:id/playback': { allowed: [P, V, G, R], url: '/api/cameras/1/playback?from=1000&to=2000&viewing=khong-co-phien-nay' },
  'GET /api/cameras/:id/clip': { allowed: [P, V], url: `/api/cameras/1/clip?from=1000&to=2000&${reason}` },
  'GET /api/storage': { allowed: [P, V, E, D] },
  'GET /api/storage/history': { allowed: [P, V, E, D] },
  'GET /api/settings/retention': { allowed: [P, V, E, D] },
  'PUT /api/settings/retention': { allowed: [P, D], body: INVALID },
  'GET /api/settings/sign-in': { allowed: [P, D] },
  'PUT /api/settings/sign-in': { allowed: [P, D], body: INVALID },
  'GET /api/holds': { allowed: [P, V, D] },
  'POST /api/holds': { allowed: [P, V], body: INVALID },
  'POST /api/holds/:id/release': { allowed: [P, V], url: '/api/holds/999/release' },
  // Issue 6. R7.1: anyone on the staff reports an incident and sees those they reported or were given.
  'GET /api/incidents': { allowed: STAFF },
  'POST /api/incidents': { allowed: STAFF, body: INVALID },
  'GET /api/incidents/:id': { allowed: STAFF, url: '/api/incidents/999' },
  'POST /api/incidents/:id/events': { allowed: STAFF, url: '/api/incidents/999/events', body: INVALID },
  'GET /api/incidents/:id/snapshot': { allowed: STAFF, url: '/api/incidents/999/snapshot' },
  'GET /api/notifications': { allowed: EVERYONE },
  'POST /api/notifications/:id/read': { allowed: EVERYONE, url: '/api/notifications/999/read' },
  'POST /api/notifications/read-all': { allowed: EVERYONE },
  // R4.3: evidence cases are leadership's; the school's header for the biên bản is a setting.
  // The school's name and header are public facts: anyone signed in reads them; the admin sets them.
  'GET /api/settings/school': { allowed: EVERYONE },
  'PUT /api/settings/school': { allowed: [P, D], body: INVALID },
  'GET /api/cases': { allowed: [P, V] },
  'POST /api/cases': { allowed: [P, V], body: INVALID },
  'GET /api/cases/:id': { allowed: [P, V], url: '/api/cases/999' },
  'PATCH /api/cases/:id': { allowed: [P, V], url: '/api/cases/999', body: INVALID },
  'POST /api/cases/:id/people': { allowed: [P, V], url: '/api/cases/999/people', body: INVALID },
  'DELETE /api/cases/:id/people/:personId': { allowed: [P, V], url: '/api/cases/999/people/1' },
  'POST /api/cases/:id/notes': { allowed: [P, V], url: '/api/cases/999/notes', body: INVALID },
  'POST /api/cases/:id/clips': { allowed: [P, V], url: '/api/cases/999/clips', body: INVALID },
  'GET /api/cases/:id/clips/:clipId/file': { allowed: [P, V], url: '/api/cases/999/clips/1/file' },
  'POST /api/cases/:id/attachments': { allowed: [P, V], url: '/api/cases/999/attachments?name=a.pdf', body: Buffer.from('%PDF-1.4') },
  'GET /api/cases/:id/attachments/:attachmentId': { allowed: [P, V], url: '/api/cases/999/attachments/1' },
  'DELETE /api/cases/:id/attachments/:attachmentId': { allowed: [P, V], url: '/api/cases/999/attachments/1' },
  'POST /api/cases/:id/close': { allowed: [P, V], url: '/api/cases/999/close', body: INVALID },
  'POST /api/cases/:id/reopen': { allowed: [P, V], url: '/api/cases/999/reopen', body: INVALID },
  'POST /api/cases/:id/documents': { allowed: [P, V], url: '/api/cases/999/documents', body: INVALID },
  'PUT /api/cases/:id/documents/:docId': { allowed: [P, V], url: '/api/cases/999/documents/1', body: INVALID },
  'POST /api/cases/:id/documents/:docId/finalise': { allowed: [P, V], url: '/api/cases/999/documents/1/finalise' },
  'GET /api/cases/:id/documents/:docId/pdf': { allowed: [P, V], url: '/api/cases/999/documents/1/pdf' },
  'POST /api/cases/:id/exports': { allowed: [P, V], url: '/api/cases/999/exports', body: INVALID },
  'GET /api/exports/:id': { allowed: [P, V], url: '/api/exports/999' },
  'GET /api/exports/:id/download': { allowed: [P, V], url: '/api/exports/999/download' },
  // Anyone signed in may check a package they were given.
  'POST /api/exports/verify': { allowed: EVERYONE, body: INVALID },
  // R4.2: anyone asks, with no account, and looks the answer up by its code; leadership reads; only the principal decides.
  'POST /api/requests': { allowed: PUBLIC, body: INVALID },
  'GET /api/requests/status/:code': { allowed: PUBLIC, url: '/api/requests/status/YC-2222-2222' },
  'POST /api/requests/status/:code/withdraw': { allowed: PUBLIC, url: '/api/requests/status/YC-2222-2222/withdraw' },
  'GET /api/requests': { allowed: [P, V] },
  'GET /api/requests/:id': { allowed: [P, V], url: '/api/requests/999' },
  'POST /api/requests/:id/approve': { allowed: [P], url: '/api/requests/999/approve', body: INVALID },
  'POST /api/requests/:id/refuse': { allowed: [P], url: '/api/requests/999/refuse', body: INVALID },
  'POST /api/requests/:id/revoke': { allowed: [P], url: '/api/requests/999/revoke', body: INVALID },
  // R3.3: anyone recorded complains — staff and requester accounts signed in, anyone on the public form;
  // each sees their own; leadership handles them (people, consents, redacted clips). Holidays are not secret.
  'POST /api/complaints/public': { allowed: PUBLIC, body: INVALID },
  'GET /api/complaints/status/:code': { allowed: PUBLIC, url: '/api/complaints/status/KN-2222-2222' },
  'POST /api/complaints/status/:code/withdraw': { allowed: PUBLIC, url: '/api/complaints/status/KN-2222-2222/withdraw' },
  'GET /api/complaints/release/:token': { allowed: PUBLIC, url: '/api/complaints/release/khong-co-lien-ket-nay-0123456789' },
  'POST /api/complaints': { allowed: [...STAFF, R], body: INVALID },
  'GET /api/complaints': { allowed: [...STAFF, R] },
  'GET /api/complaints/:id': { allowed: [...STAFF, R], url: '/api/complaints/999' },
  'POST /api/complaints/:id/events': { allowed: [...STAFF, R], url: '/api/complaints/999/events', body: INVALID },
  'POST /api/complaints/:id/people': { allowed: [P, V], url: '/api/complaints/999/people', body: INVALID },
  'DELETE /api/complaints/:id/people/:personId': { allowed: [P, V], url: '/api/complaints/999/people/1' },
  'POST /api/complaints/:id/consents': { allowed: [P, V], url: '/api/complaints/999/consents', body: INVALID },
  'POST /api/complaints/:id/consents/:consentId/withdraw': { allowed: [P, V], url: '/api/complaints/999/consents/1/withdraw', body: INVALID },
  'POST /api/complaints/:id/clips': { allowed: [P, V], url: '/api/complaints/999/clips', body: INVALID },
  'GET /api/complaints/:id/clips/:clipId': { allowed: [P, V], url: '/api/complaints/999/clips/1' },
  'PUT /api/complaints/:id/clips/:clipId/boxes': { allowed: [P, V], url: '/api/complaints/999/clips/1/boxes', body: INVALID },
  'POST /api/complaints/:id/clips/:clipId/detect': { allowed: [P, V], url: '/api/complaints/999/clips/1/detect' },
  'POST /api/complaints/:id/clips/:clipId/render': { allowed: [P, V], url: '/api/complaints/999/clips/1/render' },
  'GET /api/complaints/:id/clips/:clipId/source.mp4': { allowed: [P, V], url: '/api/complaints/999/clips/1/source.mp4' },
  'GET /api/complaints/:id/clips/:clipId/redacted.mp4': { allowed: [...STAFF, R], url: '/api/complaints/999/clips/1/redacted.mp4' },
  'GET /api/settings/calendar': { allowed: EVERYONE },
  'PUT /api/settings/calendar': { allowed: [P, D], body: INVALID },
};

let vigil: Vigil;
let app: FastifyInstance;
const browsers = new Map<Who, Browser>();

beforeAll(async () => {
  vigil = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '1000' }), { log: quietLog, record: false, twoFactorRequired: false });
  app = await buildApp(vigil);
  const other = await vigil.units.create('Tổ khối 1', 'department', vigil.now());
  const gate = await vigil.cameras.create({ name: 'Cổng chính', location: 'Cổng', areaType: 'gate', mainUrl: 'rtsp://127.0.0.1:1/cam1', signInPlace: true, enabled: true }, TEST_ACTOR);
  await vigil.cameras.create({ name: 'Hành lang', location: 'Khu A', areaType: 'corridor', ownerUnitId: other.id, mainUrl: 'rtsp://127.0.0.1:1/cam2', signInPlace: true, enabled: true }, TEST_ACTOR);
  await vigil.segments.index({ cameraId: gate.id, startMs: 10_000, endMs: 20_000, sizeBytes: 1, sha256: 'h', path: `${gate.id}/a.mp4` }, 1);
  for (const who of EVERYONE) {
    const roles: Role[] = who === X ? [] : [who];
    const unit = who === U || who === S ? other.id : null;
    if (who === X) await vigil.accounts.add({ username: 'khongvaitro', fullName: 'Không vai trò', roles: ['staff'], unitId: null, password: 'Kiểm-thử-2026!' }, TEST_ACTOR);
    browsers.set(who, await userWith(app, vigil, who === X ? 'khongvaitro' : who.replace('_', ''), roles, unit));
  }
  // A user whose every role was taken away keeps an account and nothing else.
  await vigil.db.deleteFrom('user_roles').where('user_id', '=', (await vigil.users.byUsername('khongvaitro'))?.id ?? -1).execute();
  await vigil.workOrders.create({ title: 'Bảo dưỡng quý IV', vendorUsername: 'vendor', cameraIds: [gate.id] }, TEST_ACTOR);
  await vigil.grants.create({ username: 'requester', cameraIds: [gate.id], from: 0, to: vigil.now() + 86_400_000, actions: ['footage.playback'], validUntil: vigil.now() + 86_400_000, purpose: 'Phụ huynh xem lại giờ đón con' }, TEST_ACTOR);
});
afterAll(async () => {
  await app?.close();
  await vigil?.stop();
});

const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const refused = (res: LightMyRequestResponse) => res.statusCode === 401 || (res.statusCode === 403 && ['forbidden', 'auth.unfinished', 'auth.required'].includes(res.json().code));

describe('the route × role matrix', () => {
  it('has an expected row for every route the server has, and a route for every row', () => {
    const routes = app.accessRules.map(routeKey).sort();
    expect(routes).toEqual(Object.keys(TABLE).sort());
  });

  for (const [key, c] of Object.entries(TABLE)) {
    it(`${key}: ${c.allowed === PUBLIC ? 'anyone' : c.allowed.join(', ')}`, async () => {
      const [method = 'GET', path = '/'] = key.split(' ');
      const url = c.url ?? path;
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const who of EVERYONE) {
        const b = browsers.get(who);
        if (!b) throw new Error(`no browser for ${who}`);
        const res = await b.request(method as 'GET', url, c.body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
        expect(res.statusCode, `${who} ${key} → ${res.body}`).toBeLessThan(500);
        outcomes.push(`${who}:${refused(res) ? 'refused' : 'allowed'}`);
        expected.push(`${who}:${c.allowed === PUBLIC || c.allowed.includes(who) ? 'allowed' : 'refused'}`);
      }
      const anonymous = await app.inject({ method: method as 'GET', url, ...(c.body !== undefined ? { payload: c.body as object } : {}) });
      outcomes.push(`nobody:${anonymous.statusCode === 401 ? 'refused' : 'allowed'}`);
      expected.push(`nobody:${c.allowed === PUBLIC ? 'allowed' : 'refused'}`);
      expect(outcomes).toEqual(expected);
    });
  }

  it('keeps every refusal of footage in the audit log (R3.1)', async () => {
    const denied = (await vigil.auditRepo.search({ actor: 'accountant', outcome: 'denied' }, 100)).events.map((e) => e.action);
    expect(denied).toEqual(expect.arrayContaining(['footage.clip', 'footage.playback', 'footage.timeline']));
    const guardOutOfScope = await browsers.get(G)?.get('/api/cameras/2/timeline?from=0&to=1000');
    expect(guardOutOfScope?.statusCode).toBe(403);
    const trail = (await vigil.auditRepo.search({ actor: 'guard', outcome: 'denied', cameraId: 2 }, 10)).events;
    expect(trail[0]).toMatchObject({ action: 'footage.timeline', cameraId: 2 });
  });

  it('lists only the cameras in scope', async () => {
    const names = async (who: Who) => ((await browsers.get(who)?.get('/api/cameras'))?.json() as Array<{ name: string }>).map((c) => c.name);
    expect(await names(P)).toEqual(['Cổng chính', 'Hành lang']);
    expect(await names(G)).toEqual(['Cổng chính']);
    expect(await names(U)).toEqual(['Hành lang']);
    expect(await names(R)).toEqual(['Cổng chính']);
  });
});

describe('malformed input to every route, as every role', () => {
  const snapshot = async () => JSON.stringify(await Promise.all(
    (['cameras', 'holds', 'settings', 'users', 'user_roles', 'units', 'access_grants', 'work_orders', 'incidents', 'cases', 'case_people', 'case_documents', 'evidence_exports', 'notifications', 'outsider_requests', 'workflow_history', 'complaints', 'complaint_people', 'image_consents', 'redaction_clips'] as const).map((t) => vigil.db.selectFrom(t).selectAll().execute()),
  ));
  const routes = Object.keys(TABLE).filter((k) => k !== 'POST /api/auth/logout' && k !== 'POST /api/cameras/:id/probe');

  it('answers 4xx with a message (never 500), and a rejected request changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...EVERYONE), fc.constantFrom(...routes), fc.anything(), fc.string(),
        fc.oneof(fc.string(), fc.integer().map(String), fc.constant('-1'), fc.constant('1')),
        async (who, key, body, query, id) => {
          const [method = 'GET', path = '/'] = key.split(' ');
          const url = path.replace(/:(id|username)/, encodeURIComponent(id));
          const before = await snapshot();
          const b = browsers.get(who);
          if (!b) throw new Error(`no browser for ${who}`);
          const res = await b.request(method as 'GET', `${url}?from=${encodeURIComponent(query)}&to=${encodeURIComponent(query)}&viewing=${encodeURIComponent(query)}`,
            method === 'GET' || method === 'DELETE' ? undefined : (JSON.stringify(body) ?? 'null'), { 'content-type': 'application/json' });
          expect(res.statusCode, `${who} ${method} ${url} → ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(typeof res.json().message).toBe('string');
            expect(await snapshot()).toBe(before);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});
