import { describe, expect, it } from 'vitest';
import { checkPassword } from '../../src/domain/password-policy.js';
import { isLeadership, needsTwoFactor } from '../../src/domain/roles.js';

describe('password policy', () => {
  it('accepts a long password with three kinds of character', () => {
    expect(checkPassword('Cổng-trường-2026', 'baove')).toEqual([]);
  });

  it('explains each problem in Vietnamese', () => {
    expect(checkPassword('abc', 'baove').map((p) => p.code)).toEqual(['password.tooShort', 'password.tooSimple']);
    expect(checkPassword('Baove@2026xyz', 'baove').map((p) => p.code)).toEqual(['password.containsUsername']);
    expect(checkPassword('P@ssw0rd123', 'x')[0]?.vi).toContain('phổ biến');
  });

  it('counts Vietnamese letters with diacritics as letters', () => {
    expect(checkPassword('ĐoànKhuê2026', 'x')).toEqual([]);
  });
});

describe('roles', () => {
  it('leadership is the principal and the vice-principals (R4.1); they and admins need two factors', () => {
    expect(isLeadership(['vice_principal'])).toBe(true);
    expect(isLeadership(['guard', 'unit_head'])).toBe(false);
    expect(needsTwoFactor(['admin'])).toBe(true);
    expect(needsTwoFactor(['staff'])).toBe(false);
  });
});
