import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { freePort, quietLog, tempDataDir, testClips, testConfig, waitFor } from './helpers.js';
import { type Browser, TEST_ACTOR, userWith } from './sessions.js';

// The live WebSocket over a real simulated camera, real ffmpeg and a real HTTP server.
let camsim: Camsim;
let vigil: Vigil;
let app: FastifyInstance;
let base = '';
let gate = 0;

beforeAll(async () => {
  camsim = await startCamsim({ clipsDir: await testClips(), port: await freePort(), cameras: 1 });
  vigil = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '1000' }), { log: quietLog, record: false, twoFactorRequired: false });
  app = await buildApp(vigil);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  base = `127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  gate = (await vigil.cameras.create({ name: 'Cổng chính', location: 'Cổng', areaType: 'gate', mainUrl: camsim.url(1), subUrl: camsim.url(1, 'sub'), signInPlace: true, enabled: true }, TEST_ACTOR)).id;
});
afterAll(async () => {
  await app?.close();
  await vigil?.stop();
  await camsim?.stop();
});

interface Received { texts: Array<Record<string, unknown>>; binary: number; closed: boolean }

function watch(b: Browser, path: string, origin?: string): Promise<{ ws: WebSocket; got: Received }> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(`ws://${base}${path}`, { headers: { cookie: b.cookie, ...(origin ? { origin } : {}) } });
    const got: Received = { texts: [], binary: 0, closed: false };
    ws.on('message', (data, isBinary) => {
      if (isBinary) got.binary += 1;
      else got.texts.push(JSON.parse(String(data)) as Record<string, unknown>);
    });
    ws.on('close', () => { got.closed = true; });
    ws.on('open', () => res({ ws, got }));
    ws.on('unexpected-response', (_req, r) => rej(new Error(`HTTP ${r.statusCode}`)));
    ws.on('error', rej);
  });
}

describe('live view over a WebSocket', () => {
  it('streams init and fragments to a guard, audits start and end with the duty reason, and closes the upstream after', async () => {
    const guard = await userWith(app, vigil, 'baove', ['guard']);
    const { ws, got } = await watch(guard, `/api/cameras/${gate}/live?stream=sub`);
    await waitFor('an init segment and fragments', async () => got.texts.some((t) => t.type === 'init') && got.binary >= 3, 30_000);
    const init = got.texts.find((t) => t.type === 'init');
    expect(String(init?.codec)).toMatch(/^avc1\./);
    expect(got.texts.some((t) => t.type === 'status' && t.state === 'live')).toBe(true);
    ws.close();
    await waitFor('the end of the live view in the audit log', async () => (await vigil.auditRepo.search({ action: 'footage.live.end' }, 5)).events.length === 1, 10_000);
    const trail = (await vigil.auditRepo.search({ actor: 'baove', action: 'footage.*' }, 10)).events.map((e) => `${e.action}:${e.reasonCode}`);
    expect(trail).toEqual(['footage.live.end:duty', 'footage.live:duty']);
    await waitFor('the upstream ffmpeg to stop', async () => vigil.live.stats().every((s) => !s.running), 15_000);
  });

  it('refuses someone outside the scope before the socket opens, and a page of another site', async () => {
    const accountant = await userWith(app, vigil, 'ketoan', ['accountant']);
    await expect(watch(accountant, `/api/cameras/${gate}/live`)).rejects.toThrow('HTTP 403');
    const principal = await userWith(app, vigil, 'hieutruong', ['principal']);
    await expect(watch(principal, `/api/cameras/${gate}/live`, 'http://evil.example')).rejects.toThrow('HTTP 403');
    const denied = (await vigil.auditRepo.search({ actor: 'ketoan', outcome: 'denied' }, 5)).events;
    expect(denied[0]?.action).toBe('footage.live');
  });
});
