import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';
import type { DiskUsage } from '../../src/domain/retention.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { decodeErrors, freePort, probe, quietLog, run, sleep, tempDataDir, testClipsLoopingEvery, testConfig, waitFor } from './helpers.js';
import { TEST_ACTOR, userWith } from './sessions.js';
import { buildApp } from '../../src/server/http/app.js';

// Real RTSP (GStreamer), real ffmpeg, real SQLite: three cameras, one of them H.265. The clips
// loop every 20 s of stream time, so the recording crosses loop points within the first minute.
const LOOP_SECONDS = 20;
let camsim: Camsim;
let vigil: Vigil;
let dataDir: string;
let fakeDisk: DiskUsage | null = null;
const ids: Record<'gate' | 'yard' | 'hall', number> = { gate: 0, yard: 0, hall: 0 };

async function indexed(cameraId: number) {
  return vigil.db.selectFrom('segments').selectAll().where('camera_id', '=', cameraId).orderBy('start_ms').execute();
}

beforeAll(async () => {
  const clipsDir = await testClipsLoopingEvery(LOOP_SECONDS);
  camsim = await startCamsim({ clipsDir, port: await freePort(), cameras: 3, h265: [2], user: 'vigil', password: 'p@ss:w0rd' });
  dataDir = await tempDataDir();
  const real = (await import('../../src/server/repositories/disk.js')).statfsProbe(dataDir);
  vigil = await createVigil(testConfig(dataDir), {
    log: quietLog,
    twoFactorRequired: false,
    disk: { usage: async () => fakeDisk ?? real.usage() },
  });
  await vigil.start();
  const add = async (name: string, n: number) =>
    (await vigil.cameras.create({
      name, location: 'Khu A', areaType: 'yard', mainUrl: camsim.url(n), username: 'vigil', password: 'p@ss:w0rd',
      signInPlace: true, enabled: true,
    }, TEST_ACTOR)).id;
  ids.gate = await add('Cổng', 1);
  ids.yard = await add('Sân (H.265)', 2);
  ids.hall = await add('Hành lang', 3);
  // 3 closed segments per camera.
  await waitFor('three segments per camera', async () => {
    for (const id of Object.values(ids)) if ((await indexed(id)).length < 3) return false;
    return true;
  }, 60_000);
});

afterAll(async () => {
  await vigil?.stop().catch(() => undefined);
  await camsim?.stop();
});

