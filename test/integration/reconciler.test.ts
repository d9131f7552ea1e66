import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomingDir, segmentRelPath } from '../../src/server/recorder/indexer.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { quietLog, run, tempDataDir, testConfig } from './helpers.js';
import { TEST_ACTOR } from './sessions.js';

let vigil: Vigil;
let sample: string;

beforeAll(async () => {
  const dir = await tempDataDir();
  sample = join(dir, 'sample.mp4');
  // A real 4 s fragmented MP4, as the recorder writes them.
  await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=4', '-c:v', 'libx264', '-preset', 'ultrafast',
    '-g', '50', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', sample]);
  vigil = await createVigil(testConfig(dir), { log: quietLog, record: false });
});
afterAll(async () => vigil?.stop());

describe('the start-up reconciler', () => {
  it('indexes files the index lacks, salvages unfinished ones and marks rows without a file missing', async () => {
    const cam = await vigil.cameras.create({ name: 'Kho', location: 'Kho', areaType: 'storeroom', mainUrl: 'rtsp://127.0.0.1:1/x', signInPlace: true, enabled: false }, TEST_ACTOR);
    const t0 = Date.UTC(2026, 10, 24, 23, 59, 50);
    const rec = vigil.config.recordingsDir;
    for (const start of [t0, t0 + 4000]) {
      const rel = segmentRelPath(cam.id, start);
      await mkdir(dirname(join(rec, rel)), { recursive: true });
      await copyFile(sample, join(rec, rel));
    }
    await mkdir(incomingDir(rec, cam.id), { recursive: true });
    await copyFile(sample, join(incomingDir(rec, cam.id), '123-g1-000004.mp4'));
    await vigil.segments.index({ cameraId: cam.id, startMs: t0 - 10_000, endMs: t0, sizeBytes: 5, sha256: 'gone', path: segmentRelPath(cam.id, t0 - 10_000) }, 1);

    const report = await vigil.reconciler.run([cam.id]);
    expect(report).toMatchObject({ indexedFromDisk: 2, salvaged: 1, markedMissing: 1 });
    const rows = await vigil.db.selectFrom('segments').selectAll().where('camera_id', '=', cam.id).orderBy('start_ms').execute();
    expect(rows.map((r) => r.status)).toEqual(['missing', 'ok', 'ok', 'ok']);
    expect(rows[1]).toMatchObject({ start_ms: t0, end_ms: t0 + 4000 });
    const event = await vigil.db.selectFrom('system_events').selectAll().where('kind', '=', 'segments_missing').executeTakeFirst();
    expect(event?.camera_id).toBe(cam.id);
    // A second run finds nothing left to do.
    expect(await vigil.reconciler.run([cam.id])).toMatchObject({ indexedFromDisk: 0, salvaged: 0, markedMissing: 0 });
  });
});
