import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { quietLog, tempDataDir, testConfig } from './helpers.js';
import { Browser, TEST_ACTOR, TEST_PASSWORD, login, sessionCookie } from './sessions.js';

// Sign-in over HTTP with a real SQLite database, with two-factor required as in `vigil serve`.
let vigil: Vigil;
let app: FastifyInstance;
let clock = Date.UTC(2026, 10, 25, 1);
const MIN = 60_000;

beforeAll(async () => {
  vigil = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '1000' }), { log: quietLog, record: false, now: () => clock });
  app = await buildApp(vigil);
  for (const [username, roles] of [['baove', ['guard']], ['baove2', ['guard']], ['hieutruong', ['principal']], ['giaovien', ['staff']]] as const) {
    await vigil.accounts.add({ username, fullName: username, roles: [...roles], unitId: null, password: TEST_PASSWORD }, TEST_ACTOR);
  }
});
afterAll(async () => {
  await app?.close();
  await vigil?.stop();
});

const attempt = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const events = async (actor: string) => (await vigil.auditRepo.search({ actor }, 100)).events.map((e) => `${e.action}:${e.outcome}`);

describe('sign-in', () => {
  it('signs a guard in with an HttpOnly, SameSite=Strict session cookie and records the login', async () => {
    const res = await attempt('baove', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'vigil_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy(); // plain HTTP here; Secure when served over HTTPS
    expect(res.json()).toMatchObject({ stage: 'ok', user: { username: 'baove' } });
    expect(res.json().actions).toContain('footage.live');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(await events('baove')).toContain('auth.login:allowed');
  });

  it('answers a wrong password and an unknown username alike, and records both', async () => {
    const wrong = await attempt('baove', 'Sai-mat-khau-1');
    const unknown = await attempt('khongco', 'Sai-mat-khau-1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(await events('khongco')).toContain('auth.login:failed');
  });

  it('locks a name after 5 failures for 15 minutes — known or not, so the lock reveals nothing', async () => {
    for (const name of ['baove2', 'nobody']) {
      const codes: number[] = [];
      for (let i = 0; i < 5; i += 1) codes.push((await attempt(name, 'Sai-mat-khau-1')).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 429]);
      const locked = await attempt(name, name === 'baove2' ? TEST_PASSWORD : 'x');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().message).toContain('15 phút');
    }
    expect(await events('baove2')).toContain('auth.lockout:denied');
    clock += 15 * MIN;
    expect((await attempt('baove2', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a disabled account with the same answer as a wrong password', async () => {
    await vigil.accounts.add({ username: 'nghiviec', fullName: 'Đã nghỉ', roles: ['staff'], unitId: null, password: TEST_PASSWORD }, TEST_ACTOR);
    const before = await login(app, 'nghiviec');
    await vigil.accounts.disable('nghiviec', TEST_ACTOR);
    const res = await attempt('nghiviec', TEST_PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.failed');
    expect((await before.get('/api/auth/me')).statusCode).toBe(401); // and its open session is dead
  });

  it('refuses a write without the CSRF token, and any API call without a session', async () => {
    const b = await login(app, 'giaovien');
    const noToken = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: b.cookie }, payload: {} });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('auth.csrf');
    expect((await app.inject({ method: 'GET', url: '/api/cameras' })).statusCode).toBe(401);
    expect((await b.get('/api/auth/me')).statusCode).toBe(200); // the refused logout did nothing
  });

  it('ends a session after 30 idle minutes and after 12 hours whatever happens', async () => {
    const b = await login(app, 'giaovien');
    clock += 29 * MIN;
    expect((await b.get('/api/auth/me')).statusCode).toBe(200);
    clock += 29 * MIN;
    expect((await b.get('/api/auth/me')).statusCode).toBe(200); // activity keeps it alive
    clock += 31 * MIN;
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    const c = await login(app, 'giaovien');
    for (let h = 0; h < 12 * 4; h += 1) {
      clock += 15 * MIN;
      const res = await c.get('/api/auth/me');
      if (h < 12 * 4 - 1) expect(res.statusCode, `after ${(h + 1) * 15} min`).toBe(200);
      else expect(res.statusCode).toBe(401);
    }
  });

  it('logs out one session, or every session of the user', async () => {
    const a = await login(app, 'giaovien');
    const b = await login(app, 'giaovien');
    const c = await login(app, 'giaovien');
    expect((await a.post('/api/auth/logout', {})).statusCode).toBe(200);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/auth/me')).statusCode).toBe(200);
    expect((await b.post('/api/auth/logout', { everywhere: true })).json().sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    expect(await events('giaovien')).toContain('auth.logout_everywhere:allowed');
  });

  it('changes a password: the old one stops working and other sessions end', async () => {
    const a = await login(app, 'giaovien');
    const other = await login(app, 'giaovien');
    const weak = await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'abc' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toContain('ít nhất 10 ký tự');
    const wrong = await a.post('/api/auth/password', { currentPassword: 'Sai-mat-khau-1', newPassword: 'Mật-khẩu-mới-2026' });
    expect(wrong.json().code).toBe('auth.currentPassword');
    const ok = await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Mật-khẩu-mới-2026' });
    expect(ok.statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await attempt('giaovien', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await attempt('giaovien', 'Mật-khẩu-mới-2026')).statusCode).toBe(200);
  });

  it('limits sign-in attempts per IP address', async () => {
    const limited = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '3' }), { log: quietLog, record: false });
    const lapp = await buildApp(limited);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i += 1) codes.push((await lapp.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `u${i}`, password: 'x' } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await lapp.close();
      await limited.stop();
    }
  });
});

