import { z } from 'zod';

/**
 * Official documents the school issues from Vigil (Decree 30/2020/NĐ-CP layout). For now the
 * biên bản (minutes) of an evidence case (R4.3): what was examined, by whom, and which clips, each
 * with its SHA-256 so anyone can check later that the footage is the one the minutes speak of.
 */

const Line = (max: number) => z.string().trim().min(1).max(max);
const Instant = z.number().int().min(0).max(8_640_000_000_000);

/** Year of `ms` on the school's calendar (numbers reset every 1 January, local time). */
function localYear(ms: number, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(new Date(ms)));
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The issuing school as its header names it; every value is a setting (requirements.md, defaults). */
export const DocumentSchool = z.object({
  /** The body the school answers to, in capitals: "UBND QUẬN LONG BIÊN". */
  parentBody: Line(120),
  /** "Trường Tiểu học Đoàn Khuê"; the header prints it in capitals. */
  name: Line(120),
  /** The school's abbreviation in document numbers: "THĐKh" in "Số: 05/BB-THĐKh". */
  abbreviation: Line(20).regex(/^\S+$/, { message: 'document.abbreviation' }),
  /** The place in the date line: "Long Biên, ngày 05 tháng 10 năm 2024". */
  place: Line(60),
  /** The zone of every date and time printed (the school's wall clock, not the server's). */
  timeZone: z.string().default('Asia/Ho_Chi_Minh')
    .refine(isKnownTimeZone, { message: 'document.timeZone' }),
});
export type DocumentSchool = z.infer<typeof DocumentSchool>;

/** Someone named in the minutes: "Nguyễn Thị Hường", "Hiệu trưởng". */
export const DocumentPerson = z.object({
  name: Line(80),
  position: Line(120),
});
export type DocumentPerson = z.infer<typeof DocumentPerson>;

/** A clip examined as evidence (R4.3): which camera, which time, which file, and its fingerprint. */
export const DocumentClip = z
  .object({
    camera: Line(80),
    startMs: Instant,
    endMs: Instant,
    /** Lower-case hex; upper case is accepted and lowered so the printed hash has one spelling. */
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, { message: 'document.sha256' }).transform((s) => s.toLowerCase()),
    fileName: Line(200),
    bytes: z.number().int().min(0),
  })
  .refine((c) => c.endMs > c.startMs, { message: 'range.order', path: ['endMs'] });
export type DocumentClip = z.infer<typeof DocumentClip>;

export const BienBanDocument = z
  .object({
    school: DocumentSchool,
    /** Per year, from 1: the decree restarts numbering every 1 January. */
    number: z.number().int().min(1).max(99_999),
    year: z.number().int().min(2000).max(2999),
    kind: z.literal('BB').default('BB'),
    /** When the document is issued: the date line under the national motto. */
    issuedAt: Instant,
    title: z.literal('BIÊN BẢN').default('BIÊN BẢN'),
    /** The one-line subject under the title: "Về việc xem xét sự việc … qua dữ liệu camera". */
    subject: Line(300),
    /** When the meeting opened and closed: the opening time line and the closing sentence. */
    startedAt: Instant,
    endedAt: Instant,
    /** Where the meeting took place: "Phòng họp Ban Giám hiệu". */
    place: Line(200),
    /** Thành phần tham dự. */
    present: z.array(DocumentPerson).min(1).max(60),
    /** Chủ tọa: signs on the right. */
    chair: DocumentPerson,
    /** Thư ký: takes the minutes, signs on the left. */
    secretary: DocumentPerson,
    /** The body of the minutes, one string a paragraph; may run over several pages. */
    content: z.array(z.string().trim().min(1).max(20_000)).min(1).max(500),
    clips: z.array(DocumentClip).max(200),
    /** "Nơi nhận": one line each, as written ("- Như trên;", "- Lưu: VT."). */
    recipients: z.array(Line(200)).min(1).max(30),
    /** A draft carries a visible "BẢN NHÁP" marking on every page; a finalised version does not. */
    draft: z.boolean(),
    /** Edits before finalising make new versions; a finalised version is never changed. */
    version: z.number().int().min(1),
  })
  .refine((d) => d.endedAt > d.startedAt, { message: 'range.order', path: ['endedAt'] })
  // "Số: 05/BB-THĐKh" dated in another year than its number's would be a second number 05.
  .refine((d) => localYear(d.issuedAt, d.school.timeZone) === d.year, { message: 'document.year', path: ['year'] });
export type BienBanDocument = z.infer<typeof BienBanDocument>;
/** What a caller may leave out (the defaults: kind, title, time zone). */
export type BienBanDocumentInput = z.input<typeof BienBanDocument>;
