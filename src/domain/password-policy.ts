/**
 * Password policy ("From Vietnamese law": strong passwords, QĐ 724/QĐ-BTTTT practice). Pure.
 * At least 10 characters, three of the four kinds (lower case, upper case, digit, symbol), not
 * the username, not a well-known password.
 */
export const MIN_PASSWORD_LENGTH = 10;

const COMMON = new Set([
  'password', 'password1', 'password123', '123456789', '1234567890', 'qwerty123', 'abc123456', 'matkhau123', 'matkhau@123',
  'admin123', 'admin@123', 'administrator', '12345678a', 'iloveyou', 'vietnam123', 'hanoi123', 'p@ssw0rd', 'p@ssw0rd123',
]);

export interface PasswordProblem {
  code: 'password.tooShort' | 'password.tooSimple' | 'password.containsUsername' | 'password.common';
  vi: string;
  en: string;
}

export function checkPassword(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    problems.push({ code: 'password.tooShort', vi: `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`, en: `A password needs at least ${MIN_PASSWORD_LENGTH} characters.` });
  }
  const kinds = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((re) => re.test(password)).length;
  if (kinds < 3) {
    problems.push({
      code: 'password.tooSimple',
      vi: 'Mật khẩu cần có ít nhất 3 trong 4 loại: chữ thường, chữ hoa, chữ số, ký tự đặc biệt.',
      en: 'A password needs at least 3 of: lower case, upper case, digits, symbols.',
    });
  }
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ code: 'password.containsUsername', vi: 'Mật khẩu không được chứa tên đăng nhập.', en: 'A password must not contain the username.' });
  }
  if (COMMON.has(password.toLowerCase())) {
    problems.push({ code: 'password.common', vi: 'Mật khẩu này quá phổ biến, dễ bị đoán.', en: 'This password is too common and easy to guess.' });
  }
  return problems;
}
