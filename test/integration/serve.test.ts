import { execFile } from 'node:child_process';
import { type Server, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVigil } from '../../src/server/vigil.js';
import { freePort, quietLog, run, tempDataDir, testConfig } from './helpers.js';

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
    await setup.cameras.create({ name: 'Cổng', location: 'Cổng', areaType: 'gate', mainUrl: `rtsp://127.0.0.1:${cameraPort}/cam`, signInPlace: true, enabled: true });
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
