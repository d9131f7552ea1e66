import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import vi from 'zod/v4/locales/vi.js';
import en from 'zod/v4/locales/en.js';
import { AppError, type Lang, pickLang } from '../errors.js';

const locales = { vi: vi().localeError, en: en().localeError };

/** Our own message keys used in schemas (refine messages), in both languages. */
const OWN: Record<string, { vi: string; en: string }> = {
  'camera.url': { vi: 'Đường dẫn phải là RTSP, ví dụ rtsp://192.168.1.10:554/stream1', en: 'Must be an RTSP URL, e.g. rtsp://192.168.1.10:554/stream1' },
  'camera.bannedArea': {
    vi: 'Không được bật ghi hình camera ở nhà vệ sinh, phòng thay đồ hoặc phòng ngủ (Điều 2.1)',
    en: 'A camera in a toilet, changing room or sleeping room cannot be enabled (R2.1)',
  },
  'time.format': {
    vi: 'Thời điểm phải là số mili-giây (epoch) hoặc dạng ISO 8601, ví dụ 2026-11-25T08:00:00+07:00',
    en: 'A time must be epoch milliseconds or ISO 8601, e.g. 2026-11-25T08:00:00+07:00',
  },
  'auth.codeFormat': { vi: 'Mã xác thực gồm 6 chữ số', en: 'The code has 6 digits' },
  'incident.snapshot': { vi: 'Ảnh chụp phải là ảnh JPEG (data:image/jpeg;base64,…), tối đa khoảng 1,5 MB', en: 'The snapshot must be a JPEG (data:image/jpeg;base64,…), about 1.5 MB at most' },
  'request.phone': { vi: 'Số điện thoại gồm 8–20 chữ số, ví dụ 0912 345 678', en: 'A phone number has 8–20 digits, e.g. 0912 345 678' },
  'request.email': { vi: 'Địa chỉ email không hợp lệ, ví dụ ten@donvi.gov.vn', en: 'Not a valid email address, e.g. name@agency.gov.vn' },
  'request.contact': { vi: 'Hãy ghi email hoặc số điện thoại để nhà trường báo kết quả', en: 'Give an email or a phone number so the school can tell you the outcome' },
  'range.order': { vi: 'Thời điểm kết thúc phải sau thời điểm bắt đầu', en: 'The end must be after the start' },
  'attachment.name': {
    vi: 'Tên tệp không được chứa dấu / hoặc \\, ký tự điều khiển, hay bắt đầu bằng dấu chấm, ví dụ “tuong-trinh-phu-huynh.pdf”',
    en: 'A file name has no / or \\, no control character and does not start with a dot, e.g. “parent-statement.pdf”',
  },
};

export function lang(req: FastifyRequest): Lang {
  return pickLang(req.headers['accept-language']);
}

/** Validate at the boundary: a precise 400 listing each wrong field, in the reader's language. */
export function parse<T extends z.ZodType>(schema: T, data: unknown, req: FastifyRequest): z.output<T> {
  const l = lang(req);
  const result = schema.safeParse(data ?? {}, { error: locales[l] });
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({
    field: i.path.join('.') || '(body)',
    message: OWN[i.message]?.[l] ?? i.message,
  }));
  const list = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw new AppError(400, 'invalid_input', {
    vi: `Dữ liệu gửi lên chưa đúng — ${list}. Sửa các trường này rồi gửi lại.`,
    en: `Some input is not valid — ${list}. Correct these fields and send again.`,
  }, fields);
}
