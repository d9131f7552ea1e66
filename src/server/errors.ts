/** Error factories with stable codes; the HTTP layer maps them to a status and a message (vi, en). */

export type Lang = 'vi' | 'en';
export interface Message {
  vi: string;
  en: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Message,
    readonly details?: unknown,
  ) {
    super(text.en);
  }
}

export const notFound = (what: Message): AppError =>
  new AppError(404, 'not_found', {
    vi: `Không tìm thấy ${what.vi}. Có thể đã bị xóa hoặc đường dẫn sai.`,
    en: `No such ${what.en}. It may have been removed, or the link is wrong.`,
  });

export const conflict = (code: string, text: Message): AppError => new AppError(409, code, text);
export const invalid = (code: string, text: Message, details?: unknown): AppError => new AppError(400, code, text, details);
export const unavailable = (code: string, text: Message): AppError => new AppError(503, code, text);

/** A camera number typed on a public form (R2.2: printed on the school's signs) that no camera has. */
export const unknownCameraNumber = (code: string, id: number): AppError => invalid(code, {
  vi: `Không có camera số ${id}. Hãy xem lại số ghi trên biển báo, hoặc bỏ trống và ghi rõ địa điểm.`,
  en: `There is no camera number ${id}. Check the number on the sign, or leave it out and name the place.`,
});

export const WHAT = {
  camera: { vi: 'camera', en: 'camera' },
  unit: { vi: 'đơn vị', en: 'unit' },
  hold: { vi: 'lệnh giữ dữ liệu', en: 'hold' },
  route: { vi: 'trang hoặc API này', en: 'this page or API' },
} satisfies Record<string, Message>;

export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'vi';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}
