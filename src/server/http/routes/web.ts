import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Vigil } from '../../vigil.js';

/** web/dist of this checkout, from src/ (tsx) or dist/src/ (compiled): the first folder up with a package.json. */
export function defaultWebDist(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return resolve('web/dist');
    dir = up;
  }
  return join(dir, 'web/dist');
}

const NOT_BUILT = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Vigil</title></head><body style="font-family:system-ui,sans-serif;margin:24px;max-width:640px">
<h1>Vigil</h1><p>Giao diện web chưa được build. Hãy chạy <code>npm run build</code> (hoặc <code>npm run demo</code>) rồi tải lại trang.</p>
<p lang="en">The web app has not been built. Run <code>npm run build</code> (or <code>npm run demo</code>) and reload this page.</p></body></html>`;

// Vite names every file in assets/ by its content hash: a new build has new names, so a year is safe.
const FOREVER = 'public, max-age=31536000, immutable';
// index.html names the current assets: the browser must ask again each time (a 304 when unchanged).
const REVALIDATE = 'no-cache';

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
const looksLikeFile = (path: string) => /\.[a-z0-9]+$/i.test(path);

/**
 * The web app (web/dist, built by `npm run build`): hashed assets cached for good, index.html for
 * every other address outside /api so the app's own routes work on reload (SPA fallback). Public:
 * the app asks the API who is signed in.
 */
export const webRoutes = (_vigil: Vigil, distDir = defaultWebDist()): FastifyPluginAsync => async (app) => {
  // serve: false: the plugin's own routes would carry no access rule; these routes below do.
  await app.register(fastifyStatic, { root: distDir, serve: false, cacheControl: false });

  const index = (reply: FastifyReply) => {
    if (!existsSync(join(distDir, 'index.html'))) {
      return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT);
    }
    return reply.header('cache-control', REVALIDATE).type('text/html; charset=utf-8').sendFile('index.html');
  };

  const assets = resolve(distDir, 'assets');
  app.get('/assets/*', { config: { access: 'public' } }, async (req, reply) => {
    const file = (req.params as { '*': string })['*'];
    const full = resolve(assets, file);
    // A missing file is a plain 404, never cached for a year; nothing outside assets/ is served.
    if (!full.startsWith(assets + sep) || !existsSync(full)) return reply.callNotFound();
    return reply.header('cache-control', FOREVER).sendFile(file, assets);
  });

  app.get('/*', { config: { access: 'public' } }, async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (isApi(path)) return reply.callNotFound();
    if (!looksLikeFile(path)) return index(reply);
    // A file at the top of web/dist (favicon.svg); a missing one is a 404, not the app.
    const name = path.slice(1);
    if (name.includes('/') || !existsSync(join(distDir, name))) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=86400').sendFile(name);
  });
};