describe('two-factor sign-in for leadership (TOTP)', () => {
  let secret = '';
  let recovery: string[] = [];

  it('sends the principal to enrolment, shows a QR code, and lets nothing else through until it is done', async () => {
    const res = await attempt('hieutruong', TEST_PASSWORD);
    expect(res.json().stage).toBe('enrol');
    const b = new Browser(app, 'hieutruong', sessionCookie(res), res.json().csrfToken);
    const blocked = await b.get('/api/cameras');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('auth.unfinished');
    const enrol = (await b.post('/api/auth/totp/enrol')).json();
    expect(enrol.qrSvg).toContain('<svg');
    expect(enrol.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Vigil:hieutruong\?/);
    secret = enrol.secret;
    expect((await b.post('/api/auth/totp/confirm', { code: '000000' })).statusCode).toBe(401);
    const confirm = await b.post('/api/auth/totp/confirm', { code: await generate({ secret, epoch: Math.floor(clock / 1000) }) });
    expect(confirm.statusCode).toBe(200);
    recovery = confirm.json().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect((await b.get('/api/cameras')).statusCode).toBe(200);
    const stored = await vigil.db.selectFrom('users').select('totp_secret_enc').where('username', '=', 'hieutruong').executeTakeFirstOrThrow();
    expect(stored.totp_secret_enc).not.toContain(secret); // sealed at rest
  });

  it('asks for the code at the next sign-in, refuses a reused code, and accepts a recovery code once', async () => {
    clock += MIN;
    const res = await attempt('hieutruong', TEST_PASSWORD);
    expect(res.json().stage).toBe('totp');
    const b = new Browser(app, 'hieutruong', sessionCookie(res), res.json().csrfToken);
    expect((await b.get('/api/cameras')).statusCode).toBe(403);
    const code = await generate({ secret, epoch: Math.floor(clock / 1000) });
    expect((await b.post('/api/auth/second-factor', { code })).json().stage).toBe('ok');
    expect((await b.get('/api/cameras')).statusCode).toBe(200);

    const again = await attempt('hieutruong', TEST_PASSWORD);
    const c = new Browser(app, 'hieutruong', sessionCookie(again), again.json().csrfToken);
    expect((await c.post('/api/auth/second-factor', { code })).statusCode).toBe(401); // replay of the same code
    const [first = ''] = recovery;
    expect((await c.post('/api/auth/second-factor', { recoveryCode: first })).json().stage).toBe('ok');
    const third = await attempt('hieutruong', TEST_PASSWORD);
    const d = new Browser(app, 'hieutruong', sessionCookie(third), third.json().csrfToken);
    expect((await d.post('/api/auth/second-factor', { recoveryCode: first })).statusCode).toBe(401); // used up
    expect(await events('hieutruong')).toEqual(expect.arrayContaining(['auth.totp_enrol:allowed', 'auth.second_factor:allowed']));
  });
});