describe('the recorder', () => {
  it('records ~10 s segments, continuous in the index, each hashed, for H.264 and H.265', async () => {
    for (const [name, id] of Object.entries(ids)) {
      const readAt = Date.now();
      const rows = await indexed(id);
      for (const [i, row] of rows.entries()) {
        const file = join(vigil.config.recordingsDir, row.path);
        const p = await probe(file);
        expect(p.codec, name).toBe(name === 'yard' ? 'hevc' : 'h264');
        expect(p.durationSeconds).toBeGreaterThan(9.5);
        expect(p.durationSeconds).toBeLessThan(10.5);
        expect(Math.abs(row.end_ms - row.start_ms - p.durationSeconds * 1000)).toBeLessThan(100);
        expect(createHash('sha256').update(await readFile(file)).digest('hex')).toBe(row.sha256);
        const next = rows[i + 1];
        if (next) expect(Math.abs(next.start_ms - row.end_ms)).toBeLessThan(100);
      }
      // Real start times: when the index was read, its newest segment had ended within the last
      // segment length (counted from the read, not from after the probes above, which take a
      // while on a busy machine).
      const last = rows.at(-1);
      expect(readAt - (last?.end_ms ?? 0)).toBeLessThan(12_000);
    }
  });

  it('keeps the camera password out of the command line and out of the API', async () => {
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout).toContain('ffmpeg');
    expect(stdout).not.toContain('p@ss');
    expect(stdout).not.toContain('p%40ss');
    const view = await vigil.cameras.get(ids.gate);
    expect(JSON.stringify(view)).not.toContain('p@ss');
    expect(view.credentials).toEqual({ username: 'v••••', password: '••••••••' });
    const inputFile = join(vigil.config.runDir, `camera-${ids.gate}.ffconcat`);
    expect((await import('node:fs')).statSync(inputFile).mode & 0o777).toBe(0o600);
  });

  it('a camera dropped for 15 s leaves a gap of about that length and records again by itself', async () => {
    const before = (await indexed(ids.hall)).length;
    const droppedAt = Date.now();
    await camsim.drop(3, 15);
    await waitFor('the camera to show as down', async () => vigil.recorder?.state(ids.hall)?.health !== 'recording', 15_000, 200);
    // Where the footage stopped: a segment that began on its usual boundary just after the drop was
    // asked for, before the camera actually went, is footage from before the gap, not a resumption.
    const opened = await waitFor('the gap to open', async () =>
      vigil.db.selectFrom('gaps').selectAll().where('camera_id', '=', ids.hall).executeTakeFirst(), 15_000, 200);
    const returnedAt = droppedAt + 15_000;
    const firstAfter = await waitFor('recording to resume', async () => {
      const rows = await indexed(ids.hall);
      return rows.find((r) => r.start_ms > droppedAt && r.start_ms >= opened.start_ms);
    }, 60_000);
    expect((await indexed(ids.hall)).length).toBeGreaterThan(before);
    // Recording resumed within 10 s of the camera's return.
    expect(firstAfter.start_ms - returnedAt).toBeLessThan(10_000);
    const gaps = await vigil.db.selectFrom('gaps').selectAll().where('camera_id', '=', ids.hall).execute();
    expect(gaps).toHaveLength(1);
    const gap = gaps[0];
    if (!gap || gap.end_ms === null) throw new Error('gap not closed');
    expect(gap.end_ms).toBe(firstAfter.start_ms);
    const seconds = (gap.end_ms - gap.start_ms) / 1000;
    expect(seconds).toBeGreaterThan(13);
    expect(seconds).toBeLessThan(26);
    expect(gap.reason).toBe('camera_disconnected');
    const tl = await vigil.footage.timeline(ids.hall, { startMs: droppedAt - 60_000, endMs: Date.now() });
    expect(tl.spans.length).toBe(2);
    expect(tl.gaps).toHaveLength(1);
    expect(vigil.recorder?.state(ids.hall)?.health).toBe('recording');
  });

  it('cuts a playable MP4 clip of the asked length (± one keyframe interval) without re-encoding', async () => {
    const rows = await indexed(ids.gate);
    const first = rows[0];
    const second = rows[1];
    if (!first || !second) throw new Error('need two segments');
    const range = { startMs: first.start_ms + 3000, endMs: second.start_ms + 7000 };
    const clip = await vigil.footage.clip(ids.gate, range);
    try {
      const p = await probe(clip.file);
      expect(Math.abs(p.durationSeconds - 14)).toBeLessThanOrEqual(2);
      expect(p.codec).toBe('h264');
      expect(await decodeErrors(clip.file)).toBe('');
    } finally {
      await clip.dispose();
    }
    expect(existsSync(clip.file)).toBe(false);
  });

  it('plays back and exports footage over HTTP only with a reason, and audits each (R3.1, R2.3)', async () => {
    const app = await buildApp(vigil);
    try {
      const principal = await userWith(app, vigil, 'hieutruong', ['principal']);
      const guard = await userWith(app, vigil, 'baove', ['guard']);
      const rows = await indexed(ids.gate);
      const first = rows[0];
      if (!first) throw new Error('need a segment');
      const range = `from=${first.start_ms + 1000}&to=${first.start_ms + 6000}`;
      const noReason = await guard.post('/api/viewings', { cameraIds: [ids.gate], reasonCode: 'incident', reasonText: '' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().message).toContain('lý do');
      const viewing = await guard.post('/api/viewings', { cameraIds: [ids.gate], reasonCode: 'incident', reasonText: 'Học sinh ngã ở cổng lúc tan học' });
      expect(viewing.statusCode).toBe(201);
      const played = await guard.get(`/api/cameras/${ids.gate}/playback?${range}&viewing=${viewing.json().id}`);
      expect(played.statusCode).toBe(200);
      expect(played.headers['content-type']).toBe('video/mp4');
      expect(played.rawPayload.length).toBeGreaterThan(10_000);
      const clipNoReason = await principal.get(`/api/cameras/${ids.gate}/clip?${range}`);
      expect(clipNoReason.statusCode).toBe(400);
      expect((await guard.get(`/api/cameras/${ids.gate}/clip?${range}&reasonCode=evidence&reasonText=${encodeURIComponent('Lưu làm chứng cứ')}`)).statusCode).toBe(403);
      const clip = await principal.get(`/api/cameras/${ids.gate}/clip?${range}&reasonCode=evidence&reasonText=${encodeURIComponent('Lưu làm chứng cứ vụ việc 01')}`);
      expect(clip.statusCode).toBe(200);
      const file = join(dataDir, 'downloaded.mp4');
      await writeFile(file, clip.rawPayload);
      expect((await probe(file)).frames).toBeGreaterThan(100);
      const trail = (await vigil.auditRepo.search({ action: 'footage.*' }, 20)).events.map((e) => `${e.actor}:${e.action}:${e.outcome}:${e.reasonCode}:${e.reasonText}`);
      expect(trail).toEqual(expect.arrayContaining([
        'baove:footage.playback:allowed:incident:Học sinh ngã ở cổng lúc tan học',
        'baove:footage.clip:denied:evidence:Lưu làm chứng cứ',
        'hieutruong:footage.clip:allowed:evidence:Lưu làm chứng cứ vụ việc 01',
      ]));
    } finally {
      await app.close();
    }
  });

  it('keeps every segment ~10 s and continuous across the simulator loop points at 20 s and 40 s', async () => {
    // The pipeline loops every 20 s of stream time; five segments take the recording past two loop points.
    const rows = await waitFor('five segments', async () => {
      const r = await indexed(ids.gate);
      return r.length >= 5 ? r : null;
    }, 60_000);
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) throw new Error('no rows');
    expect(last.end_ms - first.start_ms).toBeGreaterThanOrEqual(2 * LOOP_SECONDS * 1000 + 9_000);
    for (const [i, row] of rows.entries()) {
      const p = await probe(join(vigil.config.recordingsDir, row.path));
      // 10 s at 25 fps: no frame lost or doubled at the loop (the first may differ by one).
      if (i === 0) expect(Math.abs(p.frames - 250)).toBeLessThanOrEqual(1);
      else expect(p.frames).toBe(250);
      const next = rows[i + 1];
      if (next) expect(Math.abs(next.start_ms - row.end_ms)).toBeLessThan(100);
    }
  });

  it('on a full disk deletes the oldest unheld footage and keeps held footage', async () => {
    const rows = await indexed(ids.yard);
    const [oldest, second, third] = rows;
    if (!oldest || !second || !third) throw new Error('need three segments');
    await vigil.holds.create({
      cameraId: ids.yard, startMs: oldest.start_ms, endMs: oldest.end_ms, kind: 'evidence',
      reason: 'Vụ việc thử nghiệm', createdBy: 'test', createdAt: Date.now(), untilMs: null,
    });
    const all = await vigil.db.selectFrom('segments').selectAll().orderBy('start_ms').execute();
    const total = all.reduce((n, s) => n + s.size_bytes, 0);
    // The disk is at its 90 % high-water mark: half of all footage must go to get under 85 %.
    fakeDisk = { totalBytes: total * 10, usedBytes: total * 9 };
    const report = await vigil.sweeper.sweep();
    fakeDisk = null;
    expect(report.diskPressure).toBeGreaterThan(0);
    expect(report.keptHeld).toBeGreaterThanOrEqual(1);
    const left = new Set((await vigil.db.selectFrom('segments').select('id').execute()).map((r) => r.id));
    expect(left.has(oldest.id)).toBe(true);
    expect(existsSync(join(vigil.config.recordingsDir, oldest.path))).toBe(true);
    const deleted = all.filter((s) => !left.has(s.id));
    // Oldest first: everything deleted is older than everything unheld that is kept.
    const keptUnheld = all.filter((s) => left.has(s.id) && s.id !== oldest.id);
    expect(deleted.length).toBeGreaterThan(0);
    expect(keptUnheld.length).toBeGreaterThan(0);
    expect(Math.max(...deleted.map((s) => s.start_ms))).toBeLessThanOrEqual(Math.min(...keptUnheld.map((s) => s.start_ms)));
    for (const s of deleted) expect(existsSync(join(vigil.config.recordingsDir, s.path))).toBe(false);
    const log = await vigil.db.selectFrom('retention_log').selectAll().execute();
    expect(log.reduce((n, l) => n + l.segments, 0)).toBe(deleted.length);
    expect(log.every((l) => l.reason === 'disk_pressure')).toBe(true);
    // The early deletion is on record for the equipment officer.
    const event = (await vigil.events.recent(10)).find((e) => e.kind === 'disk_pressure');
    expect(event?.detail).toMatchObject({ deleted: deleted.length });
    // R2.3: each deletion is in the audit log, with the hashes of what went.
    const audited = (await vigil.db.selectFrom('audit_events').selectAll().where('action', '=', 'footage.delete').execute())
      .flatMap((e) => (JSON.parse(e.detail) as { sha256: string[] }).sha256);
    expect(audited.sort()).toEqual(deleted.map((s) => s.sha256).sort());
    expect((await vigil.audit.verify()).ok).toBe(true);
  });

  it('shuts down gracefully: the segment in progress is closed and indexed', async () => {
    const incoming = join(vigil.config.recordingsDir, String(ids.gate), '.incoming');
    await sleep(3000);
    const stoppedAt = Date.now();
    await vigil.stop();
    expect((await readdir(incoming)).filter((f) => f.endsWith('.mp4'))).toEqual([]);
    vigil = await createVigil(testConfig(dataDir), { log: quietLog, record: false });
    const lastRow = (await indexed(ids.gate)).at(-1);
    if (!lastRow) throw new Error('no rows');
    // The last segment ends when the recorder stopped: it is the one that was in progress.
    expect(Math.abs(lastRow.end_ms - stoppedAt)).toBeLessThan(1500);
    expect(await decodeErrors(join(vigil.config.recordingsDir, lastRow.path))).toBe('');
    const gap = await vigil.db.selectFrom('gaps').selectAll().where('camera_id', '=', ids.gate).executeTakeFirst();
    expect(gap).toMatchObject({ reason: 'recorder_stopped', end_ms: null });
  });
});
