import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN, isLocked, recordFailure, sessionEnd, stageAfterPassword } from '../../src/domain/sign-in.js';

const T = Date.UTC(2026, 10, 25, 1);
const MIN = 60_000;

describe('lockout ("From Vietnamese law": lock after 5 failed logins)', () => {
  it('locks on the 5th failure within the period, for 15 minutes', () => {
    let r = null;
    for (let i = 1; i <= 4; i += 1) {
      const step = recordFailure(r, T + i * 1000, DEFAULT_SIGN_IN);
      expect(step.lockedNow).toBe(false);
      r = step.record;
    }
    const fifth = recordFailure(r, T + 5000, DEFAULT_SIGN_IN);
    expect(fifth.lockedNow).toBe(true);
    expect(isLocked(fifth.record, T + 5000 + 14 * MIN)).toBe(true);
    expect(isLocked(fifth.record, T + 5000 + 15 * MIN)).toBe(false);
  });

  it('forgets old failures, and starts afresh after a lockout ends', () => {
    const old = { count: 4, lastAtMs: T, lockedUntilMs: null };
    expect(recordFailure(old, T + 16 * MIN, DEFAULT_SIGN_IN).record.count).toBe(1);
    const ended = { count: 5, lastAtMs: T, lockedUntilMs: T + 15 * MIN };
    expect(recordFailure(ended, T + 15 * MIN + 1, DEFAULT_SIGN_IN)).toMatchObject({ lockedNow: false, record: { count: 1 } });
  });

  it('follows the settings', () => {
    const s = { ...DEFAULT_SIGN_IN, maxFailures: 3, lockoutMinutes: 60 };
    const r = recordFailure(recordFailure(recordFailure(null, T, s).record, T + 1, s).record, T + 2, s);
    expect(r.lockedNow).toBe(true);
    expect(r.record.lockedUntilMs).toBe(T + 2 + 60 * MIN);
  });
});

describe('sign-in steps', () => {
  it('asks leadership and admin to enrol a second factor when it is required', () => {
    expect(stageAfterPassword({ roles: ['principal'], totpEnabled: false, mustChangePassword: false }, true)).toBe('enrol');
    expect(stageAfterPassword({ roles: ['admin'], totpEnabled: false, mustChangePassword: true }, true)).toBe('enrol');
    expect(stageAfterPassword({ roles: ['principal'], totpEnabled: false, mustChangePassword: false }, false)).toBe('ok');
    expect(stageAfterPassword({ roles: ['guard'], totpEnabled: false, mustChangePassword: false }, true)).toBe('ok');
  });

  it('asks for the code of whoever enrolled, and a new password after a one-time one', () => {
    expect(stageAfterPassword({ roles: ['guard'], totpEnabled: true, mustChangePassword: false }, false)).toBe('totp');
    expect(stageAfterPassword({ roles: ['staff'], totpEnabled: false, mustChangePassword: true }, true)).toBe('password');
  });
});

describe('session expiry', () => {
  const s = { createdAtMs: T, lastSeenAtMs: T, revokedAtMs: null };
  it('ends after 30 idle minutes, 12 hours in all, or when revoked', () => {
    expect(sessionEnd(s, T + 29 * MIN, DEFAULT_SIGN_IN)).toBeNull();
    expect(sessionEnd(s, T + 30 * MIN, DEFAULT_SIGN_IN)).toBe('idle');
    expect(sessionEnd({ ...s, lastSeenAtMs: T + 12 * 60 * MIN - 1 }, T + 12 * 60 * MIN, DEFAULT_SIGN_IN)).toBe('absolute');
    expect(sessionEnd({ ...s, revokedAtMs: T + 1 }, T + 2, DEFAULT_SIGN_IN)).toBe('revoked');
  });
});
