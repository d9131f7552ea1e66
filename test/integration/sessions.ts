import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/domain/roles.js';
import type { Actor } from '../../src/server/services/actor.js';
import type { Vigil } from '../../src/server/vigil.js';

export const TEST_ACTOR: Actor = { name: 'test', role: null, ip: null, userAgent: 'vitest' };
export const TEST_PASSWORD = 'Kiểm-thử-2026!';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A signed-in browser, as far as the server can tell: the session cookie and the CSRF token. */
export class Browser {
  constructor(
    private readonly app: FastifyInstance,
    readonly username: string,
    readonly cookie: string,
    readonly csrf: string,
  ) {}

  request(method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method, url, headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, payload?: unknown, headers?: Record<string, string>) => this.request('POST', url, payload ?? {}, headers);
  put = (url: string, payload: unknown) => this.request('PUT', url, payload);
  patch = (url: string, payload: unknown) => this.request('PATCH', url, payload);
  delete = (url: string) => this.request('DELETE', url);
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'vigil_session');
  if (!c) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
  return `vigil_session=${c.value}`;
}

export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Browser> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return new Browser(app, username, sessionCookie(res), (res.json() as { csrfToken: string }).csrfToken);
}

/** Create an account with these roles (and unit) and sign it in. */
export async function userWith(app: FastifyInstance, vigil: Vigil, username: string, roles: Role[], unitId: number | null = null): Promise<Browser> {
  if (!(await vigil.users.byUsername(username))) {
    await vigil.accounts.add({ username, fullName: `Người dùng ${username}`, roles, unitId, password: TEST_PASSWORD }, TEST_ACTOR);
  }
  return login(app, username);
}
