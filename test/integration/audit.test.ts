import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainProblem, type ChainedEvent, GENESIS_HASH, factsOf, hashEventReference } from '../../src/domain/audit-chain.js';
import { type AuditFilter, type AuditPage, AuditRepository } from '../../src/server/repositories/audit.js';
import { SigningKey } from '../../src/server/repositories/signing-key.js';
import { AuditLog } from '../../src/server/services/audit.js';
import { openSqlite } from '../../src/server/db/connect.js';
import { migrateToLatest } from '../../src/server/db/migrations.js';
import { tempDataDir } from './helpers.js';

/** 50 events with a signed checkpoint every 10, in a fresh data folder. */
async function seeded() {
  const dir = await tempDataDir();
  const db = openSqlite(join(dir, 'vigil.sqlite'));
  await migrateToLatest(db);
  let now = Date.UTC(2026, 10, 25, 1);
  const log = new AuditLog(new AuditRepository(db), SigningKey.open(join(dir, 'keys'), 'audit-ed25519'), () => (now += 1000), 10);
  for (let i = 1; i <= 50; i += 1) {
    await log.record({
      actor: 'hieutruong', actorRole: 'principal', action: 'footage.playback', resourceType: 'camera', resourceId: '1',
      cameraId: 1, reasonCode: 'incident', reasonText: `Sự việc ${i}`, ip: '127.0.0.1', userAgent: 'test', outcome: 'allowed', detail: { i },
    });
  }
  await db.destroy();
  return dir;
}

function sqlite(dir: string, statement: string): void {
  const d = new BetterSqlite3(join(dir, 'vigil.sqlite'));
  d.exec(statement);
  d.close();
}

/** `vigil audit verify` as a user runs it. */
function verifyCli(dir: string): Promise<{ code: number; out: string }> {
  return new Promise((res) => {
    execFile(process.execPath, ['bin/vigil.js', 'audit', 'verify'], { env: { ...process.env, VIGIL_DATA_DIR: dir, VIGIL_LOG_LEVEL: 'silent' } },
      (err, stdout) => res({ code: err ? Number(err.code ?? 1) : 0, out: stdout }));
  });
}

