import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/server/repositories/audit.js';
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
