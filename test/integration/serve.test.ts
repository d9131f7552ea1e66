import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { generate } from 'otplib';
import { type Server, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVigil } from '../../src/server/vigil.js';
import { freePort, quietLog, run, tempDataDir, testConfig } from './helpers.js';
import { TEST_ACTOR } from './sessions.js';

let busy: Server;
let busyPort: number;
let silentCamera: Server;
let cameraPort: number;

beforeAll(async () => {
  busyPort = await freePort();
  cameraPort = await freePort();
  busy = createServer().listen(busyPort, '127.0.0.1');
  // A camera that accepts the connection and never answers: its ffmpeg would wait seconds.
  silentCamera = createServer(() => undefined).listen(cameraPort, '127.0.0.1');
});
afterAll(() => {
  busy.close();
  silentCamera.close();
});

describe('vigil serve on a busy port', () => {
  it('says which port is taken, exits, and leaves no recorder running', async () => {
    const dir = await tempDataDir();
    const setup = await createVigil(testConfig(dir), { log: quietLog, record: false });
    await setup.cameras.create({ name: 'Cổng', location: 'Cổng', areaType: 'gate', mainUrl: `rtsp://127.0.0.1:${cameraPort}/cam`, signInPlace: true, enabled: true }, TEST_ACTOR);
    await setup.stop();
    const result = await new Promise<{ code: number; err: string }>((res) => {
      execFile(process.execPath, ['bin/vigil.js', 'serve'], { env: { ...process.env, VIGIL_DATA_DIR: dir, VIGIL_PORT: String(busyPort), VIGIL_LOG_LEVEL: 'silent' } },
        (error, _out, stderr) => res({ code: error ? Number(error.code ?? 1) : 0, err: stderr }));
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain(`cổng ${busyPort} đang được dùng`);
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout).not.toContain(`${dir}/run/camera-`);
  });
});

/** Start `vigil serve` and collect its output until `until` appears in it. */
function startServe(dir: string, port: number, until: RegExp): Promise<{ child: ChildProcess; out: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['bin/vigil.js', 'serve'], { env: { ...process.env, VIGIL_DATA_DIR: dir, VIGIL_PORT: String(port), VIGIL_LOG_LEVEL: 'silent' } });
    let out = '';
    const timer = setTimeout(() => rej(new Error(`vigil serve did not start: ${out}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) {
        clearTimeout(timer);
        res({ child, out });
      }
    });
    child.on('exit', (code) => rej(new Error(`vigil serve exited ${code}: ${out}`)));
  });
}

const stopServe = (child: ChildProcess) => new Promise<void>((res) => {
  child.removeAllListeners('exit');
  child.on('exit', () => res());
  child.kill('SIGINT');
});

describe('vigil serve on an empty database', () => {
  it('creates the first administrator with a one-time password printed once, who must add a second factor and a new password', async () => {
    const dir = await tempDataDir();
    const port = await freePort();
    const first = await startServe(dir, port, /next:|Tiếp theo/);
    const password = /one-time password:\s+(\S+)/.exec(first.out)?.[1];
    expect(password, first.out).toBeTruthy();
    const base = `http://127.0.0.1:${port}`; // listening on every interface reaches loopback too
    let cookie = '';
    let csrf = '';
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const set = r.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0] ?? '';
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };
    const login = await call('POST', '/api/auth/login', { username: 'admin', password });
    expect(login.json.stage).toBe('enrol'); // "From Vietnamese law": two-factor for the administrator
    csrf = String(login.json.csrfToken);
    const { secret } = (await call('POST', '/api/auth/totp/enrol', {})).json as { secret: string };
    const confirmed = await call('POST', '/api/auth/totp/confirm', { code: await generate({ secret }) });
    expect(confirmed.json.next).toBe('password'); // the one-time password must go
    expect((await call('GET', '/api/users')).status).toBe(403);
    expect((await call('POST', '/api/auth/password', { currentPassword: password, newPassword: 'Quản-trị-mới-2026' })).status).toBe(200);
    expect((await call('GET', '/api/users')).status).toBe(200);
    await stopServe(first.child);

    const second = await startServe(dir, port, /next:|Tiếp theo/);
    expect(second.out).not.toContain('one-time password');
    await stopServe(second.child);
  });
});
