/**
 * Evidence cases (vụ việc, R4.3): leadership opens a case, attaches clips, notes and the people
 * involved, draws up the biên bản (editable draft → finalised, immutable), and closes it. Every
 * clip is held until the case is closed and its retention period ends.
 */
import { localYear } from '../deadlines.js';
import { DAY_MS } from '../retention.js';
import { type Bilingual, LEADERSHIP, type Machine, START_BEFORE_END, reasonTooShort, staysIn } from './machine.js';

export const CASE_STATES = ['open', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_EVENTS = ['open', 'edit', 'attach_clip', 'add_note', 'add_attachment', 'remove_attachment', 'close', 'reopen'] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

export const CASE_MACHINE: Machine<CaseState, CaseEvent> = {
  subject: { vi: 'vụ việc', en: 'case' },
  states: { open: { vi: 'Đang xử lý', en: 'Open' }, closed: { vi: 'Đã kết thúc', en: 'Closed' } },
  events: {
    open: { vi: 'Mở vụ việc', en: 'Open a case' },
    edit: { vi: 'Sửa thông tin', en: 'Edit details' },
    attach_clip: { vi: 'Thêm đoạn ghi hình', en: 'Attach a clip' },
    add_note: { vi: 'Thêm ghi chú', en: 'Add a note' },
    add_attachment: { vi: 'Thêm tệp đính kèm', en: 'Add an attachment' },
    remove_attachment: { vi: 'Gỡ tệp đính kèm', en: 'Remove an attachment' },
    close: { vi: 'Kết thúc vụ việc', en: 'Close the case' },
    reopen: { vi: 'Mở lại vụ việc', en: 'Reopen the case' },
  },
  transitions: [
    // R4.3: leadership opens a case and builds it.
    { from: null, event: 'open', to: 'open', who: LEADERSHIP, rule: 'R4.3' },
    ...staysIn(['open'], 'edit', LEADERSHIP, 'R4.3'),
    ...staysIn(['open'], 'attach_clip', LEADERSHIP, 'R4.3'),
    ...staysIn(['open'], 'add_note', LEADERSHIP, 'R4.3'),
    // R4.3: notes and attachments (a statement, a photo, a letter) while the case is being built;
    // once closed, what it holds is the record and is only read (and exported).
    ...staysIn(['open'], 'add_attachment', LEADERSHIP, 'R4.3'),
    ...staysIn(['open'], 'remove_attachment', LEADERSHIP, 'R4.3'),
    { from: 'open', event: 'close', to: 'closed', who: LEADERSHIP, rule: 'R4.3' },
    // R4.3: a closed case is a record others relied on; like changes to footage (R2.3), reopening
    // it is the principal's decision alone, with a reason.
    { from: 'closed', event: 'reopen', to: 'open', who: { roles: ['principal'] }, rule: 'R4.3' },
  ],
};

export const MIN_CASE_REASON = 10;

export function reopenProblem(reason: string): Bilingual | null {
  return reasonTooShort(reason, MIN_CASE_REASON, {
    vi: 'Phụ huynh cung cấp thêm chứng cứ mới ngày 12/3',
    en: 'A parent brought new evidence on 12 March',
  });
}

export interface EvidenceSettings {
  /** R4.3: longest clip one attachment may hold. */
  maxClipMinutes: number;
  /**
   * R4.3: evidence is kept this long after the case is closed. Default 2 years: longer than the
   * 90 days to file a complaint and the 1 year to bring an administrative lawsuit against the
   * school's decision, with room to spare; a setting the school's legal adviser may lengthen.
   */
  evidenceRetentionDays: number;
}
export const DEFAULT_EVIDENCE_SETTINGS: EvidenceSettings = { maxClipMinutes: 120, evidenceRetentionDays: 730 };

export interface EvidenceClip {
  cameraId: number;
  startMs: number;
  endMs: number;
}

/** R4.3: a clip is one camera between a start and an end, of footage that exists. */
export function clipProblem(clip: EvidenceClip, nowMs: number, settings: EvidenceSettings = DEFAULT_EVIDENCE_SETTINGS): Bilingual | null {
  if (!(clip.startMs < clip.endMs)) return START_BEFORE_END;
  if (clip.endMs > nowMs) return { vi: 'Đoạn ghi hình không thể kết thúc ở tương lai.', en: 'A clip cannot end in the future.' };
  if (clip.endMs - clip.startMs > settings.maxClipMinutes * 60_000) {
    return {
      vi: `Mỗi đoạn ghi hình dài tối đa ${settings.maxClipMinutes} phút; hãy chia thành nhiều đoạn.`,
      en: `A clip is at most ${settings.maxClipMinutes} minutes long; attach several clips instead.`,
    };
  }
  return null;
}

/**
 * R4.3: clips are held from the moment they are attached until the case is closed plus the
 * retention period. null: the case is open, so the hold has no end yet.
 */
export function caseHoldUntil(closedAtMs: number | null, settings: EvidenceSettings = DEFAULT_EVIDENCE_SETTINGS): number | null {
  return closedAtMs === null ? null : closedAtMs + settings.evidenceRetentionDays * DAY_MS;
}

/** The people involved: names, their role, and a pupil's class. */
export interface CasePerson {
  name: string;
  role: string;
  className: string | null;
}

/** The biên bản's versions: a draft is edited; a finalised version never changes (R4.3). */
export const DOCUMENT_STATES = ['draft', 'finalised'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];
export const DOCUMENT_EVENTS = ['draft', 'edit', 'finalise'] as const;
export type DocumentEvent = (typeof DOCUMENT_EVENTS)[number];

export const BIEN_BAN_MACHINE: Machine<DocumentState, DocumentEvent> = {
  subject: { vi: 'biên bản', en: 'minutes (biên bản)' },
  states: { draft: { vi: 'Bản nháp', en: 'Draft' }, finalised: { vi: 'Đã hoàn tất', en: 'Finalised' } },
  events: {
    draft: { vi: 'Lập biên bản', en: 'Draw up the minutes' },
    edit: { vi: 'Sửa biên bản', en: 'Edit the minutes' },
    finalise: { vi: 'Hoàn tất biên bản', en: 'Finalise the minutes' },
  },
  transitions: [
    { from: null, event: 'draft', to: 'draft', who: LEADERSHIP, rule: 'R4.3' },
    ...staysIn(['draft'], 'edit', LEADERSHIP, 'R4.3'),
    { from: 'draft', event: 'finalise', to: 'finalised', who: LEADERSHIP, rule: 'R4.3' },
  ],
};

/** What the biên bản says (requirements.md, Official documents). */
export interface BienBanContent {
  place: string;
  startedAtMs: number;
  endedAtMs: number | null;
  present: readonly string[];
  chair: string;
  secretary: string;
  content: string;
  recipients: readonly string[];
}

const REQUIRED: ReadonlyArray<{ field: 'chair' | 'secretary' | 'content'; label: Bilingual }> = [
  { field: 'chair', label: { vi: 'chủ tọa', en: 'the chair' } },
  { field: 'secretary', label: { vi: 'thư ký', en: 'the secretary' } },
  { field: 'content', label: { vi: 'nội dung', en: 'the content' } },
];

/** R4.3: a biên bản is finalised only with its chair, its secretary and its content. */
export function finaliseProblem(doc: Pick<BienBanContent, 'chair' | 'secretary' | 'content'>): Bilingual | null {
  const missing = REQUIRED.filter((r) => doc[r.field].trim() === '').map((r) => r.label);
  if (missing.length === 0) return null;
  return {
    vi: `Chưa thể hoàn tất biên bản: còn thiếu ${missing.map((m) => m.vi).join(', ')}.`,
    en: `The minutes cannot be finalised yet: fill in ${missing.map((m) => m.en).join(', ')}.`,
  };
}

/** Kinds of official document and their code in the number ("05/BB-THĐKh"). */
export const DOCUMENT_KIND_CODES = { bien_ban: 'BB', bao_cao: 'BC', quyet_dinh: 'QĐ' } as const;

/** The year a document is numbered in: its local date in Asia/Ho_Chi_Minh (numbers reset each year). */
export const documentYear = (atMs: number): number => localYear(atMs);

/** A number already given: numbers reset each year, so the year goes with it. */
export interface DocumentNumber {
  year: number;
  number: number;
}

/** The next number in `year`: one more than the highest given that year, 1 for the year's first. */
export function nextDocumentNumber(given: readonly DocumentNumber[], year: number): number {
  return given.reduce((max, d) => (d.year === year ? Math.max(max, d.number) : max), 0) + 1;
}

/** Decree 30/2020 layout: "Số: 05/BB-THĐKh" — two digits at least, the kind, the school's abbreviation. */
export function formatDocumentNumber(n: number, kindCode: string, schoolAbbreviation: string): string {
  return `${String(n).padStart(2, '0')}/${kindCode}-${schoolAbbreviation}`;
}
