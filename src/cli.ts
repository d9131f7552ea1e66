import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { prepareClips, startCamsim, type Camsim } from '../tools/camsim/camsim.js';
import { type Config, ConfigError, loadConfig } from './server/config.js';
import { openSqlite } from './server/db/connect.js';
import { migrateToLatest } from './server/db/migrations.js';
import { buildApp } from './server/http/app.js';
import { type Vigil, createVigil } from './server/vigil.js';
import { DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS, seedDemo, seedDemoWorkflows } from './server/demo.js';
import { checkPassword } from './domain/password-policy.js';
import { ROLE_LABELS } from './domain/roles.js';
import { describeVerify } from './server/services/audit.js';
import type { Actor } from './server/services/actor.js';
import { AppError } from './server/errors.js';
import { exportVerifyCommand } from './server/evidence/verify-cli.js';

async function serve(config: Config, extra?: { camsim?: Camsim; demoPassword?: string }): Promise<void> {
  const demo = extra?.demoPassword !== undefined;
  // "From Vietnamese law": leadership and admin sign in with a second factor; only the demo relaxes it.
  const vigil = await createVigil(config, { twoFactorRequired: !demo });
  if (extra?.demoPassword !== undefined && extra.camsim) {
    await seedDemo(vigil, extra.camsim, config.demoCameras, extra.demoPassword);
    await seedDemoWorkflows(vigil);
  }
  const firstAdmin = demo ? null : await createFirstAdmin(vigil);
  const app = await buildApp(vigil);
  // Listen first: a busy port must not leave recorders running behind an error.
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await vigil.stop();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`cổng ${config.port} đang được dùng; đặt VIGIL_PORT khác / port ${config.port} is in use; set another VIGIL_PORT`);
    }
    throw err;
  }
  await vigil.start();
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${shownHost}:${config.port}/`;
  printNext(url, config, extra?.camsim);
  if (firstAdmin) printFirstAdmin(firstAdmin);
  if (extra?.demoPassword !== undefined) printDemoAccounts(extra.demoPassword);
  installShutdown(vigil, app.close.bind(app), extra?.camsim);
}

/** An empty database gets one administrator, with a one-time password printed this once. */
async function createFirstAdmin(vigil: Vigil): Promise<{ username: string; password: string } | null> {
  if ((await vigil.users.count()) > 0) return null;
  const r = await vigil.accounts.add({ username: 'admin', fullName: 'Quản trị hệ thống', roles: ['admin'], unitId: null }, { name: 'vigil serve', role: null, ip: null, userAgent: 'first start' });
  return r.oneTimePassword ? { username: r.username, password: r.oneTimePassword } : null;
}

function printFirstAdmin(a: { username: string; password: string }): void {
  process.stdout.write([
    '  ┌─ Tài khoản quản trị đầu tiên / first administrator account ───────────',
    `  │ Tên đăng nhập / username:  ${a.username}`,
    `  │ Mật khẩu một lần / one-time password:  ${a.password}`,
    '  │ Chỉ hiện MỘT lần: hãy ghi lại, đăng nhập, đổi mật khẩu và bật xác thực hai lớp.',
    '  │ Shown ONCE: note it, sign in, change it and set up two-factor sign-in.',
    '  └──────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n') + '\n');
}

function printDemoAccounts(password: string): void {
  const rows = DEMO_ACCOUNTS.map((a) => `   ${a.username.padEnd(14)} ${a.fullName} — ${a.roles.map((r) => ROLE_LABELS[r].vi).join(', ')}`);
  process.stdout.write([
    `  Tài khoản trình diễn / demo accounts (mật khẩu / password: ${password}):`,
    ...rows,
    '  Bản trình diễn KHÔNG bắt buộc xác thực hai lớp cho Ban Giám hiệu và quản trị; `vigil serve` thì bắt buộc.',
    '  The demo does NOT require two-factor sign-in for leadership and admin; `vigil serve` does.',
    '',
  ].join('\n') + '\n');
}

function printNext(url: string, config: Config, camsim?: Camsim): void {
  const lines = [
    '',
    `  Vigil đang chạy / is running:  ${url}`,
    `  Dữ liệu / data:                ${config.dataDir}`,
    '',
    '  Tiếp theo / next:',
    `   • Đăng nhập / sign in: POST ${url}api/auth/login {"username","password"} (cookie phiên + mã CSRF trong câu trả lời)`,
    `   • API: ${url}api/cameras · ${url}api/storage · ${url}api/cameras/1/timeline?from=…&to=…`,
    `   • Tải một đoạn (Ban Giám hiệu, cần lý do): ${url}api/cameras/1/clip?from=…&to=…&reasonCode=incident&reasonText=…`,
    ...(camsim
      ? [
          `   • Camera mô phỏng / simulated cameras: ${camsim.url(1)} … (cam2 là H.265)`,
          `   • Làm camera 1 mất tín hiệu 15 giây / drop camera 1 for 15 s:`,
          `       curl -X POST 'http://127.0.0.1:${camsim.controlPort}/cameras/1/drop?seconds=15'`,
        ]
      : ['   • Thêm camera / add a camera: POST /api/cameras']),
    '   • Dừng / stop: Ctrl+C (đoạn ghi đang mở sẽ được đóng và lưu).',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

function installShutdown(vigil: Vigil, closeHttp: () => Promise<void>, camsim?: Camsim): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nVigil: ${signal} — đang đóng các đoạn ghi… / closing segments…\n`);
    await closeHttp().catch(() => undefined);
    await vigil.stop();
    await camsim?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function runCamsim(config: Config, cameras: number, port: number): Promise<Camsim> {
  const clipsDir = await prepareClips(join(config.dataDir, 'camsim'), 60, (m) => process.stdout.write(`${m}\n`));
  return startCamsim({ clipsDir, port, cameras });
}

