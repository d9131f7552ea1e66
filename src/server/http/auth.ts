import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACTIONS, type Action, type CameraFacts, type Resource, type Subject, actingRole, canAtAll } from '../../domain/policy.js';
import { AppError } from '../errors.js';
import type { Actor } from '../services/actor.js';
import type { Client, SignedIn } from '../services/sign-in.js';
import type { Vigil } from '../vigil.js';

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Every route says who may call it, in its config:
 * - `action`: an action of the policy table (src/domain/policy.ts) — signed in, sign-in finished, allowed;
 * - `access: 'signing-in'`: a step of signing in (any session, even one waiting for its second factor);
 * - `access: 'public'`: no session (the login itself, health, the web app's files).
 * A route with none of these fails at start-up, so no route can be added without a rule.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    action?: Action;
    access?: 'public' | 'signing-in';
  }
  interface FastifyRequest {
    viewer: Viewer | null;
  }
  interface FastifyInstance {
    /** Every route with its rule, for the route × role matrix test and the API docs. */
    accessRules: AccessRule[];
  }
}

export interface AccessRule {
  method: string;
  url: string;
  action: Action | null;
  access: 'public' | 'signing-in' | null;
}

export interface Viewer extends SignedIn {
  subject: Subject;
}

const unauthenticated = () =>
  new AppError(401, 'auth.required', { vi: 'Bạn cần đăng nhập (phiên có thể đã hết hạn).', en: 'Please sign in (your session may have expired).' });
const unfinished = () =>
  new AppError(403, 'auth.unfinished', {
    vi: 'Hãy hoàn tất đăng nhập trước (mã xác thực hai lớp hoặc đổi mật khẩu).',
    en: 'Finish signing in first (the two-factor code or a password change).',
  });
const badCsrf = () =>
  new AppError(403, 'auth.csrf', {
    vi: 'Yêu cầu thiếu mã chống giả mạo (CSRF). Hãy tải lại trang rồi thử lại.',
    en: 'The request lacks its anti-forgery (CSRF) token. Reload the page and try again.',
  });
export const forbidden = () =>
  new AppError(403, 'forbidden', {
    vi: 'Bạn không có quyền làm việc này. Nếu cần, hãy đề nghị Ban Giám hiệu cấp quyền.',
    en: 'You are not allowed to do this. If you need to, ask the school leadership for access.',
  });

export const clientOf = (req: FastifyRequest): Client => ({
  ip: req.ip ?? null,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null,
});

export function actorOf(req: FastifyRequest, action?: Action): Actor {
  const v = req.viewer;
  const client = clientOf(req);
  if (!v) return { name: 'anonymous', role: null, ...client };
  return { name: v.user.username, role: action ? actingRole(v.subject, action) : (v.user.roles[0] ?? null), ...client };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sessions from the cookie, CSRF for cookie-authenticated writes, and the route's rule. */
export async function registerAuth(app: FastifyInstance, vigil: Vigil): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('viewer', null);

  const rules: AccessRule[] = [];
  app.decorate('accessRules', rules);
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { action?: Action; access?: 'public' | 'signing-in' };
    const known = config.access === 'public' || config.access === 'signing-in' || (config.action !== undefined && (ACTIONS as readonly string[]).includes(config.action));
    if (!known) throw new Error(`Route ${String(route.method)} ${route.url} has no access rule: give it config.action from the policy table, or config.access.`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') rules.push({ method, url: route.url, action: config.action ?? null, access: config.access ?? null });
    }
  });

  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    // The web app's files hold no data: only the API needs to know who is asking.
    if (!token || !req.url.startsWith('/api/')) return;
    const si = await vigil.signIn.resolve(token);
    if (si) req.viewer = { ...si, subject: await vigil.access.subject(si.user) };
  });

  app.addHook('preHandler', async (req) => {
    const config = req.routeOptions.config;
    if (config.access === 'public' || req.is404) return;
    const v = req.viewer;
    if (!v) throw unauthenticated();
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, v.session.csrfToken)) throw badCsrf();
    }
    if (config.access === 'signing-in') return;
    if (v.session.stage !== 'ok') throw unfinished();
    const action = config.action;
    if (!action || !canAtAll(v.subject, action, vigil.now())) {
      if (action) await auditRefusal(vigil, req, action, null, statedReason(req));
      throw forbidden();
    }
  });
}

/** The reason a refused request gave, as typed (not yet validated), so the refusal is on the record with it. */
function statedReason(req: FastifyRequest): { code: string; text: string } | undefined {
  const from = { ...(req.query as Record<string, unknown> | undefined), ...(typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {}) };
  const code = from.reasonCode;
  const text = from.reasonText;
  if (typeof code !== 'string') return undefined;
  return { code: code.slice(0, 40), text: typeof text === 'string' ? text.slice(0, 500) : '' };
}

async function auditRefusal(vigil: Vigil, req: FastifyRequest, action: Action, camera: CameraFacts | null, reason?: { code: string; text: string }): Promise<void> {
  await vigil.audit.record({
    ...actorFacts(actorOf(req, action)), action, resourceType: camera ? 'camera' : 'system', resourceId: camera ? String(camera.id) : null,
    cameraId: camera?.id ?? paramCamera(req), reasonCode: reason?.code ?? null, reasonText: reason?.text ?? null, outcome: 'denied',
    detail: { method: req.method, route: req.routeOptions.url ?? req.url },
  });
}

/** The camera a refused camera route was about, when its id is a plain number. */
function paramCamera(req: FastifyRequest): number | null {
  const id = (req.params as Record<string, unknown> | undefined)?.id;
  const url = req.routeOptions.url ?? '';
  return url.startsWith('/api/cameras/') && typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : null;
}

const actorFacts = (a: Actor) => ({ actor: a.name, actorRole: a.role, ip: a.ip, userAgent: a.userAgent });

/**
 * The resource-level check a route makes once it knows the camera (and the time range):
 * allowed, or a 403 that the audit log keeps with the reason given (R3.1: refusals too).
 */
export async function authorize(vigil: Vigil, req: FastifyRequest, action: Action, resource: Extract<Resource, { camera: CameraFacts }>, reason?: { code: string; text: string }) {
  const v = req.viewer;
  if (!v) throw unauthenticated();
  const decision = vigil.access.decide(v.subject, action, resource);
  if (decision.allowed) return decision;
  await auditRefusal(vigil, req, action, resource.camera, reason);
  throw forbidden();
}

/** The signed-in viewer of a route that has passed the preHandler. */
export function viewerOf(req: FastifyRequest): Viewer {
  if (!req.viewer) throw unauthenticated();
  return req.viewer;
}

export function setSessionCookie(reply: FastifyReply, req: FastifyRequest, token: string, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https', maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply, req: FastifyRequest): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' });
}
