import type { BienBanDraftInput, CaseDocument } from '../contract.js';

export interface NamedPosition {
  name: string;
  position: string;
}

/** The biên bản editor's fields: the content as one text (paragraphs apart by a blank line), recipients one a line. */
export interface BienBanValues {
  subject: string;
  place: string;
  startedAt: number | null;
  endedAt: number | null;
  present: NamedPosition[];
  chair: NamedPosition;
  secretary: NamedPosition;
  content: string;
  recipients: string;
}

/** "a\n\n b \n\n\n c" → ["a", "b", "c"]: a blank line (spaces allowed) ends a paragraph; lines within one stay. */
export const splitParagraphs = (text: string): string[] => text.split(/\n[ \t]*\n/).map((p) => p.trim()).filter((p) => p !== '');
export const joinParagraphs = (paragraphs: readonly string[]): string => paragraphs.join('\n\n');
const splitLines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

const FIVE_MINUTES_MS = 5 * 60_000;
export const DEFAULT_PLACE = 'Phòng họp Ban Giám hiệu';
export const DEFAULT_RECIPIENTS = ['- Như trên;', '- Lưu: VT.'];

/**
 * A first draft (requirements.md, Official documents): the subject from the case, the meeting room,
 * the writer present and chairing, the usual "Nơi nhận". Written in Vietnamese whatever the UI's
 * language: it is an official document.
 */
export function draftDefaults(c: { title: string; description: string }, writer: NamedPosition, nowMs: number): BienBanValues {
  const startedAt = nowMs - (nowMs % FIVE_MINUTES_MS);
  return {
    subject: `Về việc xem xét ${c.title.trim()} qua dữ liệu camera`,
    place: DEFAULT_PLACE,
    startedAt,
    endedAt: startedAt + 60 * 60_000,
    present: [{ ...writer }],
    chair: { ...writer },
    secretary: { name: '', position: '' },
    content: c.description.trim(),
    recipients: DEFAULT_RECIPIENTS.join('\n'),
  };
}

/** A saved version back in the editor (a draft to edit, or a finalised one to amend). */
export function valuesOf(content: CaseDocument['content']): BienBanValues {
  return {
    subject: content.subject,
    place: content.place,
    startedAt: content.startedAt,
    endedAt: content.endedAt,
    present: content.present.map((p) => ({ ...p })),
    chair: { ...content.chair },
    secretary: { ...content.secretary },
    content: joinParagraphs(content.content),
    recipients: content.recipients.join('\n'),
  };
}

const trimmed = (p: NamedPosition): NamedPosition => ({ name: p.name.trim(), position: p.position.trim() });
const filled = (p: NamedPosition) => p.name.trim() !== '' || p.position.trim() !== '';

/** What the API takes (BienBanDraftInput); null while a time is not a moment yet. */
export function draftInput(v: BienBanValues): BienBanDraftInput | null {
  if (v.startedAt === null || v.endedAt === null) return null;
  return {
    subject: v.subject.trim(),
    place: v.place.trim(),
    startedAt: v.startedAt,
    endedAt: v.endedAt,
    present: v.present.filter(filled).map(trimmed),
    chair: trimmed(v.chair),
    secretary: trimmed(v.secretary),
    content: splitParagraphs(v.content),
    recipients: splitLines(v.recipients),
  };
}
