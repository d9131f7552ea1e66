import { readFileSync } from 'node:fs';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerAuth } from './auth.js';
import { authRoutes } from './routes/auth.js';
import { userRoutes } from './routes/users.js';
import { grantRoutes } from './routes/grants.js';
import { auditRoutes } from './routes/audit.js';
import websocket from '@fastify/websocket';
import { liveRoutes } from './routes/live.js';
import { healthRoutes } from './routes/health.js';
import { AppError, WHAT, notFound } from '../errors.js';
import type { Vigil } from '../vigil.js';
import { lang } from './validate.js';
import { cameraRoutes } from './routes/cameras.js';
import { footageRoutes } from './routes/footage.js';
import { storageRoutes } from './routes/storage.js';
import { webRoutes } from './routes/web.js';
import { incidentRoutes } from './routes/incidents.js';
import { caseRoutes } from './routes/cases.js';
import { notificationRoutes } from './routes/notifications.js';
import { requestRoutes } from './routes/requests.js';
import { complaintRoutes } from './routes/complaints.js';

/** Fastify's own client errors, told in words a user understands. */
function fromFastify(err: FastifyError): AppError | null {
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
    return new AppError(400, 'invalid_json', { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' });
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError(413, 'too_large', { vi: 'Nội dung gửi lên quá lớn.', en: 'The request body is too large.' });
  }
  if (err.statusCode === 429) {
    return new AppError(429, 'too_many_requests', {
      vi: 'Bạn gửi quá nhiều yêu cầu. Hãy chờ một phút rồi thử lại.',
      en: 'Too many requests. Wait a minute and try again.',
    });
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError(415, 'unsupported_media_type', { vi: 'Hãy gửi dữ liệu dạng application/json.', en: 'Send the data as application/json.' });
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError(err.statusCode, 'bad_request', { vi: 'Yêu cầu không hợp lệ.', en: 'The request is not valid.' });
  }
  return null;
}

export async function buildApp(vigil: Vigil): Promise<FastifyInstance> {
  const { config } = vigil;
  const app = Fastify({
    logger: false,
    bodyLimit: 256 * 1024,
    trustProxy: config.trustProxy,
    // Slow or endless requests do not tie the server up.
    requestTimeout: 120_000,
    routerOptions: { maxParamLength: 200 },
    ...(config.tls ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } } : {}),
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'], mediaSrc: ["'self'", 'blob:'], connectSrc: ["'self'"], frameAncestors: ["'none'"], formAction: ["'self'"], objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Plain HTTP on a school's LAN is allowed; HSTS only when served over HTTPS.
    hsts: config.tls !== null,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, { global: false });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const known = err instanceof AppError ? err : fromFastify(err);
    if (known) {
      return reply.status(known.status).send({ code: known.code, message: known.text[lang(req)], ...(known.details ? { details: known.details } : {}) });
    }
    vigil.log.error({ err: err.message, url: req.url }, 'unexpected error');
    return reply.status(500).send({
      code: 'internal',
      message: lang(req) === 'en' ? 'Something went wrong on the server. Try again; if it persists, tell the administrator.' : 'Máy chủ gặp lỗi. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống.',
    });
  });
  app.setNotFoundHandler((req, reply) => {
    const e = notFound(WHAT.route);
    return reply.status(404).send({ code: e.code, message: e.text[lang(req)] });
  });

  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await registerAuth(app, vigil);
  // Opening an incident, case, request or complaint reads its notices, before the page asks the bell again.
  const RECORD = /^\/api\/(incident|case|request|complaint)s\/(\d+)$/;
  app.addHook('onSend', async (req, reply, payload) => {
    const m = req.method === 'GET' && reply.statusCode === 200 && req.viewer ? RECORD.exec(req.url.split('?')[0] ?? '') : null;
    if (m && req.viewer) await vigil.notifications.markReadFor(req.viewer.user.id, m[1] ?? '', Number(m[2]), vigil.now());
    return payload;
  });
  app.get('/api/health', { config: { access: 'public' } }, async () => ({ ok: true }));
  await app.register(authRoutes(vigil));
  await app.register(userRoutes(vigil));
  await app.register(grantRoutes(vigil));
  await app.register(auditRoutes(vigil));
  await app.register(cameraRoutes(vigil));
  await app.register(healthRoutes(vigil));
  await app.register(liveRoutes(vigil));
  await app.register(footageRoutes(vigil));
  await app.register(storageRoutes(vigil));
  await app.register(incidentRoutes(vigil));
  await app.register(caseRoutes(vigil));
  await app.register(notificationRoutes(vigil));
  await app.register(requestRoutes(vigil));
  await app.register(complaintRoutes(vigil));
  // The web app: its catch-all serves the SPA; unknown /api/* paths still get the JSON 404.
  await app.register(webRoutes(vigil));
  return app;
}