const program = new Command()
  .name('vigil')
  .description('Vigil — ghi hình camera trường học và quy chế sử dụng / school CCTV recorder and its regulation');

program.command('serve').description('Chạy máy chủ và bộ ghi hình / run the server and the recorder').action(async () => {
  await serve(loadConfig());
});

program
  .command('demo')
  .description('Chạy bản trình diễn: camera mô phỏng + máy chủ / run the demo: simulated cameras + server')
  .action(async () => {
    const loaded = loadConfig();
    // The demo's accounts share a known password: keep it on this machine unless VIGIL_HOST says otherwise.
    const config = loaded.hostFromEnv ? loaded : { ...loaded, host: '127.0.0.1' };
    const demoPassword = process.env.VIGIL_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
    const weak = checkPassword(demoPassword, 'demo');
    if (weak.length > 0) throw new Error(`VIGIL_DEMO_PASSWORD: ${weak.map((p) => `${p.vi} / ${p.en}`).join(' ')}`);
    const camsim = await runCamsim(config, config.demoCameras, config.camsimPort);
    await serve(config, { camsim, demoPassword }).catch(async (err: unknown) => {
      await camsim.stop();
      throw err;
    });
  });

program
  .command('camsim')
  .description('Chạy camera mô phỏng (RTSP) / run simulated RTSP cameras')
  .option('-n, --cameras <n>', 'số camera / number of cameras', (v) => Number(v))
  .option('-p, --port <port>', 'cổng RTSP / RTSP port', (v) => Number(v))
  .action(async (opts: { cameras?: number; port?: number }) => {
    const config = loadConfig();
    const sim = await runCamsim(config, opts.cameras ?? config.demoCameras, opts.port ?? config.camsimPort);
    for (let n = 1; n <= (opts.cameras ?? config.demoCameras); n += 1) process.stdout.write(`${sim.url(n)}  ${sim.url(n, 'sub')}\n`);
    process.stdout.write(`control: POST http://127.0.0.1:${sim.controlPort}/cameras/<n>/drop?seconds=15 · /cameras/<n>/restore\n`);
    process.on('SIGINT', () => void sim.stop().then(() => process.exit(0)));
    process.on('SIGTERM', () => void sim.stop().then(() => process.exit(0)));
  });

program
  .command('audit')
  .description('Nhật ký kiểm toán / the audit log')
  .command('verify')
  .description('Kiểm tra chuỗi băm và các điểm ký xác nhận / check the hash chain and signed checkpoints')
  .action(async () => {
    const vigil = await createVigil(loadConfig(), { record: false });
    const report = await vigil.audit.verify();
    await vigil.stop();
    process.stdout.write(`${describeVerify(report).join('\n')}\n`);
    process.exit(report.ok ? 0 : 1);
  });

