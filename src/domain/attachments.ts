/**
 * R4.3: a case holds "notes and attachments" beside its clips — a written statement, a photo, a
 * scanned letter, a Word file. Only document and picture types a school office uses are taken:
 * an attachment travels in the evidence package to people who will open it.
 */
import type { Bilingual } from './workflows/machine.js';

/** 25 MiB: a scanned letter of many pages, a phone photo; not a video (clips come from the cameras). */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;

interface AttachmentType {
  label: string;
  extensions: readonly string[];
  /** Whether the first bytes fit the type: a renamed program is not a PDF. */
  looksLike: (head: Buffer) => boolean;
}

const startsWith = (head: Buffer, ...bytes: number[]) => bytes.every((b, i) => head[i] === b);
const ZIP = (head: Buffer) => startsWith(head, 0x50, 0x4b, 0x03, 0x04);
const OLE = (head: Buffer) => startsWith(head, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
/** Text: UTF-8 (a BOM allowed) with no NUL byte; a character cut at the end of the first bytes is fine (stream mode). */
function TEXT(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export const ATTACHMENT_TYPES = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'], looksLike: (h) => startsWith(h, 0x25, 0x50, 0x44, 0x46, 0x2d) },
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg'], looksLike: (h) => startsWith(h, 0xff, 0xd8, 0xff) },
  'image/png': { label: 'PNG', extensions: ['png'], looksLike: (h) => startsWith(h, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word (DOCX)', extensions: ['docx'], looksLike: ZIP },
  'application/msword': { label: 'Word (DOC)', extensions: ['doc'], looksLike: OLE },
  'text/plain': { label: 'TXT', extensions: ['txt'], looksLike: TEXT },
} as const satisfies Record<string, AttachmentType>;
export type AttachmentMediaType = keyof typeof ATTACHMENT_TYPES;

const TYPES_IN_WORDS: Bilingual = {
  vi: 'PDF, ảnh JPEG hoặc PNG, Word (DOCX, DOC) hoặc văn bản TXT',
  en: 'PDF, a JPEG or PNG picture, Word (DOCX, DOC) or plain text (TXT)',
};

/** `application/pdf; charset=binary` → `application/pdf`; null for a type not taken. */
export function attachmentMediaType(contentType: string | undefined): AttachmentMediaType | null {
  const bare = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return Object.hasOwn(ATTACHMENT_TYPES, bare) ? (bare as AttachmentMediaType) : null;
}

export function unsupportedType(contentType: string | undefined): Bilingual {
  const given = (contentType ?? '').split(';')[0]?.trim().slice(0, 80) || '(không rõ / none)';
  return {
    vi: `Không nhận loại tệp “${given}”. Chỉ nhận ${TYPES_IN_WORDS.vi}, tối đa 25 MiB.`,
    en: `Files of type “${given}” are not taken. Only ${TYPES_IN_WORDS.en}, up to 25 MiB.`,
  };
}

export const TOO_LARGE: Bilingual = {
  vi: 'Tệp đính kèm quá lớn: tối đa 25 MiB. Hãy nén ảnh hoặc chia tài liệu thành nhiều tệp.',
  en: 'The attachment is too large: 25 MiB at most. Shrink the picture or split the document.',
};

/** The name must end as its type does (`bien-ban.pdf` for a PDF), so whoever opens it later gets what it says. */
export function nameProblem(name: string, type: AttachmentMediaType): Bilingual | null {
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  const t: AttachmentType = ATTACHMENT_TYPES[type];
  if (t.extensions.includes(ext)) return null;
  const wanted = t.extensions.map((e) => `.${e}`).join(', ');
  return {
    vi: `Tên tệp “${name}” không khớp loại ${t.label}: tên tệp ${t.label} phải kết thúc bằng ${wanted}.`,
    en: `The name “${name}” does not fit a ${t.label} file: it must end in ${wanted}.`,
  };
}

/** The first bytes must be what the type says: a program renamed to .pdf is refused. */
export function contentProblem(type: AttachmentMediaType, head: Buffer): Bilingual | null {
  const t: AttachmentType = ATTACHMENT_TYPES[type];
  if (t.looksLike(head)) return null;
  return {
    vi: `Nội dung tệp không phải ${t.label} như đã khai. Hãy mở tệp trên máy để kiểm tra, rồi gửi lại đúng tệp.`,
    en: `The file's content is not ${t.label} as declared. Open it on your computer to check, then send the right file.`,
  };
}
