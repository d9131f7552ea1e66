/**
 * R3.1: viewing, playback and export of footage need a reason — one from a short list plus words
 * of the viewer's own — and the audit log keeps both.
 */
export const REASONS = ['duty', 'incident', 'security_check', 'periodic_review', 'evidence', 'approved_request', 'complaint', 'maintenance', 'other'] as const;
export type ReasonCode = (typeof REASONS)[number];

export const REASON_LABELS: Record<ReasonCode, { vi: string; en: string }> = {
  duty: { vi: 'Trực ca giám sát', en: 'On-duty watch' },
  incident: { vi: 'Xử lý sự việc', en: 'Handling an incident' },
  security_check: { vi: 'Kiểm tra an ninh, an toàn', en: 'Security or safety check' },
  periodic_review: { vi: 'Rà soát định kỳ (Điều 5)', en: 'Periodic review (R5)' },
  evidence: { vi: 'Trích xuất làm chứng cứ (Điều 4.3)', en: 'Evidence extraction (R4.3)' },
  approved_request: { vi: 'Theo đề nghị đã được Hiệu trưởng duyệt (Điều 4.2)', en: "Request approved by the principal (R4.2)" },
  complaint: { vi: 'Giải quyết khiếu nại, yêu cầu của người bị ghi hình (Điều 3.3)', en: 'Handling a complaint or data-subject request (R3.3)' },
  maintenance: { vi: 'Kiểm tra kỹ thuật, chất lượng hình ảnh', en: 'Technical or image-quality check' },
  other: { vi: 'Lý do khác', en: 'Other reason' },
};

/** Free text is required with every reason; with "other" it must say more. */
export const MIN_REASON_TEXT = 5;
export const MIN_OTHER_REASON_TEXT = 15;

/** A live view started from the wall needs nothing typed: the guard's duty is the reason (issue 5). */
export const LIVE_DEFAULT_REASON = { code: 'duty' as ReasonCode, text: 'Giám sát trực tiếp theo nhiệm vụ' };

export function reasonProblem(code: ReasonCode, text: string): { vi: string; en: string } | null {
  const words = text.trim();
  const min = code === 'other' ? MIN_OTHER_REASON_TEXT : MIN_REASON_TEXT;
  if (words.length >= min) return null;
  return {
    vi: `Hãy ghi rõ lý do (ít nhất ${min} ký tự), ví dụ "Xem lại sự việc học sinh ngã ở cầu thang lúc 10h15".`,
    en: `Say why in your own words (at least ${min} characters), e.g. "Checking the fall on the stairs at 10:15".`,
  };
}
