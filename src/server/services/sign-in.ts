import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';
import { z } from 'zod';
import { checkPassword } from '../../domain/password-policy.js';
import {
  DEFAULT_SIGN_IN, type SessionStage, type SignInSettings, isLocked, recordFailure, sessionEnd, stageAfterPassword, stageAfterSecondFactor,
} from '../../domain/sign-in.js';
import { AppError, invalid } from '../errors.js';
import type { AuditRepository } from '../repositories/audit.js';
import { passwords } from '../repositories/passwords.js';
import type { SecretBox } from '../repositories/secrets.js';
import type { LoginFailureRepository, SessionRecord, SessionRepository } from '../repositories/sessions.js';
import type { SettingsRepository } from '../repositories/settings.js';
import type { UserRecord, UserRepository } from '../repositories/users.js';
import { type Actor, factsOf } from './actor.js';

export const SignInSettingsSchema = z.object({
  maxFailures: z.number().int().min(3).max(20),
  lockoutMinutes: z.number().int().min(1).max(24 * 60),
  sessionIdleMinutes: z.number().int().min(5).max(24 * 60),
  sessionAbsoluteHours: z.number().int().min(1).max(7 * 24),
});
const KEY = 'sign_in';

export interface Client {
  ip: string | null;
  userAgent: string | null;
}

export interface SignedIn {
  session: SessionRecord;
  user: UserRecord;
}

/** One message for a wrong name, a wrong password and a disabled account: nothing tells which. */
const failed = () =>
  new AppError(401, 'auth.failed', {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại (chú ý bộ gõ tiếng Việt và phím Caps Lock).',
    en: 'Wrong username or password. Check them (mind the Vietnamese input method and Caps Lock).',
  });
const locked = (minutes: number) =>
  new AppError(429, 'auth.locked', {
    vi: `Đăng nhập sai quá nhiều lần nên tạm khóa. Hãy thử lại sau ${minutes} phút, hoặc nhờ quản trị hệ thống.`,
    en: `Too many failed sign-ins: locked for now. Try again in ${minutes} minutes, or ask the administrator.`,
  });
const badCode = () =>
  new AppError(401, 'auth.badCode', {
    vi: 'Mã xác thực không đúng hoặc đã hết hạn. Nhập mã mới đang hiện trên ứng dụng xác thực.',
    en: 'The code is wrong or expired. Enter the current code from your authenticator app.',
  });
const wrongStage = () =>
  new AppError(409, 'auth.stage', {
    vi: 'Bước đăng nhập này không còn hiệu lực. Hãy tải lại trang và đăng nhập lại.',
    en: 'This sign-in step is no longer valid. Reload the page and sign in again.',
  });

const ISSUER = 'Vigil';

