/**
 * Timeline query over a synthetic index: 64 cameras × 90 days (spans and gaps as the recorder
 * writes them), beside the naive way (merging raw segment rows) for the cameras that also have
 * every 10 s segment row (8640 a day). Prints figures; asserts nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import pino from 'pino';
import { mergeSpans } from '../src/domain/timeline.js';
import { loadConfig } from '../src/server/config.js';
import { createVigil } from '../src/server/vigil.js';

const CAMERAS = 64;
const DAYS = 90;
const FULL_SEGMENT_CAMERAS = Number(process.env.BENCH_FULL_CAMERAS ?? 4);
const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 25);
const start = now - DAYS * DAY;

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const vigil = await createVigil(loadConfig({ VIGIL_DATA_DIR: dir }), { log: pino({ level: 'silent' }), record: false });
const raw = new BetterSqlite3(join(dir, 'vigil.sqlite'));
raw.pragma('journal_mode = WAL');

console.log(`Building a synthetic index: ${CAMERAS} cameras × ${DAYS} days…`);
const t0 = performance.now();
const insCam = raw.prepare(`insert into cameras (name, location, area_type, owner_unit_id, main_url, enabled, created_at, updated_at, sign_in_place) values (?, 'x', 'yard', 1, 'rtsp://127.0.0.1/x', 0, 0, 0, 1)`);
const insSpan = raw.prepare('insert into recording_spans (camera_id, start_ms, end_ms) values (?, ?, ?)');
const insGap = raw.prepare('insert into gaps (camera_id, start_ms, end_ms, reason) values (?, ?, ?, ?)');
const insSeg = raw.prepare(`insert into segments (camera_id, start_ms, end_ms, size_bytes, sha256, path, status, indexed_at) values (?, ?, ?, 5000000, 'h', ?, 'ok', 0)`);
let segments = 0;
raw.transaction(() => {
  for (let c = 1; c <= CAMERAS; c += 1) {
    insCam.run(`cam ${c}`);
    // A 2-minute outage every 6 hours, shifted per camera.
    let spanStart = start;
    for (let t = start + 6 * 3_600_000 + c * 60_000; t < now; t += 6 * 3_600_000) {
      insSpan.run(c, spanStart, t);
      insGap.run(c, t, t + 120_000, 'camera_disconnected');
      spanStart = t + 120_000;
    }
    insSpan.run(c, spanStart, now);
  }
})();
for (let c = 1; c <= FULL_SEGMENT_CAMERAS; c += 1) {
  raw.transaction(() => {
    for (let t = start; t < now; t += 10_000) insSeg.run(c, t, t + 10_000, `${c}/${t}.mp4`), (segments += 1);
  })();
}
raw.close();
console.log(`  built in ${((performance.now() - t0) / 1000).toFixed(1)} s (${segments.toLocaleString('en')} segment rows for ${FULL_SEGMENT_CAMERAS} cameras)`);

function quantile(ms: number[], p: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}
const stats = (ms: number[]) => `median ${quantile(ms, 0.5).toFixed(2)} ms, p95 ${quantile(ms, 0.95).toFixed(2)} ms`;

const range = { startMs: start, endMs: now };
const spanTimes: number[] = [];
for (let i = 0; i < 50; i += 1) {
  const c = (i % CAMERAS) + 1;
  const t = performance.now();
  await vigil.footage.timeline(c, range);
  spanTimes.push(performance.now() - t);
}
const allTimes: number[] = [];
for (let i = 0; i < 5; i += 1) {
  const t = performance.now();
  for (let c = 1; c <= CAMERAS; c += 1) await vigil.footage.timeline(c, range);
  allTimes.push(performance.now() - t);
}
const naiveTimes: number[] = [];
for (let i = 0; i < 5; i += 1) {
  const c = (i % FULL_SEGMENT_CAMERAS) + 1;
  const t = performance.now();
  const rows = await vigil.db.selectFrom('segments').select(['start_ms as startMs', 'end_ms as endMs'])
    .where('camera_id', '=', c).where('start_ms', '<', now).where('end_ms', '>', start).orderBy('start_ms').execute();
  mergeSpans(rows);
  naiveTimes.push(performance.now() - t);
}
console.log(`Timeline of one camera over ${DAYS} days (pre-merged spans): ${stats(spanTimes)}`);
console.log(`Timelines of all ${CAMERAS} cameras over ${DAYS} days:        ${stats(allTimes)}`);
console.log(`Baseline, merging raw segment rows for one camera:       ${stats(naiveTimes)}`);
console.log(`Ratio baseline / spans (median): ${(quantile(naiveTimes, 0.5) / quantile(spanTimes, 0.5)).toFixed(0)}×`);
await vigil.stop();
