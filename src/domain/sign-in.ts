/**
 * Sign-in rules ("From Vietnamese law": lock after 5 failed logins, two-factor for leadership and
 * admin, sessions that expire). Pure: the clock and the settings are passed in.
 */
import { needsTwoFactor, type Role } from './roles.js';

export interface SignInSettings {
  maxFailures: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

export const DEFAULT_SIGN_IN: SignInSettings = { maxFailures: 5, lockoutMinutes: 15, sessionIdleMinutes: 30, sessionAbsoluteHours: 12 };

/** Failed attempts for one typed username — known or not, so a lockout reveals nothing. */
export interface FailureRecord {
  count: number;
  lastAtMs: number;
  lockedUntilMs: number | null;
}

export const isLocked = (r: FailureRecord | null, nowMs: number): boolean => r?.lockedUntilMs != null && nowMs < r.lockedUntilMs;

/**
 * One more failure. Failures older than the lockout period are forgotten; the `maxFailures`-th
 * within it locks the name for `lockoutMinutes`.
 */
export function recordFailure(r: FailureRecord | null, nowMs: number, s: SignInSettings): { record: FailureRecord; lockedNow: boolean } {
  const windowMs = s.lockoutMinutes * 60_000;
  const fresh = r && nowMs - r.lastAtMs < windowMs && !(r.lockedUntilMs != null && nowMs >= r.lockedUntilMs) ? r.count : 0;
  const count = fresh + 1;
  const lockedNow = count >= s.maxFailures;
  return { record: { count, lastAtMs: nowMs, lockedUntilMs: lockedNow ? nowMs + windowMs : null }, lockedNow };
}

/**
 * A session's stage: it is usable only when `ok`. Before that, only the next sign-in step is open:
 * the second factor, its enrolment, or a forced password change (one-time passwords).
 */
export type SessionStage = 'totp' | 'enrol' | 'password' | 'ok';

export function stageAfterPassword(u: { roles: readonly Role[]; totpEnabled: boolean; mustChangePassword: boolean }, twoFactorRequired: boolean): SessionStage {
  if (u.totpEnabled) return 'totp';
  if (twoFactorRequired && needsTwoFactor(u.roles)) return 'enrol';
  return u.mustChangePassword ? 'password' : 'ok';
}

export const stageAfterSecondFactor = (mustChangePassword: boolean): SessionStage => (mustChangePassword ? 'password' : 'ok');

export interface SessionTimes {
  createdAtMs: number;
  lastSeenAtMs: number;
  revokedAtMs: number | null;
}

export type SessionEnd = 'revoked' | 'idle' | 'absolute' | null;

/** Why a session is over, or null while it is alive. */
export function sessionEnd(s: SessionTimes, nowMs: number, settings: SignInSettings): SessionEnd {
  if (s.revokedAtMs !== null) return 'revoked';
  if (nowMs - s.createdAtMs >= settings.sessionAbsoluteHours * 3_600_000) return 'absolute';
  if (nowMs - s.lastSeenAtMs >= settings.sessionIdleMinutes * 60_000) return 'idle';
  return null;
}
