/**
 * Login cost (argon2id verify), and the audit verify rate over 1,000,000 events (BENCH_AUDIT_EVENTS), beside `sha256sum` over the
 * same bytes (each event's canonical JSON, one per line), as a ratio. The verify as it was before (Kysely rows mapped to objects,
 * `canonicalize`, a Hash object per event) is measured in the same run as the baseline. Prints figures; asserts nothing.
 *
 * The detail column is written as AuditRepository.append writes it (canonical JSON); BENCH_AUDIT_DETAIL=stringify writes it as the
 * log written before did (JSON.stringify: keys in insertion order), which costs the verify re-serialising the detail on those rows.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import {
  type AuditFacts, type ChainedEvent, GENESIS_HASH, canonicalEvent, canonicalJson, chain, factsOf, hashEventReference,
} from '../src/domain/audit-chain.js';
import { type Db, openSqlite } from '../src/server/db/connect.js';
import { migrateToLatest } from '../src/server/db/migrations.js';
import { AuditRepository } from '../src/server/repositories/audit.js';
import { SigningKey } from '../src/server/repositories/signing-key.js';
import { passwords } from '../src/server/repositories/passwords.js';
import { AuditLog } from '../src/server/services/audit.js';

const N = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const storedDetail = process.env.BENCH_AUDIT_DETAIL === 'stringify' ? (d: unknown) => JSON.stringify(d) : canonicalJson;
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const rate = (events: number, seconds: number): string => `${Math.round(events / seconds).toLocaleString('en')} events/s`;

// ---- Login: argon2id verify ----
const LOGINS = 40;
const phc = await passwords.hash('Cổng-trường-2026');
const loginMs: number[] = [];
for (let i = 0; i < LOGINS; i += 1) {
  const t = performance.now();
  await passwords.verify(phc, 'Cổng-trường-2026');
  loginMs.push(performance.now() - t);
}
loginMs.sort((a, b) => a - b);

// ---- N chained events, written straight into SQLite, and their canonical JSON lines into a file ----
const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-bench-'));
const dbFile = join(dir, 'vigil.sqlite');
const migrated = openSqlite(dbFile);
await migrateToLatest(migrated);
await migrated.destroy();

const ACTIONS = ['live.start', 'live.start', 'live.start', 'footage.playback', 'footage.export', 'auth.login'] as const;
function facts(i: number): AuditFacts {
  const action = ACTIONS[i % ACTIONS.length] ?? 'live.start';
  const footage = action.startsWith('footage.');
  return {
    atMs: 1_795_000_000_000 + i * 1000, actor: footage ? 'hieutruong' : 'baove', actorRole: footage ? 'principal' : 'guard', action,
    resourceType: 'camera', resourceId: String(i % 64), cameraId: i % 64, reasonCode: footage ? 'incident' : null,
    reasonText: footage ? `Xem lại sự việc ở cổng trường, lần ${i}` : null, ip: '10.0.0.5',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chromium', outcome: i % 97 === 0 ? 'denied' : 'allowed',
    detail: footage ? { to: 1_795_000_000_000 + i * 1000, from: 1_795_000_000_000 + i * 1000 - 600_000, speed: 1 } : { stream: 'sub' },
  };
}

process.stdout.write(`Writing ${N.toLocaleString('en')} chained audit events (detail ${process.env.BENCH_AUDIT_DETAIL === 'stringify' ? 'as JSON.stringify' : 'canonical'})… `);
const raw = new BetterSqlite3(dbFile);
const insert = raw.prepare(`insert into audit_events (seq, at_ms, actor, actor_role, action, resource_type, resource_id, camera_id,
  reason_code, reason_text, ip, user_agent, outcome, detail, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
const bytesFile = join(dir, 'canonical.txt');
const out = createWriteStream(bytesFile);
let last: ChainedEvent | null = null;
const t0 = performance.now();
const write = raw.transaction((from: number, to: number) => {
  const lines: string[] = [];
  for (let i = from; i < to; i += 1) {
    const e: ChainedEvent = chain(last, facts(i));
    insert.run(e.seq, e.atMs, e.actor, e.actorRole, e.action, e.resourceType, e.resourceId, e.cameraId, e.reasonCode,
      e.reasonText, e.ip, e.userAgent, e.outcome, storedDetail(e.detail), e.prevHash, e.hash);
    lines.push(canonicalEvent(e.seq, factsOf(e)));
    last = e;
  }
  out.write(`${lines.join('\n')}\n`);
});
for (let i = 0; i < N; i += 50_000) write(i, Math.min(N, i + 50_000));
raw.close();
await new Promise((r) => out.end(r));
console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);

// ---- Before: the verify walk as it was (Kysely rows → event objects → canonicalize → a Hash object per event) ----
async function verifyBefore(db: Db): Promise<{ events: number; ok: boolean }> {
  const repo = new AuditRepository(db);
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  let events = 0;
  let ok = true;
  for (;;) {
    const batch = await repo.batch(lastSeq, 10_000);
    for (const e of batch) {
      ok &&= e.seq === lastSeq + 1 && hashEventReference(e.prevHash, e.seq, factsOf(e)) === e.hash && e.prevHash === lastHash;
      lastSeq = e.seq;
      lastHash = e.hash;
      events += 1;
    }
    if (batch.length === 0 || !ok) return { events, ok };
  }
}

const key = SigningKey.open(join(dir, 'keys'), 'audit-ed25519');
const db = openSqlite(dbFile);
await new AuditLog(new AuditRepository(db), key, Date.now).checkpoint();

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const t = performance.now();
  const result = await fn();
  return { result, seconds: (performance.now() - t) / 1000 };
}

/** Best of `runs`: the machine's other work only ever slows a run down. */
async function best<T>(runs: number, fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  let fastest: { result: T; seconds: number } | null = null;
  for (let i = 0; i < runs; i += 1) {
    const r = await timed(fn);
    if (!fastest || r.seconds < fastest.seconds) fastest = r;
  }
  if (!fastest) throw new Error('no run');
  return fastest;
}