describe('vigil audit verify', () => {
  it('reports an intact log, signed with a key only its owner can read', async () => {
    const dir = await seeded();
    expect(statSync(join(dir, 'keys', 'audit-ed25519.pem')).mode & 0o777).toBe(0o600);
    const r = await verifyCli(dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('toàn vẹn: 50 sự kiện, 5 điểm ký');
  });

  it('names the first edited event', async () => {
    const dir = await seeded();
    sqlite(dir, `update audit_events set reason_text = 'Không có gì' where seq = 23`);
    const r = await verifyCli(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Sự kiện #23 đã bị sửa');
  });

  it('names a deleted event', async () => {
    const dir = await seeded();
    sqlite(dir, 'delete from audit_events where seq = 17');
    const r = await verifyCli(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Thiếu sự kiện #17');
  });

  it('catches a cut-off tail through the signed checkpoints', async () => {
    const dir = await seeded();
    sqlite(dir, 'delete from audit_events where seq > 44');
    const r = await verifyCli(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('bị cắt sau sự kiện #44');
  });

  it('catches a forged checkpoint', async () => {
    const dir = await seeded();
    sqlite(dir, `update audit_checkpoints set hash = '${'a'.repeat(64)}' where seq = 30`);
    const r = await verifyCli(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('điểm xác nhận #30 không hợp lệ');
  });
});

// ---- The quick verify walk, against the reference, on a real SQLite file ----

const VARIED_DETAILS: Array<Record<string, unknown>> = [
  { to: 15, from: 5 }, { stream: 'sub' }, {}, { ghiChu: 'Bảo vệ trực cổng 😀', dòng: 'một\ndòng\tmới\u0001' },
  { nested: { z: [1, 2.5, -0, 1e21, null, true], a: { 'ế': 'é', '10': 10, '9': 9 } } }, { big: 9_007_199_254_740_991, tiny: 5e-324 },
  { from: 1_795_000_000_000, to: 1_795_000_600_000, speed: 1, cameras: [3, 1, 2] }, { quote: '"\\/<>\u2028\u2029' },
];

/** 60 events of varied facts (Vietnamese, emoji, control characters, nested detail), checkpointed every 25. */
async function seededVaried() {
  const dir = await tempDataDir();
  const db = openSqlite(join(dir, 'vigil.sqlite'));
  await migrateToLatest(db);
  let now = Date.UTC(2026, 10, 25, 1);
  const log = new AuditLog(new AuditRepository(db), SigningKey.open(join(dir, 'keys'), 'audit-ed25519'), () => (now += 1000), 25);
  for (let i = 1; i <= 60; i += 1) {
    await log.record({
      actor: i % 3 ? 'hieutruong' : 'baove', actorRole: i % 3 ? 'principal' : null, action: i % 2 ? 'footage.playback' : 'live.start',
      resourceType: 'camera', resourceId: i % 4 ? String(i % 4) : null, cameraId: i % 4 || null, reasonCode: i % 2 ? 'incident' : null,
      reasonText: i % 2 ? `Sự việc số ${i}: "đánh nhau" ở cổng\r\n` : null, ip: i % 5 ? '10.0.0.5' : null, userAgent: i % 7 ? 'Chromium' : null,
      outcome: i % 11 ? 'allowed' : 'denied', detail: VARIED_DETAILS[i % VARIED_DETAILS.length] ?? {},
    });
  }
  await db.destroy();
  return dir;
}

/** The chain as verified before the quick walk existed: event objects, `canonicalize`, a Hash object per event. */
async function referenceVerify(repo: AuditRepository) {
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  let events = 0;
  for (;;) {
    const batch = await repo.batch(lastSeq, 7);
    for (const e of batch) {
      events += 1;
      if (e.seq !== lastSeq + 1) return { events, firstProblem: { seq: e.seq, problem: 'missing', expectedSeq: lastSeq + 1 } };
      if (hashEventReference(e.prevHash, e.seq, factsOf(e)) !== e.hash) return { events, firstProblem: { seq: e.seq, problem: 'edited' } };
      if (e.prevHash !== lastHash) return { events, firstProblem: { seq: e.seq, problem: 'relinked' } };
      lastSeq = e.seq;
      lastHash = e.hash;
    }
    if (batch.length === 0) return { events, firstProblem: null };
  }
}

/** verify() through the raw reader and through Kysely (small batches, so that batch edges are crossed), and the reference. */
async function verifyThreeWays(dir: string) {
  const file = join(dir, 'vigil.sqlite');
  const db = openSqlite(file);
  const reader = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const key = SigningKey.open(join(dir, 'keys'), 'audit-ed25519');
  try {
    const viaReader = await new AuditLog(new AuditRepository(db, reader), key, Date.now).verify(7);
    const viaKysely = await new AuditLog(new AuditRepository(db), key, Date.now).verify(7);
    let reference: Awaited<ReturnType<typeof referenceVerify>> | 'throws';
    try {
      reference = await referenceVerify(new AuditRepository(db));
    } catch {
      reference = 'throws';
    }
    return { viaReader, viaKysely, reference };
  } finally {
    reader.close();
    await db.destroy();
  }
}

function storedDetail(dir: string, seq: number): string {
  const d = new BetterSqlite3(join(dir, 'vigil.sqlite'), { readonly: true });
  const r = d.prepare<[number], { detail: string }>('select detail from audit_events where seq = ?').get(seq);
  d.close();
  return r?.detail ?? '';
}

describe('audit verify: the quick walk gives the reference verdict', () => {
  it('stores the detail as canonical JSON, and verifies an intact log the same three ways', async () => {
    const dir = await seededVaried();
    expect(storedDetail(dir, 8)).toBe('{"from":5,"to":15}');
    const { viaReader, viaKysely, reference } = await verifyThreeWays(dir);
    expect(viaReader).toEqual(viaKysely);
    expect(viaReader.ok).toBe(true);
    expect(viaReader.events).toBe(60);
    expect(viaReader.head?.seq).toBe(60);
    expect(reference).toEqual({ events: 60, firstProblem: null });
  });

  const cases: Array<{ name: string; tamper: (d: BetterSqlite3.Database) => void; expected: ChainProblem | null; referenceThrows?: boolean }> = [
    {
      name: 'a detail stored in JSON.stringify key order with spaces (as the log before this version wrote it) still verifies',
      tamper: (d) => {
        for (const r of d.prepare<[], { seq: number; detail: string }>('select seq, detail from audit_events').all()) {
          const reversed = Object.fromEntries(Object.entries(JSON.parse(r.detail) as Record<string, unknown>).reverse());
          d.prepare('update audit_events set detail = ? where seq = ?').run(JSON.stringify(reversed, null, 1), r.seq);
        }
      },
      expected: null,
    },
    { name: 'a detail with another value', tamper: (d) => d.exec(`update audit_events set detail = '{"from":5,"to":16}' where seq = 8`), expected: { seq: 8, problem: 'edited' } },
    { name: 'a detail with one more member', tamper: (d) => d.exec(`update audit_events set detail = '{"from":5,"to":15,"x":0}' where seq = 16`), expected: { seq: 16, problem: 'edited' } },
    { name: 'a reason with one character changed', tamper: (d) => d.exec(`update audit_events set reason_text = replace(reason_text, 'đánh', 'danh') where seq = 31`), expected: { seq: 31, problem: 'edited' } },
    { name: 'a camera number stored as text', tamper: (d) => d.exec(`update audit_events set camera_id = 'x1' where seq = 21`), expected: { seq: 21, problem: 'edited' } },
    { name: 'a null made an empty string', tamper: (d) => d.exec(`update audit_events set ip = '' where seq = 20`), expected: { seq: 20, problem: 'edited' } },
    { name: 'an actor turned into a BLOB (SQLite\'s JSON refuses it)', tamper: (d) => d.exec('update audit_events set actor = cast(actor as blob) where seq = 12'), expected: { seq: 12, problem: 'edited' } },
    { name: 'a detail turned into a BLOB of the same bytes', tamper: (d) => d.exec('update audit_events set detail = cast(detail as blob) where seq = 13'), expected: null },
    { name: 'a deleted event', tamper: (d) => d.exec('delete from audit_events where seq = 40'), expected: { seq: 41, problem: 'missing', expectedSeq: 40 } },
    {
      name: 'a detail that is not JSON (the reference walk crashed on it)',
      tamper: (d) => d.exec(`update audit_events set detail = '{"from":5,' where seq = 24`), expected: { seq: 24, problem: 'edited' }, referenceThrows: true,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const dir = await seededVaried();
      const d = new BetterSqlite3(join(dir, 'vigil.sqlite'));
      c.tamper(d);
      d.close();
      const { viaReader, viaKysely, reference } = await verifyThreeWays(dir);
      expect(viaReader).toEqual(viaKysely);
      expect(viaReader.firstProblem).toEqual(c.expected);
      if (c.referenceThrows) expect(reference).toBe('throws');
      else expect(reference).not.toBe('throws');
      if (reference !== 'throws') expect(viaReader.firstProblem).toEqual(reference.firstProblem);
    });
  }

  it('settles column by column the values SQLite writes otherwise than JavaScript (REALs: 1e21, 0.1)', async () => {
    const dir = await seededVaried();
    const db = openSqlite(join(dir, 'vigil.sqlite'));
    const repo = new AuditRepository(db);
    await repo.record({
      atMs: Date.UTC(2026, 10, 26) + 0.1, actor: 'baove', actorRole: null, action: 'live.start', resourceType: 'camera', resourceId: null,
      cameraId: 1e21, reasonCode: null, reasonText: null, ip: null, userAgent: null, outcome: 'allowed', detail: { ratio: 0.1 },
    });
    const d = new BetterSqlite3(join(dir, 'vigil.sqlite'), { readonly: true });
    expect(d.prepare(`select json_object('cameraId', camera_id) as j from audit_events where seq = 61`).get()).toEqual({ j: '{"cameraId":1.0e+21}' });
    d.close();
    await db.destroy();
    const { viaReader, viaKysely, reference } = await verifyThreeWays(dir);
    expect(viaReader).toEqual(viaKysely);
    expect(viaReader.ok).toBe(true);
    expect(viaReader.events).toBe(61);
    expect(reference).toEqual({ events: 61, firstProblem: null });
  });

  it('SQLite\'s json_object writes every string exactly as JSON.stringify does (what the quick walk leans on)', () => {
    const d = new BetterSqlite3(':memory:');
    const q = d.prepare<[string], { j: string }>(`select json_object('k', ?) as j`);
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('\u0000', '\u001f', '\u007f', '"', '\\', 'ệ', '😀', '\u2028', 'a') })), (s) => {
      expect(q.get(s)?.j).toBe(`{"k":${JSON.stringify(s)}}`);
    }), { numRuns: 2000 });
    d.close();
  });
});

