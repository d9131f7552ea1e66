import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';
import { bufferReader, hasFragment } from '../../src/server/recorder/segment-file.js';
import { freePort, probe, quietLog, sleep, tempDataDir, testClips, testConfig, waitFor } from './helpers.js';
import { TEST_ACTOR } from './sessions.js';
import { createVigil } from '../../src/server/vigil.js';

let camsim: Camsim;
let dataDir: string;
let port: number;
let server: ChildProcess | null = null;

/** `vigil serve` as its own process group, so a crash can take ffmpeg down with it. */
async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/vigil.js', 'serve'], {
    env: { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_PORT: String(port), VIGIL_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  await waitFor('the server to answer', async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.ok, 30_000);
  return child;
}

async function filesOnDisk(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.mp4')) continue;
    const buf = await readFile(join(entry.parentPath, entry.name));
    if (await hasFragment(bufferReader(buf), buf.length)) out.set(createHash('sha256').update(buf).digest('hex'), join(entry.parentPath, entry.name));
  }
  return out;
}

beforeAll(async () => {
  camsim = await startCamsim({ clipsDir: await testClips(), port: await freePort(), cameras: 2 });
  dataDir = await tempDataDir();
  port = await freePort();
});

afterAll(async () => {
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  await camsim?.stop();
});

describe('a recorder killed with SIGKILL', () => {
  it('indexes every segment written before the kill after a restart, readable, with no duplicate rows', async () => {
    // The registry is filled beforehand, as the equipment officer would have done.
    const setup = await createVigil(testConfig(dataDir), { log: quietLog, record: false });
    for (const n of [1, 2]) {
      await setup.cameras.create({ name: `Camera ${n}`, location: 'Khu B', areaType: 'corridor', mainUrl: camsim.url(n), signInPlace: true, enabled: true }, TEST_ACTOR);
    }
    await setup.stop();
    server = await startServer();
    const db = () => new BetterSqlite3(join(dataDir, 'vigil.sqlite'), { readonly: true });
    await waitFor('two segments per camera', async () => {
      const d = db();
      const n = d.prepare('select min(c) m from (select count(*) c from segments group by camera_id having count(*) > 0)').get() as { m: number | null };
      const cams = d.prepare('select count(distinct camera_id) c from segments').get() as { c: number };
      d.close();
      return cams.c === 2 && (n.m ?? 0) >= 2;
    }, 60_000);
    await sleep(4000); // mid-segment
    const pid = server.pid;
    if (!pid) throw new Error('no pid');
    process.kill(-pid, 'SIGKILL');
    await new Promise((r) => server?.once('exit', r));

    const written = await filesOnDisk(join(dataDir, 'recordings'));
    expect(written.size).toBeGreaterThanOrEqual(6);
    server = await startServer();
    // The server answers before its start-up reconciliation is done: wait for it (seconds on a busy machine).
    const read = () => {
      const d = db();
      const r = d.prepare('select path, sha256, status from segments').all() as Array<{ path: string; sha256: string; status: string }>;
      d.close();
      return r;
    };
    await waitFor('the segments written before the kill to be indexed', async () => {
      const hashes = new Set(read().map((r) => r.sha256));
      return [...written.keys()].every((h) => hashes.has(h));
    }, 30_000, 250);
    await sleep(1000);

    const rows = read();
    const indexedHashes = rows.map((r) => r.sha256);
    for (const hash of written.keys()) expect(indexedHashes).toContain(hash);
    expect(new Set(indexedHashes).size).toBe(indexedHashes.length);
    expect(new Set(rows.map((r) => r.path)).size).toBe(rows.length);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    for (const r of rows.filter((row) => written.has(row.sha256))) {
      const p = await probe(join(dataDir, 'recordings', r.path));
      expect(p.frames).toBeGreaterThan(0);
    }
    const incoming = await readdir(join(dataDir, 'recordings', '1', '.incoming'));
    expect(incoming.filter((f) => written.has(f))).toEqual([]);

    server.kill('SIGTERM');
    await new Promise((r) => server?.once('exit', r));
  });
});