const reader = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
const viaReader = await best(3, () => new AuditLog(new AuditRepository(db, reader), key, Date.now).verify());
const viaKysely = await best(3, () => new AuditLog(new AuditRepository(db), key, Date.now).verify());
reader.close();
const before = await timed(() => verifyBefore(db));
await db.destroy();

// sha256sum over the same bytes: best of three (the file is in the page cache after the first).
const shaRuns: number[] = [];
for (let i = 0; i < 3; i += 1) {
  const t = performance.now();
  execFileSync('sha256sum', [bytesFile]);
  shaRuns.push((performance.now() - t) / 1000);
}
const shaSeconds = Math.min(...shaRuns);
const bytes = statSync(bytesFile).size;
rmSync(dir, { recursive: true, force: true });

const W = 52;
const row = (label: string, r: { result: { events: number; ok: boolean }; seconds: number }): string =>
  `${label.padEnd(W)}${rate(r.result.events, r.seconds).padStart(18)}  ${r.seconds.toFixed(2).padStart(6)} s  ${(r.seconds / shaSeconds).toFixed(1).padStart(5)}× sha256sum  (ok: ${r.result.ok})`;
console.log([
  '',
  `Login and audit verify — ${N.toLocaleString('en')} events, ${(bytes / 1024 / 1024).toFixed(0)} MiB of canonical JSON`,
  `${'login check (argon2id, 19 MiB, t=2)'.padEnd(W)}median ${quantile(loginMs, 0.5).toFixed(1)} ms, p95 ${quantile(loginMs, 0.95).toFixed(1)} ms (${LOGINS} logins)`,
  `${'sha256sum over the same bytes (best of 3)'.padEnd(W)}${rate(N, shaSeconds).padStart(18)}  ${shaSeconds.toFixed(2).padStart(6)} s  ${(bytes / 1024 / 1024 / shaSeconds).toFixed(0)} MiB/s`,
  row('before: event objects + canonicalize (1 run)', before),
  row('audit verify through Kysely (best of 3)', viaKysely),
  row('audit verify, read-only raw reader (best of 3)', viaReader),
  `${'ratio verify time / sha256sum time'.padEnd(W)}${(viaReader.seconds / shaSeconds).toFixed(1)}× with the reader, ${(viaKysely.seconds / shaSeconds).toFixed(1)}× through Kysely (before: ${(before.seconds / shaSeconds).toFixed(1)}×)`,
].join('\n'));
