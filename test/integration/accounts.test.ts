import { execFile } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { verify } from '@node-rs/argon2';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from './helpers.js';

let dir: string;

/** `vigil user …` as an administrator runs it on the server. */
function vigil(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((res) => {
    const child = execFile(process.execPath, ['bin/vigil.js', ...args], { env: { ...process.env, VIGIL_DATA_DIR: dir, VIGIL_LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) => res({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr }));
    child.stdin?.end(stdin ?? '');
  });
}

function query<T>(sql: string): T[] {
  const d = new BetterSqlite3(join(dir, 'vigil.sqlite'), { readonly: true });
  const rows = d.prepare(sql).all() as T[];
  d.close();
  return rows;
}

beforeAll(async () => {
  dir = await tempDataDir();
});

describe('vigil user', () => {
  it('creates an account with a one-time password shown once, stored only as argon2id', async () => {
    const r = await vigil(['user', 'add', 'hieutruong', '--name', 'Nguyễn Thị Hạnh', '--roles', 'principal']);
    expect(r.code).toBe(0);
    const oneTime = /shown once\): (\S+)/.exec(r.out)?.[1];
    if (!oneTime) throw new Error(r.out);
    const [row] = query<{ password_hash: string; must_change_password: number; full_name: string }>('select * from users');
    expect(row?.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row?.password_hash).not.toContain(oneTime);
    expect(await verify(row?.password_hash ?? '', oneTime)).toBe(true);
    expect(row?.must_change_password).toBe(1);
    expect(row?.full_name).toBe('Nguyễn Thị Hạnh');
  });

  it('takes a chosen password on stdin only if it meets the policy, and says why not', async () => {
    const weak = await vigil(['user', 'add', 'baove', '--name', 'Trần Văn Bảo', '--roles', 'guard', '--password-stdin'], 'baove123\n');
    expect(weak.code).toBe(2);
    expect(weak.err).toContain('ít nhất 10 ký tự');
    const ok = await vigil(['user', 'add', 'baove', '--name', 'Trần Văn Bảo', '--roles', 'guard', '--password-stdin'], 'Cổng-trường-2026\n');
    expect(ok.code).toBe(0);
    const [row] = query<{ password_hash: string }>(`select password_hash from users where username = 'baove'`);
    expect(await verify(row?.password_hash ?? '', 'Cổng-trường-2026')).toBe(true);
  });

  it('refuses unknown roles and duplicate usernames with a reason', async () => {
    const roles = await vigil(['user', 'add', 'x1y', '--name', 'X', '--roles', 'king']);
    expect(roles.code).toBe(2);
    expect(roles.err).toContain('Vai trò không hợp lệ: king');
    const dup = await vigil(['user', 'add', 'baove', '--name', 'X', '--roles', 'guard']);
    expect(dup.err).toContain('Đã có tài khoản "baove"');
  });

  it('changes roles, resets a password, disables — each in the audit log, and the chain verifies', async () => {
    expect((await vigil(['user', 'roles', 'baove', 'guard,unit_head'])).out).toContain('guard, unit_head');
    expect((await vigil(['user', 'passwd', 'baove'])).out).toContain('shown once');
    expect((await vigil(['user', 'disable', 'baove'])).code).toBe(0);
    expect(query<{ disabled_at: number | null }>(`select disabled_at from users where username = 'baove'`)[0]?.disabled_at).toBeGreaterThan(0);
    const actions = query<{ action: string; resource_id: string; actor: string }>('select action, resource_id, actor from audit_events order by seq');
    expect(actions.map((a) => a.action)).toEqual(['account.create', 'account.create', 'account.roles', 'account.password', 'account.disable']);
    expect(actions.every((a) => a.actor.startsWith('cli:'))).toBe(true);
    expect(JSON.stringify(query('select * from audit_events'))).not.toContain('Cổng-trường-2026');
    const verified = await vigil(['audit', 'verify']);
    expect(verified.code).toBe(0);
    expect((await vigil(['user', 'disable', 'nobody'])).err).toContain('Không tìm thấy tài khoản "nobody"');
  });

  it('removes a lost second factor from the server’s command line (the only admin lost the phone)', async () => {
    const d = new BetterSqlite3(join(dir, 'vigil.sqlite'));
    d.prepare(`update users set totp_secret_enc = 'v1.x.y.z', totp_enabled_at = 1 where username = 'hieutruong'`).run();
    d.close();
    const r = await vigil(['user', 'reset-2fa', 'hieutruong']);
    expect(r.code).toBe(0);
    expect(query<{ totp_secret_enc: string | null }>(`select totp_secret_enc from users where username = 'hieutruong'`)[0]?.totp_secret_enc).toBeNull();
    expect(query<{ action: string }>('select action from audit_events order by seq desc limit 1')[0]?.action).toBe('account.reset_two_factor');
  });
});