/** Sign-in, the second factor, sessions and one's own password (issue 4, "From Vietnamese law"). */
export class SignInService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly failures: LoginFailureRepository,
    private readonly audit: AuditRepository,
    private readonly secrets: SecretBox,
    private readonly settingsRepo: SettingsRepository,
    readonly twoFactorRequired: boolean,
    private readonly now: () => number,
  ) {}

  settings(): Promise<SignInSettings> {
    return this.settingsRepo.get(KEY, SignInSettingsSchema, DEFAULT_SIGN_IN);
  }

  async setSettings(patch: Partial<SignInSettings>, actor: Actor): Promise<SignInSettings> {
    const next = { ...(await this.settings()), ...patch };
    await this.settingsRepo.transaction(async (trx) => {
      await this.settingsRepo.set(KEY, next, trx);
      await this.audit.append(trx, factsOf(actor, this.now(), { action: 'settings.sign_in', resourceType: 'settings', resourceId: KEY, detail: next }));
    });
    return next;
  }

  async login(usernameRaw: string, password: string, client: Client): Promise<{ token: string } & SignedIn> {
    const username = usernameRaw.trim().toLowerCase().slice(0, 64);
    const s = await this.settings();
    const nowMs = this.now();
    const actor: Actor = { name: username, role: null, ...client };
    if (isLocked(await this.failures.get(username), nowMs)) {
      await this.audit.record(factsOf(actor, nowMs, { action: 'auth.login', resourceType: 'session', outcome: 'denied', detail: { why: 'locked' } }));
      throw locked(s.lockoutMinutes);
    }
    const user = await this.users.byUsername(username);
    // Verify even for an unknown name, so the answer takes as long either way.
    const ok = await passwords.verify(user?.passwordHash ?? (await this.dummy()), password);
    if (!user || !ok || user.disabledAt !== null) {
      return this.fail(username, actor, !user ? 'unknown_user' : !ok ? 'bad_password' : 'disabled', s);
    }
    const stage = stageAfterPassword({ roles: user.roles, totpEnabled: user.totpEnabledAt !== null, mustChangePassword: user.mustChangePassword }, this.twoFactorRequired);
    const created = await this.users.transaction(async (trx) => {
      await this.failures.clear(trx, username);
      const c = await this.sessions.create(trx, { userId: user.id, stage, ...client }, nowMs);
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'auth.login', resourceType: 'session', detail: { next: stage } }));
      return c;
    });
    return { token: created.token, session: created.record, user };
  }

  /** The second step: a TOTP code, or a recovery code when the phone is lost. */
  async secondFactor(si: SignedIn, input: { code?: string | undefined; recoveryCode?: string | undefined }, client: Client): Promise<SessionStage> {
    if (si.session.stage !== 'totp' || !si.user.totpSecretEnc) throw wrongStage();
    const s = await this.settings();
    const actor: Actor = { name: si.user.username, role: null, ...client };
    if (isLocked(await this.failures.get(si.user.username), this.now())) throw locked(s.lockoutMinutes);
    let ok = false;
    if (input.code) ok = await this.checkTotp(si.user, this.secrets.open(si.user.totpSecretEnc), input.code);
    else if (input.recoveryCode) ok = await this.users.useRecoveryCode(si.user.id, input.recoveryCode, this.now());
    if (!ok) {
      await this.fail(si.user.username, actor, input.code ? 'bad_totp' : 'bad_recovery_code', s, badCode());
    }
    const next = stageAfterSecondFactor(si.user.mustChangePassword);
    await this.users.transaction(async (trx) => {
      await this.failures.clear(trx, si.user.username);
      await this.sessions.setStage(trx, si.session.idHash, next);
      await this.audit.append(trx, factsOf(actor, this.now(), { action: 'auth.second_factor', resourceType: 'session', detail: { method: input.code ? 'totp' : 'recovery_code' } }));
    });
    return next;
  }

  /** Start TOTP enrolment: a new secret, shown once as a QR code (kept sealed on the session until confirmed). */
  async beginEnrol(si: SignedIn): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
    if (si.session.stage !== 'enrol' && si.session.stage !== 'ok') throw wrongStage();
    const secret = generateSecret();
    const otpauthUrl = generateURI({ issuer: ISSUER, label: si.user.username, secret });
    await this.sessions.setPendingTotp(si.session.idHash, this.secrets.seal(secret));
    const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUrl, qrSvg };
  }

  /** Confirm enrolment with a first code; returns the recovery codes, shown this once. */
  async confirmEnrol(si: SignedIn, code: string, client: Client): Promise<{ recoveryCodes: string[]; next: SessionStage }> {
    if (!si.session.pendingTotpEnc) throw wrongStage();
    const secret = this.secrets.open(si.session.pendingTotpEnc);
    if (!(await this.checkTotp(si.user, secret, code))) throw badCode();
    const recoveryCodes = Array.from({ length: 10 }, () => recoveryCode());
    const next = si.session.stage === 'enrol' ? stageAfterSecondFactor(si.user.mustChangePassword) : si.session.stage;
    await this.users.transaction(async (trx) => {
      await this.users.setTotp(trx, si.user.id, this.secrets.seal(secret), this.now());
      await this.users.setRecoveryCodes(trx, si.user.id, recoveryCodes);
      await this.sessions.setStage(trx, si.session.idHash, next);
      await this.audit.append(trx, factsOf({ name: si.user.username, role: null, ...client }, this.now(), { action: 'auth.totp_enrol', resourceType: 'account', resourceId: si.user.username }));
    });
    return { recoveryCodes, next };
  }

  async changePassword(si: SignedIn, current: string, next: string, client: Client): Promise<{ sessionsEnded: number }> {
    if (si.session.stage !== 'password' && si.session.stage !== 'ok') throw wrongStage();
    if (!(await passwords.verify(si.user.passwordHash, current))) {
      throw new AppError(400, 'auth.currentPassword', { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' });
    }
    if (current === next) throw invalid('auth.samePassword', { vi: 'Mật khẩu mới phải khác mật khẩu cũ.', en: 'The new password must differ from the old one.' });
    const problems = checkPassword(next, si.user.username);
    if (problems.length > 0) throw invalid('account.weakPassword', { vi: problems.map((p) => p.vi).join(' '), en: problems.map((p) => p.en).join(' ') }, problems.map((p) => p.code));
    const hash = await passwords.hash(next);
    return this.users.transaction(async (trx) => {
      await this.users.setPassword(trx, si.user.id, hash, false, this.now());
      await this.sessions.setStage(trx, si.session.idHash, 'ok');
      // A new password ends every other session: whoever knew the old one is out.
      const sessionsEnded = await this.sessions.revokeAll(trx, si.user.id, this.now(), si.session.idHash);
      await this.audit.append(trx, factsOf({ name: si.user.username, role: null, ...client }, this.now(), { action: 'account.password', resourceType: 'account', resourceId: si.user.username, detail: { self: true, sessionsEnded } }));
      return { sessionsEnded };
    });
  }

  async logout(si: SignedIn, everywhere: boolean, client: Client): Promise<number> {
    return this.users.transaction(async (trx) => {
      const n = everywhere ? await this.sessions.revokeAll(trx, si.user.id, this.now()) : (await this.sessions.revoke(trx, si.session.idHash, this.now()), 1);
      await this.audit.append(trx, factsOf({ name: si.user.username, role: null, ...client }, this.now(), { action: everywhere ? 'auth.logout_everywhere' : 'auth.logout', resourceType: 'session', detail: { sessions: n } }));
      return n;
    });
  }

  /** Admin: remove a user's second factor (lost phone, no recovery code) and end their sessions. */
  async resetTwoFactor(user: UserRecord, actor: Actor): Promise<void> {
    await this.users.transaction(async (trx) => {
      await this.users.setTotp(trx, user.id, null, this.now());
      await this.users.setRecoveryCodes(trx, user.id, []);
      await this.sessions.revokeAll(trx, user.id, this.now());
      await this.audit.append(trx, factsOf(actor, this.now(), { action: 'account.reset_two_factor', resourceType: 'account', resourceId: user.username }));
    });
  }

  /** End every session of a user (disabled, or given a new password by the admin). */
  async endSessionsOf(user: UserRecord): Promise<void> {
    await this.sessions.endAll(user.id, this.now());
  }

  /** The live session behind a cookie, or null (unknown, revoked, idle too long, too old, account disabled). */
  async resolve(token: string): Promise<SignedIn | null> {
    const session = await this.sessions.byToken(token);
    if (!session) return null;
    const nowMs = this.now();
    if (sessionEnd(session, nowMs, await this.settings()) !== null) return null;
    const user = await this.users.byId(session.userId);
    if (!user || user.disabledAt !== null) return null;
    // Write the last-seen time at most every 15 s: reads stay reads.
    if (nowMs - session.lastSeenAtMs > 15_000) await this.sessions.touch(session.idHash, nowMs);
    return { session, user };
  }

  private async checkTotp(user: UserRecord, secret: string, code: string): Promise<boolean> {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return false;
    const epoch = Math.floor(this.now() / 1000);
    const r = await verifyTotp({ secret, token, epoch, epochTolerance: 30 });
    if (!r.valid) return false;
    return this.users.claimTotpStep(user.id, Math.floor(epoch / 30) + r.delta);
  }

  private async fail(username: string, actor: Actor, why: string, s: SignInSettings, error: AppError = failed()): Promise<never> {
    const nowMs = this.now();
    const { record, lockedNow } = recordFailure(await this.failures.get(username), nowMs, s);
    await this.users.transaction(async (trx) => {
      await this.failures.put(trx, username, record);
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'auth.login', resourceType: 'session', outcome: 'failed', detail: { why, failures: record.count } }));
      if (lockedNow) await this.audit.append(trx, factsOf(actor, nowMs, { action: 'auth.lockout', resourceType: 'session', outcome: 'denied', detail: { minutes: s.lockoutMinutes } }));
    });
    throw lockedNow ? locked(s.lockoutMinutes) : error;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= passwords.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}

/** 10 characters from an alphabet without look-alikes, shown as xxxxx-xxxxx (~50 bits each). */
function recoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length] ?? 'a').join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