/** Run an account command against the local database; a refusal prints its reason and exits 2. */
async function withAccounts(fn: (vigil: Vigil, actor: Actor) => Promise<string>): Promise<void> {
  const vigil = await createVigil(loadConfig(), { record: false });
  const actor: Actor = { name: `cli:${userInfo().username}`, role: null, ip: null, userAgent: 'vigil-cli' };
  try {
    process.stdout.write(`${await fn(vigil, actor)}\n`);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    process.stderr.write(`${err.text.vi}\n${err.text.en}\n`);
    process.exitCode = 2;
  } finally {
    await vigil.stop();
  }
}

async function stdinPassword(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

const oneTimeNote = (p: string | null) =>
  p ? `Mật khẩu dùng một lần (chỉ hiện lần này; đổi ở lần đăng nhập đầu) / one-time password (shown once): ${p}` : 'Đã đặt mật khẩu / password set.';

const user = program.command('user').description('Tài khoản / accounts');
user
  .command('add <username>')
  .description('Tạo tài khoản / create an account')
  .requiredOption('--name <full name>', 'họ tên / full name')
  .requiredOption('--roles <roles>', 'vai trò, phân cách bằng dấu phẩy / comma-separated roles')
  .option('--unit <id>', 'đơn vị / unit id', (v) => Number(v))
  .option('--password-stdin', 'đọc mật khẩu từ stdin / read the password from stdin')
  .action((username: string, o: { name: string; roles: string; unit?: number; passwordStdin?: boolean }) =>
    withAccounts(async (vigil, actor) => {
      const password = o.passwordStdin ? await stdinPassword() : undefined;
      const r = await vigil.accounts.add({ username, fullName: o.name, roles: o.roles.split(','), unitId: o.unit ?? null, ...(password !== undefined ? { password } : {}) }, actor);
      return `Đã tạo / created: ${r.username} (${r.roles.join(', ')})\n${oneTimeNote(r.oneTimePassword)}`;
    }));
user
  .command('passwd <username>')
  .description('Đặt lại mật khẩu / reset a password')
  .option('--password-stdin', 'đọc mật khẩu từ stdin / read the password from stdin')
  .action((username: string, o: { passwordStdin?: boolean }) =>
    withAccounts(async (vigil, actor) => {
      const password = o.passwordStdin ? await stdinPassword() : undefined;
      return oneTimeNote((await vigil.accounts.setPassword(username, password, actor)).oneTimePassword);
    }));
user
  .command('disable <username>')
  .description('Khóa tài khoản / disable an account')
  .action((username: string) => withAccounts(async (vigil, actor) => `Đã khóa / disabled: ${(await vigil.accounts.disable(username, actor)).username}`));
user
  .command('roles <username> <roles>')
  .description('Đặt vai trò / set roles (comma-separated)')
  .action((username: string, roles: string) =>
    withAccounts(async (vigil, actor) => `Vai trò / roles: ${(await vigil.accounts.setRoles(username, roles.split(','), actor)).roles.join(', ')}`));

user
  .command('email <username> [email]')
  .description('Đặt (hoặc xóa) địa chỉ email nhận thông báo sự việc / set (or clear) where incident notices are emailed (R7.1)')
  .action((username: string, email: string | undefined) =>
    withAccounts(async (vigil, actor) => {
      const u = await vigil.users.byUsername(username.trim().toLowerCase());
      if (!u) throw new AppError(404, 'not_found', { vi: `Không có tài khoản "${username}".`, en: `No account "${username}".` });
      const address = email?.trim() || null;
      if (address !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
        throw new AppError(400, 'invalid_input', { vi: `"${address}" không phải địa chỉ email.`, en: `"${address}" is not an email address.` });
      }
      await vigil.audited(actor, (trx) => vigil.users.setEmail(trx, u.id, address, vigil.now()),
        { action: 'account.email', resourceType: 'user', resourceId: u.username, detail: { email: address } });
      return address ? `Email của ${u.username}: ${address}` : `Đã xóa email của ${u.username} / email cleared.`;
    }));

user
  .command('reset-2fa <username>')
  .description('Gỡ xác thực hai lớp (mất điện thoại) và kết thúc các phiên / remove two-factor (lost phone) and end sessions')
  .action((username: string) =>
    withAccounts(async (vigil, actor) => {
      const u = await vigil.users.byUsername(username.trim().toLowerCase());
      if (!u) throw new AppError(404, 'not_found', { vi: `Không có tài khoản "${username}".`, en: `No account "${username}".` });
      await vigil.signIn.resetTwoFactor(u, actor);
      return `Đã gỡ xác thực hai lớp của ${u.username}; lần đăng nhập tới sẽ phải đăng ký lại. / Two-factor removed for ${u.username}; they enrol again at next sign-in.`;
    }));

program
  .command('export')
  .description('Gói chứng cứ / evidence packages (R4.3)')
  .command('verify <file>')
  .description('Kiểm tra gói chứng cứ không cần mạng: chữ ký và mã băm từng tệp / check an evidence package offline: signature and every file\'s hash')
  .option('--json', 'in kết quả dạng JSON / print the result as JSON')
  .option('--trusted-key <pem>', 'khóa công khai của nhà trường (PEM) để đối chiếu / the school\'s public key (PEM) to compare with')
  .action(async (file: string, o: { json?: boolean; trustedKey?: string }) => {
    // Exit 0 intact, 1 altered (the files are named), 2 not a readable package.
    const r = await exportVerifyCommand(file, o);
    process.stdout.write(r.output);
    process.exitCode = r.exitCode;
  });

const dateTime = (ms: number) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
const CASE_STATE_WORDS: Record<string, string> = { open: 'đang mở/open', closed: 'đã đóng/closed' };

const evidenceCase = program.command('case').description('Vụ việc làm chứng cứ / evidence cases (R4.3)');
evidenceCase
  .command('list')
  .description('Liệt kê vụ việc, mỗi dòng một vụ, mã vụ việc đứng đầu / list the cases, one a line, id first')
  .action(() =>
    withAccounts(async (vigil) => {
      const cases = await vigil.cases.list();
      if (cases.length === 0) return 'Chưa có vụ việc nào / no case yet.';
      // Tab-separated: id, state, opened (dd/MM/yyyy HH:mm, Vietnam), by, clips, title.
      return cases.map((c) => [c.id, CASE_STATE_WORDS[c.state] ?? c.state, dateTime(c.openedAtMs), c.openedBy, `${c.clipCount} clip`, c.title.replace(/\s+/g, ' ')].join('\t')).join('\n');
    }));
evidenceCase
  .command('export <caseId>')
  .description('Xuất gói chứng cứ có chữ ký ra tệp / write the signed evidence package to a file')
  .requiredOption('--out <file>', 'tệp .zip sẽ ghi / the .zip file to write')
  .option('--reason <text>', 'lý do xuất (ghi vào nhật ký) / why it is exported (audited)', 'Xuất gói chứng cứ từ dòng lệnh của máy chủ')
  .action((caseId: string, o: { out: string; reason: string }) =>
    withAccounts(async (vigil, actor) => {
      const id = Number(caseId);
      if (!Number.isSafeInteger(id) || id <= 0) throw new AppError(400, 'invalid_input', { vi: `Mã vụ việc "${caseId}" không hợp lệ: hãy dùng số ở đầu dòng của "vigil case list".`, en: `"${caseId}" is not a case id: use the number that starts a line of "vigil case list".` });
      let shown = -1;
      const r = await vigil.evidenceExports.exportTo(id, o.out, { reasonCode: 'evidence', reasonText: o.reason }, actor, actor.name, (done, total) => {
        const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
        if (pct >= shown + 10) {
          shown = pct;
          process.stderr.write(`  ${pct}%\n`);
        }
      });
      return `Đã xuất / exported: ${r.file} (${r.bytes} bytes, SHA-256 ${r.sha256})\nKiểm tra / verify: vigil export verify ${r.file}`;
    }));

program.command('migrate').description('Cập nhật cơ sở dữ liệu / migrate the database').action(async () => {
  const config = loadConfig();
  const db = openSqlite(config.databaseFile);
  const done = await migrateToLatest(db);
  await db.destroy();
  process.stdout.write(done.length ? `Đã áp dụng / applied: ${done.join(', ')}\n` : 'Cơ sở dữ liệu đã mới nhất / already up to date\n');
});

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`Vigil: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
