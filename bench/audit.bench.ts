/**
 * Login cost (argon2id verify), and the audit verify rate over 1,000,000 events (BENCH_AUDIT_EVENTS), beside `sha256sum` over the
 * same bytes (each event's canonical JSON, one per line). Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { type AuditFacts, type ChainedEvent, chain } from '../src/domain/audit-chain.js';
import { openSqlite } from '../src/server/db/connect.js';
import { migrateToLatest } from '../src/server/db/migrations.js';
import { AuditRepository } from '../src/server/repositories/audit.js';
import { SigningKey } from '../src/server/repositories/signing-key.js';
import { passwords } from '../src/server/repositories/passwords.js';
import { AuditLog } from '../src/server/services/audit.js';

const N = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);

const phc = await passwords.hash('Cổng-trường-2026');
const loginMs: number[] = [];
for (let i = 0; i < 20; i += 1) {
  const t = performance.now();
  await passwords.verify(phc, 'Cổng-trường-2026');
  loginMs.push(performance.now() - t);
}
loginMs.sort((a, b) => a - b);
console.log(`Login check (argon2id, 19 MiB, t=2): median ${loginMs[10]?.toFixed(1)} ms, max ${loginMs[19]?.toFixed(1)} ms`);
const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-bench-'));
const db = openSqlite(join(dir, 'vigil.sqlite'));
await migrateToLatest(db);
await db.destroy();

console.log(`Writing ${N.toLocaleString('en')} chained audit events…`);
const raw = new BetterSqlite3(join(dir, 'vigil.sqlite'));
const insert = raw.prepare(`insert into audit_events (seq, at_ms, actor, actor_role, action, resource_type, resource_id, camera_id,
  reason_code, reason_text, ip, user_agent, outcome, detail, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
const bytesFile = join(dir, 'canonical.txt');
const out = createWriteStream(bytesFile);
let last: ChainedEvent | null = null;
const t0 = performance.now();
const write = raw.transaction((from: number, to: number) => {
  for (let i = from; i < to; i += 1) {
    const f: AuditFacts = {
      atMs: 1_795_000_000_000 + i * 1000, actor: 'baove', actorRole: 'guard', action: 'live.start', resourceType: 'camera',
      resourceId: String(i % 64), cameraId: i % 64, reasonCode: null, reasonText: null, ip: '10.0.0.5',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chromium', outcome: 'allowed', detail: { stream: 'sub' },
    };
    const e: ChainedEvent = chain(last, f);
    insert.run(e.seq, e.atMs, e.actor, e.actorRole, e.action, e.resourceType, e.resourceId, e.cameraId, e.reasonCode,
      e.reasonText, e.ip, e.userAgent, e.outcome, JSON.stringify(e.detail), e.prevHash, e.hash);
    out.write(`${canonicalize({ seq: e.seq, ...f })}\n`);
    last = e;
  }
});
for (let i = 0; i < N; i += 50_000) write(i, Math.min(N, i + 50_000));
raw.close();
await new Promise((r) => out.end(r));
console.log(`  written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const db2 = openSqlite(join(dir, 'vigil.sqlite'));
const log = new AuditLog(new AuditRepository(db2), SigningKey.open(join(dir, 'keys'), 'audit-ed25519'), Date.now);
await log.checkpoint();
const t1 = performance.now();
const report = await log.verify();
const verifySeconds = (performance.now() - t1) / 1000;
await db2.destroy();

const t2 = performance.now();
execFileSync('sha256sum', [bytesFile]);
const shaSeconds = (performance.now() - t2) / 1000;
const mib = statSync(bytesFile).size / 1024 / 1024;
console.log(`vigil audit verify: ${report.events.toLocaleString('en')} events in ${verifySeconds.toFixed(2)} s = ${Math.round(report.events / verifySeconds).toLocaleString('en')} events/s (ok: ${report.ok})`);
console.log(`sha256sum over the same ${mib.toFixed(0)} MiB: ${shaSeconds.toFixed(2)} s = ${Math.round(N / shaSeconds).toLocaleString('en')} events/s`);
console.log(`ratio verify time / sha256sum time: ${(verifySeconds / shaSeconds).toFixed(1)}×`);
