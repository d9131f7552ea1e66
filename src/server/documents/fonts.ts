import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';

/**
 * The fonts official documents embed. Decree 30/2020 asks for Times New Roman; Liberation Serif
 * has the same metrics (a page breaks where it would in Times New Roman) and, from version 2, every
 * Vietnamese letter. Liberation Mono prints the SHA-256 of clips: hex in a fixed pitch is easy to
 * compare by eye. Both are under the SIL Open Font License and come from Debian's fonts-liberation2
 * (on Debian 13 the same fonts are in fonts-liberation), which scripts/system-deps.sh installs.
 *
 * Looked for in $VIGIL_FONTS_DIR (a folder holding the five files below), then in Debian's folders.
 */
export const FONTS_DIR_ENV = 'VIGIL_FONTS_DIR';
export const FONT_PACKAGE = 'fonts-liberation2';

export const FONT_DIRS: readonly string[] = [
  '/usr/share/fonts/truetype/liberation2',
  // Debian 13 ships Liberation 2 here; Debian 12's fonts-liberation here is version 1, which has
  // no Vietnamese and is refused by the coverage check below.
  '/usr/share/fonts/truetype/liberation',
];

export const FONT_FILES = {
  serif: 'LiberationSerif-Regular.ttf',
  serifBold: 'LiberationSerif-Bold.ttf',
  serifItalic: 'LiberationSerif-Italic.ttf',
  serifBoldItalic: 'LiberationSerif-BoldItalic.ttf',
  mono: 'LiberationMono-Regular.ttf',
} as const;

export type FontRole = keyof typeof FONT_FILES;
export type DocumentFonts = Record<FontRole, Buffer>;

/** Every letter of Vietnamese, both cases: a font missing one would print a blank box in a name. */
export const VIETNAMESE_LETTERS =
  'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';

export class FontsMissingError extends Error {
  constructor(detail: string) {
    super(
      `${detail}. Official documents need Liberation Serif and Liberation Mono version 2 (Vietnamese): ` +
        `install the Debian package ${FONT_PACKAGE} (sudo apt-get install ${FONT_PACKAGE}, or run ` +
        `scripts/system-deps.sh), or set ${FONTS_DIR_ENV} to a folder holding ${Object.values(FONT_FILES).join(', ')}.`,
    );
    this.name = 'FontsMissingError';
  }
}

/** The code points a font lacks among `text` (spaces aside). */
export function missingGlyphs(font: Buffer, text: string): string[] {
  const f = fontkit.create(font);
  if (!('hasGlyphForCodePoint' in f)) throw new Error('a font collection, not a font');
  const missing = new Set<string>();
  for (const ch of text) {
    if (ch.trim() === '') continue;
    if (!f.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0)) missing.add(ch);
  }
  return [...missing];
}

function loadFrom(dir: string): DocumentFonts | string {
  const fonts: Partial<DocumentFonts> = {};
  for (const [role, file] of Object.entries(FONT_FILES) as [FontRole, string][]) {
    const p = path.join(dir, file);
    if (!existsSync(p)) return `${p} is missing`;
    const data = readFileSync(p);
    const lacking = missingGlyphs(data, VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.toUpperCase());
    if (lacking.length > 0) return `${p} has no glyph for ${lacking.slice(0, 8).join(' ')}`;
    fonts[role] = data;
  }
  return fonts as DocumentFonts;
}

let cached: DocumentFonts | undefined;

/**
 * The fonts, read once per process (about 1.5 MB; each PDF embeds only the glyphs it uses).
 * Throws FontsMissingError naming the package to install.
 */
export function documentFonts(env: NodeJS.ProcessEnv = process.env): DocumentFonts {
  const override = env[FONTS_DIR_ENV];
  if (!override && cached) return cached;
  const dirs = override ? [override] : FONT_DIRS;
  const problems: string[] = [];
  for (const dir of dirs) {
    const found = loadFrom(dir);
    if (typeof found !== 'string') {
      if (!override) cached = found;
      return found;
    }
    problems.push(found);
  }
  throw new FontsMissingError(problems.join('; '));
}