// ---- The principal's query: filters and keyset pagination ----

describe('audit search (newest first, filtered, paginated)', () => {
  const ACTORS = ['hieutruong', 'baove', 'giaovien_1'] as const;
  const ACTIONS = ['footage.playback', 'footage.export', 'footage', 'footagex.view', 'live.start', 'auth.totp_enrol', 'auth.totpxenrol', 'audit.read'] as const;
  const OUTCOMES = ['allowed', 'denied', 'failed'] as const;
  const T0 = Date.UTC(2026, 10, 25, 1);

  async function seededSearch() {
    const dir = await tempDataDir();
    const db = openSqlite(join(dir, 'vigil.sqlite'));
    await migrateToLatest(db);
    const repo = new AuditRepository(db);
    for (let i = 1; i <= 90; i += 1) {
      await repo.record({
        atMs: T0 + i * 60_000, actor: ACTORS[i % 3] ?? 'baove', actorRole: null, action: ACTIONS[(i * 5) % ACTIONS.length] ?? 'live.start',
        resourceType: 'camera', resourceId: null, cameraId: i % 4 ? i % 4 : null, reasonCode: null, reasonText: null, ip: null, userAgent: null,
        outcome: OUTCOMES[i % 7 === 0 ? 1 : i % 13 === 0 ? 2 : 0] ?? 'allowed', detail: { i },
      });
    }
    return { db, repo, all: (await repo.batch(0, 1000)).reverse() };
  }

  function matches(e: ChainedEvent, f: AuditFilter): boolean {
    if (f.actor !== undefined && e.actor !== f.actor) return false;
    if (f.cameraId !== undefined && e.cameraId !== f.cameraId) return false;
    if (f.action !== undefined && !(f.action.endsWith('.*') ? e.action.startsWith(f.action.slice(0, -1)) : e.action === f.action)) return false;
    if (f.outcome !== undefined && e.outcome !== f.outcome) return false;
    if (f.fromMs !== undefined && e.atMs < f.fromMs) return false;
    if (f.toMs !== undefined && e.atMs >= f.toMs) return false;
    return true;
  }

  async function allPages(repo: AuditRepository, f: AuditFilter, limit: number) {
    const pages: AuditPage[] = [];
    let beforeSeq: number | undefined;
    for (;;) {
      const page = await repo.search({ ...f, ...(beforeSeq !== undefined ? { beforeSeq } : {}) }, limit);
      pages.push(page);
      if (page.nextBeforeSeq === null) return pages;
      beforeSeq = page.nextBeforeSeq;
      if (pages.length > 200) throw new Error('pagination does not end');
    }
  }

  it('pages through everything, newest first, without repeats or gaps', async () => {
    const { db, repo, all } = await seededSearch();
    const pages = await allPages(repo, {}, 20);
    expect(pages.map((p) => p.events.length)).toEqual([20, 20, 20, 20, 10]);
    expect(pages.flatMap((p) => p.events.map((e) => e.seq))).toEqual(all.map((e) => e.seq));
    expect(pages[0]?.nextBeforeSeq).toBe(71);
    expect((await allPages(repo, {}, 30)).map((p) => p.events.length)).toEqual([30, 30, 30]); // a full last page says it is the last
    expect(pages[0]?.events[0]).toEqual(all[0]);
    await db.destroy();
  });

  it('an action prefix matches that family only: footage.* is not footage, footagex.view, and _ is no wildcard', async () => {
    const { db, repo, all } = await seededSearch();
    const footage = (await allPages(repo, { action: 'footage.*' }, 7)).flatMap((p) => p.events);
    expect(new Set(footage.map((e) => e.action))).toEqual(new Set(['footage.playback', 'footage.export']));
    expect(footage.map((e) => e.seq)).toEqual(all.filter((e) => e.action.startsWith('footage.')).map((e) => e.seq));
    const exact = (await allPages(repo, { action: 'auth.totp_enrol' }, 50)).flatMap((p) => p.events);
    expect(exact.length).toBeGreaterThan(0);
    expect(exact.every((e) => e.action === 'auth.totp_enrol')).toBe(true);
    expect(await repo.search({ action: 'nothing.*' }, 10)).toEqual({ events: [], nextBeforeSeq: null });
    await db.destroy();
  });

  it('every combination of filters and page size returns exactly the matching events, in order', async () => {
    const { db, repo, all } = await seededSearch();
    const filter = fc.record({
      actor: fc.constantFrom(...ACTORS, 'nobody'),
      cameraId: fc.integer({ min: 1, max: 4 }),
      action: fc.constantFrom(...ACTIONS, 'footage.*', 'auth.*', 'live.*', 'foo.*'),
      outcome: fc.constantFrom(...OUTCOMES),
      fromMs: fc.integer({ min: 0, max: 95 }).map((m) => T0 + m * 60_000),
      toMs: fc.integer({ min: 0, max: 95 }).map((m) => T0 + m * 60_000),
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(filter, fc.integer({ min: 1, max: 12 }), async (f, limit) => {
      const pages = await allPages(repo, f, limit);
      const got = pages.flatMap((p) => p.events);
      expect(got.map((e) => e.seq)).toEqual(all.filter((e) => matches(e, f)).map((e) => e.seq));
      expect(pages.slice(0, -1).every((p) => p.events.length === limit)).toBe(true);
    }), { numRuns: 150 });
    await db.destroy();
  });

  it('reads each filter as an index range, not the whole log', async () => {
    const dir = await tempDataDir();
    const file = join(dir, 'vigil.sqlite');
    const d2 = openSqlite(file);
    await migrateToLatest(d2);
    await d2.destroy();
    const d = new BetterSqlite3(file, { readonly: true });
    const plan = (where: string) => d.prepare(`explain query plan select * from audit_events where ${where} and seq < 1000 order by seq desc limit 21`).all()
      .map((r) => (r as { detail: string }).detail).join(' | ');
    for (const where of [`actor = 'baove'`, 'camera_id = 3', `action = 'live.start'`, `action in ('footage.export', 'footage.playback')`]) {
      expect(plan(where)).toMatch(/^SEARCH audit_events USING INDEX \S+ \(\w+=\? AND seq<\?\)/);
    }
    d.close();
  });
});
