import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { freePort, quietLog, run, sleep, tempDataDir, testClips, testConfig, waitFor } from './helpers.js';
import { TEST_ACTOR } from './sessions.js';

let camsim: Camsim;
let vigil: Vigil;

beforeAll(async () => {
  camsim = await startCamsim({ clipsDir: await testClips(), port: await freePort(), cameras: 1 });
  vigil = await createVigil(testConfig(await tempDataDir(), { VIGIL_WATCHDOG_SECONDS: '5' }), { log: quietLog, offlineAfterMs: 8000 });
  await vigil.start();
});

afterAll(async () => {
  camsim?.thaw();
  await vigil?.stop();
  await camsim?.stop();
});

describe('a frozen camera (TCP open, no data)', () => {
  it('is killed by the watchdog, shown offline, and recorded again once it thaws', async () => {
    const { id } = await vigil.cameras.create({ name: 'Nhà xe', location: 'Nhà xe', areaType: 'parking', mainUrl: camsim.url(1), signInPlace: true, enabled: true }, TEST_ACTOR);
    await waitFor('recording', async () => vigil.recorder?.state(id)?.health === 'recording', 20_000);
    camsim.freeze();
    const frozenAt = Date.now();
    await waitFor('the camera to be reported offline', async () => vigil.recorder?.state(id)?.health === 'offline', 30_000);
    const sup = vigil.recorder?.state(id);
    expect(sup?.downSinceMs).toBeGreaterThanOrEqual(frozenAt - 3000);
    camsim.thaw();
    const thawedAt = Date.now();
    await waitFor('recording again', async () => {
      const last = await vigil.segments.latest(id);
      return last && last.startMs > thawedAt - 2000 ? last : null;
    }, 40_000);
    const gaps = await vigil.db.selectFrom('gaps').selectAll().where('camera_id', '=', id).execute();
    expect(gaps.map((g) => g.reason)).toContain('watchdog');
  });

  it('a camera disabled the moment it was added leaves no ffmpeg running', async () => {
    const { id } = await vigil.cameras.create({ name: 'Thư viện', location: 'Khu C', areaType: 'library', mainUrl: camsim.url(1), signInPlace: true, enabled: true }, TEST_ACTOR);
    await vigil.cameras.update(id, { enabled: false }, TEST_ACTOR);
    await sleep(1500);
    const { stdout } = await run('ps', ['-eo', 'args']);
    // This Vigil's own run folder: other test files' recorders may run a camera with the same id.
    expect(stdout).not.toContain(`${vigil.config.runDir}/camera-${id}.ffconcat`);
    expect(vigil.recorder?.state(id)).toBeNull();
  });
});
