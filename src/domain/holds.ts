/**
 * One hold model for every workflow (issue 6, Holds; R3.2): what footage is held, why, by whom and
 * until when. A hold row is retention's `Hold` (one camera or all, a time range, an end) plus the
 * record that asked for it; `isHeld` in retention.ts keeps working on these rows unchanged.
 */
import { type Bilingual, START_BEFORE_END } from './workflows/machine.js';
import { DAY_MS, type Hold } from './retention.js';

export const HOLD_KINDS = ['incident', 'case', 'request', 'complaint', 'archive', 'manual'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

/** Why footage is held, and how long the hold lasts: shown on the timeline and in the holds list. */
export const HOLD_KIND_LABELS: Record<HoldKind, Bilingual & { lasts: Bilingual }> = {
  incident: { vi: 'Sự việc đang xử lý', en: 'Open incident', lasts: { vi: 'đến khi sự việc được đóng', en: 'until the incident is closed' } },
  case: {
    vi: 'Chứng cứ của vụ việc',
    en: 'Evidence in a case',
    lasts: { vi: 'đến hết thời hạn lưu sau khi vụ việc kết thúc', en: 'until the retention period after the case is closed ends' },
  },
  request: {
    vi: 'Đề nghị của đơn vị, cá nhân bên ngoài',
    en: 'Outsider request',
    lasts: { vi: 'trong khi đề nghị chờ duyệt và quyền truy cập còn hiệu lực', en: 'while the request is pending and its grant is valid' },
  },
  complaint: { vi: 'Khiếu nại, yêu cầu của người bị ghi hình', en: 'Complaint or data-subject request', lasts: { vi: 'đến khi đơn được đóng', en: 'until the complaint is closed' } },
  archive: { vi: 'Trích xuất lưu trữ', en: 'Archive extract', lasts: { vi: 'hết thời hạn lưu trữ', en: 'until the archive period ends' } },
  manual: { vi: 'Giữ thủ công', en: 'Manual hold', lasts: { vi: 'đến ngày đã chọn hoặc khi được gỡ', en: 'until the chosen date, or until released' } },
};

/** The record a hold belongs to; a manual hold belongs to none. */
export interface HoldSubject {
  kind: HoldKind;
  id: number | null;
}

/** A hold as stored: retention's Hold plus why, by whom, and whether it was released. */
export interface FootageHold extends Hold {
  id: number;
  subject: HoldSubject;
  reason: string;
  createdBy: string;
  createdAtMs: number;
  releasedAtMs: number | null;
}

export const holdIsActive = (h: Pick<FootageHold, 'untilMs' | 'releasedAtMs'>, nowMs: number): boolean =>
  h.releasedAtMs === null && (h.untilMs === null || h.untilMs > nowMs);

/** A held stretch of one camera's timeline, and why it is held. */
export interface HeldRange {
  startMs: number;
  endMs: number;
  kinds: HoldKind[];
}

/** The timeline's held ranges for one camera: sorted, disjoint; touching holds become one range. */
export function mergeHeldRanges(holds: readonly FootageHold[], cameraId: number, nowMs: number): HeldRange[] {
  const mine = holds
    .filter((h) => holdIsActive(h, nowMs) && (h.cameraId === null || h.cameraId === cameraId) && h.endMs > h.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const out: HeldRange[] = [];
  for (const h of mine) {
    const last = out[out.length - 1];
    if (last && h.startMs <= last.endMs) {
      last.endMs = Math.max(last.endMs, h.endMs);
      if (!last.kinds.includes(h.subject.kind)) last.kinds.push(h.subject.kind);
    } else {
      out.push({ startMs: h.startMs, endMs: h.endMs, kinds: [h.subject.kind] });
    }
  }
  return out;
}

/** What a workflow or a leader asks to hold; one row per camera is stored (`holdRows`). */
export interface HoldRequest {
  subject: HoldSubject;
  cameraIds: readonly number[];
  startMs: number;
  endMs: number;
  untilMs: number | null;
  reason: string;
}

export interface HoldSettings {
  /** A hold this long on many cameras would keep the disk from ever being freed (R3.2). */
  maxRangeDays: number;
  minReasonChars: number;
}
export const DEFAULT_HOLD_SETTINGS: HoldSettings = { maxRangeDays: 31, minReasonChars: 10 };

export function holdProblem(input: HoldRequest, nowMs: number, settings: HoldSettings = DEFAULT_HOLD_SETTINGS): Bilingual | null {
  if (input.cameraIds.length === 0) return { vi: 'Hãy chọn ít nhất một camera cần giữ dữ liệu.', en: 'Choose at least one camera to hold.' };
  if (!(input.startMs < input.endMs)) return START_BEFORE_END;
  if (input.endMs - input.startMs > settings.maxRangeDays * DAY_MS) {
    return {
      vi: `Mỗi lệnh giữ tối đa ${settings.maxRangeDays} ngày ghi hình; hãy chia thành nhiều lệnh hoặc thu hẹp khoảng thời gian.`,
      en: `A hold covers at most ${settings.maxRangeDays} days of footage; split it or narrow the range.`,
    };
  }
  if (input.untilMs !== null && input.untilMs <= nowMs) {
    return { vi: 'Hạn giữ phải ở sau thời điểm hiện tại.', en: 'The hold must last until a time after now.' };
  }
  if (input.subject.kind !== 'manual' && input.subject.id === null) {
    return { vi: 'Lệnh giữ phải gắn với hồ sơ đã yêu cầu nó.', en: 'The hold must name the record that asked for it.' };
  }
  // R3.2: a manual hold overrides retention, so it must say why, in words the audit log keeps.
  if (input.subject.kind === 'manual' && input.reason.trim().length < settings.minReasonChars) {
    return {
      vi: `Hãy ghi rõ lý do giữ dữ liệu (ít nhất ${settings.minReasonChars} ký tự).`,
      en: `Say why the footage is held (at least ${settings.minReasonChars} characters).`,
    };
  }
  return null;
}

/** The rows to store for a hold request: one per camera, distinct. */
export function holdRows(input: HoldRequest): Hold[] {
  return [...new Set(input.cameraIds)].map((cameraId) => ({ cameraId, startMs: input.startMs, endMs: input.endMs, untilMs: input.untilMs }));
}

/** Releasing a hold before its time is audited with a reason (issue 6, Holds). */
export function releaseProblem(hold: Pick<FootageHold, 'releasedAtMs'>, reason: string, settings: HoldSettings = DEFAULT_HOLD_SETTINGS): Bilingual | null {
  if (hold.releasedAtMs !== null) return { vi: 'Lệnh giữ này đã được gỡ trước đó.', en: 'This hold was already released.' };
  if (reason.trim().length < settings.minReasonChars) {
    return {
      vi: `Hãy ghi rõ lý do gỡ lệnh giữ (ít nhất ${settings.minReasonChars} ký tự); lý do được ghi vào nhật ký.`,
      en: `Say why the hold is released (at least ${settings.minReasonChars} characters); it goes into the audit log.`,
    };
  }
  return null;
}
