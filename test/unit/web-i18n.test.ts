import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Tree;
/** The main files, with the sections kept in files of their own merged in as web/src/i18n/index.ts does. */
/** Each section of its own and the folder of its vi.json and en.json. */
const SECTIONS = { complaints: 'complaints', caseFiles: 'cases' } as const;
const load = (lang: string): Tree => ({
  ...read(`web/src/i18n/${lang}.json`),
  ...Object.fromEntries(Object.entries(SECTIONS).map(([s, dir]) => [s, read(`web/src/${dir}/${lang}.json`)])),
});

/** Every leaf as [dotted.key, text]. */
function leaves(tree: Tree, prefix = ''): Array<[string, unknown]> {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]);
}
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const vi = new Map(leaves(load('vi')));
const en = new Map(leaves(load('en')));

describe('the web app speaks Vietnamese first, and English in full', () => {
  it('has the same keys in vi.json and en.json', () => {
    expect([...en.keys()].sort()).toEqual([...vi.keys()].sort());
  });

  it('has no empty or non-text value in either language', () => {
    for (const [lang, texts] of [['vi', vi], ['en', en]] as const) {
      for (const [key, text] of texts) expect(typeof text === 'string' && text.trim().length > 0, `${lang}: ${key}`).toBe(true);
    }
  });

  it('names the same {{variables}} in both languages', () => {
    for (const [key, text] of vi) expect(variables(String(en.get(key))), key).toEqual(variables(String(text)));
  });

  it('writes Vietnamese with its diacritics (NFC), not stripped ASCII', () => {
    const all = [...vi.values()].join(' ');
    expect(all).toMatch(/[ăâđêôơư]/);
    expect(all.normalize('NFC')).toBe(all);
    for (const phrase of ['Đăng nhập', 'Mật khẩu', 'Xác thực hai lớp', 'Trường Tiểu học Đoàn Khuê', 'Khiếu nại', 'Lịch làm việc — ngày nghỉ lễ']) expect(all).toContain(phrase);
  });

  it('keeps each section of its own out of the main files, so that it is never defined twice', () => {
    for (const lang of ['vi', 'en']) for (const s of Object.keys(SECTIONS)) expect(Object.keys(read(`web/src/i18n/${lang}.json`)), `${lang}: ${s}`).not.toContain(s);
  });
});
