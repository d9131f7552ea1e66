import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BienBanDocument, type BienBanDocumentInput } from '../../src/contract/documents.js';
import { renderBienBan } from '../../src/server/documents/bien-ban.js';
import { FontsMissingError, VIETNAMESE_LETTERS, documentFonts } from '../../src/server/documents/fonts.js';
import { formatDocumentNumber, formatVietnameseDate } from '../../src/server/documents/format.js';

// R4.3: the biên bản of an evidence case, checked with the real poppler tools a reader would use
// (pdftotext, pdffonts, pdfinfo), not with the library that wrote it.

const run = promisify(execFile);
/** 7 h: Hanoi is UTC+7 all year. */
const local = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => Date.UTC(y, mo - 1, d, h - 7, mi, s);

const HASH_1 = '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';
const HASH_2 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

const content = [
  'Vào hồi 09 giờ 40 phút ngày 04 tháng 10 năm 2024, trong giờ ra chơi giữa buổi sáng, một học sinh lớp 3A ngã ở cầu thang khu nhà A, tầng 2, khi đang chạy xuống sân trường. Cô Nguyễn Thị Hường, giáo viên chủ nhiệm lớp 3A, đã đưa học sinh đến phòng y tế của trường để sơ cứu và báo ngay cho Ban Giám hiệu.',
  'Theo đề nghị của phụ huynh học sinh, Ban Giám hiệu đã xem lại dữ liệu camera hành lang tầng 2 và camera cầu thang khu nhà A trong khoảng thời gian từ 09 giờ 38 phút đến 09 giờ 45 phút. Hình ảnh cho thấy học sinh chạy nhanh xuống cầu thang, vấp ở bậc thứ ba và ngã; không có học sinh nào xô đẩy; bảo vệ và giáo viên trực đã có mặt sau khoảng một phút.',
  'Các đoạn dữ liệu camera nêu trên đã được trích xuất nguyên trạng, tính mã băm SHA-256 cho từng tệp và lưu giữ làm chứng cứ theo Điều 4 khoản 3 Quy chế quản lý, sử dụng hệ thống camera của nhà trường. Dữ liệu chỉ được cung cấp cho người có thẩm quyền và được lưu giữ cho đến khi vụ việc được giải quyết xong.',
  'Ý kiến của phụ huynh: gia đình đã được xem đoạn dữ liệu camera tại phòng họp, thống nhất với mô tả sự việc nêu trên và đề nghị nhà trường tăng cường nhắc nhở học sinh không chạy nhảy trên cầu thang, bố trí thêm giáo viên trực tại các khu vực cầu thang trong giờ ra chơi.',
  'Kết luận của chủ tọa: sự việc là tai nạn ngoài ý muốn, không có lỗi của học sinh khác hay của giáo viên trực. Nhà trường sẽ dán thêm biển nhắc nhở tại các cầu thang, giao giáo viên chủ nhiệm các lớp nhắc nhở học sinh trong tiết sinh hoạt lớp, giao nhân viên y tế theo dõi sức khỏe của học sinh trong tuần tới và báo cáo lại Ban Giám hiệu.',
  'Ngoài ra, Ban Giám hiệu giao bộ phận bảo vệ phối hợp với nhân viên thiết bị kiểm tra lại góc quay của camera cầu thang khu nhà A, bảo đảm bao quát toàn bộ các bậc thang mà không ghi hình vào khu vực vệ sinh liền kề; kết quả kiểm tra được ghi vào sổ theo dõi thiết bị trước ngày 15 tháng 10 năm 2024.',
];

const sample: BienBanDocumentInput = {
  school: { parentBody: 'UBND QUẬN LONG BIÊN', name: 'Trường Tiểu học Đoàn Khuê', abbreviation: 'THĐKh', place: 'Long Biên' },
  number: 5,
  year: 2024,
  issuedAt: local(2024, 10, 5, 16, 0),
  subject: 'Về việc xem xét sự việc học sinh lớp 3A bị ngã ở cầu thang qua dữ liệu camera',
  startedAt: local(2024, 10, 5, 14, 30),
  endedAt: local(2024, 10, 5, 15, 45),
  place: 'Phòng họp Ban Giám hiệu, Trường Tiểu học Đoàn Khuê',
  present: [
    { name: 'Lê Thị Minh Hòa', position: 'Hiệu trưởng' },
    { name: 'Phạm Quốc Tuấn', position: 'Phó Hiệu trưởng' },
    { name: 'Nguyễn Thị Hường', position: 'Giáo viên chủ nhiệm lớp 3A' },
    { name: 'Đỗ Văn Lực', position: 'Bảo vệ' },
    { name: 'Trần Thị Ngọc Ánh', position: 'Phụ huynh học sinh' },
  ],
  chair: { name: 'Lê Thị Minh Hòa', position: 'Hiệu trưởng' },
  secretary: { name: 'Vũ Thị Thu Trang', position: 'Nhân viên văn phòng' },
  content,
  clips: [
    { camera: 'Hành lang tầng 2 – Khu A', startMs: local(2024, 10, 4, 9, 38), endMs: local(2024, 10, 4, 9, 45), sha256: HASH_1, fileName: 'vu-viec-12_hanh-lang-tang-2.mp4', bytes: 48_213_504 },
    { camera: 'Cầu thang khu nhà A', startMs: local(2024, 10, 4, 9, 38, 30), endMs: local(2024, 10, 4, 9, 44, 15), sha256: HASH_2.toUpperCase(), fileName: 'vu-viec-12_cau-thang-a.mp4', bytes: 39_877_120 },
  ],
  recipients: ['- Phòng GD&ĐT quận Long Biên (để báo cáo);', '- Phụ huynh học sinh;', '- Lưu: VT, hồ sơ vụ việc.'],
  draft: false,
  version: 3,
};

interface Rendered {
  pdf: string;
  text: string;
  /** The text with every run of white space made one space: sentences wrap across lines. */
  flat: string;
}

let dir: string;

async function render(doc: BienBanDocumentInput, name: string): Promise<Rendered> {
  const pdf = join(dir, `${name}.pdf`);
  await writeFile(pdf, await renderBienBan(doc));
  const { stdout: text } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-']);
  return { pdf, text, flat: text.replace(/\s+/g, ' ') };
}

let final: Rendered;
let draft: Rendered;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-bien-ban-'));
  final = await render(sample, 'final');
  draft = await render({ ...sample, draft: true }, 'draft');
});

describe('biên bản PDF (R4.3, Decree 30/2020 layout)', () => {
  it('has the national and school headers, the number and the place-date line', () => {
    expect(final.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(final.text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(final.text).toContain('UBND QUẬN LONG BIÊN');
    expect(final.text).toContain('TRƯỜNG TIỂU HỌC ĐOÀN KHUÊ');
    expect(final.text).toContain('Số: 05/BB-THĐKh');
    expect(final.text).toContain('Long Biên, ngày 05 tháng 10 năm 2024');
    expect(final.text).toContain('BIÊN BẢN');
    expect(final.flat).toContain('Về việc xem xét sự việc học sinh lớp 3A bị ngã ở cầu thang qua dữ liệu camera');
  });

  it('keeps the header on one row: the number beside the date, the motto under the national title', () => {
    const lines = final.text.split('\n');
    const row = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(row('Số: 05/BB-THĐKh')).toBe(row('Long Biên, ngày 05 tháng 10 năm 2024'));
    expect(row('UBND QUẬN LONG BIÊN')).toBe(row('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
    expect(row('Độc lập - Tự do - Hạnh phúc')).toBe(row('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM') + 1);
  });

  it('states time, place, those present, chair and secretary, with diacritics intact', () => {
    expect(final.flat).toContain('Thời gian: hồi 14 giờ 30 phút, ngày 05 tháng 10 năm 2024.');
    expect(final.flat).toContain('Địa điểm: Phòng họp Ban Giám hiệu, Trường Tiểu học Đoàn Khuê.');
    expect(final.flat).toContain('Thành phần tham dự:');
    expect(final.flat).toContain('Nguyễn Thị Hường – Giáo viên chủ nhiệm lớp 3A;');
    expect(final.flat).toContain('Trần Thị Ngọc Ánh – Phụ huynh học sinh.');
    expect(final.flat).toContain('Chủ tọa: Lê Thị Minh Hòa – Hiệu trưởng.');
    expect(final.flat).toContain('Thư ký: Vũ Thị Thu Trang – Nhân viên văn phòng.');
    expect(final.flat).toContain('NỘI DUNG');
    expect(final.flat).toContain('học sinh lớp 3A ngã ở cầu thang');
    expect(final.flat).toContain('tăng cường nhắc nhở học sinh không chạy nhảy trên cầu thang');
  });

  it('lists every clip with its camera, times, file, size and full SHA-256 on one line', () => {
    expect(final.flat).toContain('Danh sách dữ liệu camera trích xuất');
    for (const h of ['STT', 'Camera', 'Từ', 'Đến', 'Tệp', 'SHA-256']) expect(final.text).toContain(h);
    const lines = final.text.split('\n');
    for (const hash of [HASH_1, HASH_2]) {
      // Whole on one line of the extracted text: a reader can copy it and compare it.
      expect(lines.some((l) => l.includes(hash))).toBe(true);
    }
    expect(final.text).toContain('Hành lang tầng 2');
    expect(final.text).toContain('Cầu thang khu nhà A');
    expect(final.text).toContain('04/10/2024');
    expect(final.text).toContain('09:38:30');
    expect(final.text).toContain('09:44:15');
    expect(final.text).toContain('vu-viec-12_cau-thang-a.mp4');
    expect(final.text).toContain('48.213.504 byte');
  });

  it('closes with the real end time, the signature columns and "Nơi nhận"', () => {
    expect(final.flat).toContain(
      'Biên bản kết thúc vào hồi 15 giờ 45 phút cùng ngày, đã đọc lại cho những người có mặt cùng nghe và thống nhất ký tên.',
    );
    const lines = final.text.split('\n');
    const roles = lines.findIndex((l) => l.includes('THƯ KÝ'));
    expect(roles).toBeGreaterThan(0);
    expect(lines[roles]).toMatch(/THƯ KÝ\s+CHỦ TỌA/);
    expect(lines[roles + 1]).toMatch(/\(Ký, ghi rõ họ tên\)\s+\(Ký, ghi rõ họ tên\)/);
    expect(final.text).toMatch(/Vũ Thị Thu Trang\s+Lê Thị Minh Hòa/);
    expect(final.text).toContain('Nơi nhận:');
    expect(final.text).toContain('- Lưu: VT, hồ sơ vụ việc.');
  });

  it('says "ngày …" instead of "cùng ngày" when the meeting ends on another day', async () => {
    const late = await render({ ...sample, endedAt: local(2024, 10, 6, 0, 15) }, 'late');
    expect(late.flat).toContain('Biên bản kết thúc vào hồi 00 giờ 15 phút ngày 06 tháng 10 năm 2024, đã đọc lại');
  });

  it('runs onto a second page, numbered from page 2 only', async () => {
    const { stdout } = await run('pdfinfo', [final.pdf]);
    const pages = Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const page = async (n: number) =>
      (await run('pdftotext', ['-layout', '-f', String(n), '-l', String(n), final.pdf, '-'])).stdout;
    const firstLine = (s: string) => s.split('\n').find((l) => l.trim() !== '')?.trim();
    expect(firstLine(await page(1))).not.toBe('1');
    expect(firstLine(await page(2))).toBe('2');
  });

  it('carries a long clip list over pages, repeating its header, every hash whole', async () => {
    const hashes = Array.from({ length: 40 }, (_, i) => createHash('sha256').update(String(i)).digest('hex'));
    const clips = hashes.map((sha256, i) => ({
      camera: `Camera ${i + 1}`, startMs: local(2024, 10, 4, 8, i), endMs: local(2024, 10, 4, 8, i + 1), sha256, fileName: `clip-${i + 1}.mp4`, bytes: 1_000_000 + i,
    }));
    const long = await render({ ...sample, clips }, 'long');
    const lines = long.text.split('\n');
    for (const hash of hashes) expect(lines.some((l) => l.includes(hash))).toBe(true);
    const pages = long.text.split('\f').filter((p) => p.includes('SHA-256') && p.includes('STT'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });

  it('is A4', async () => {
    const { stdout } = await run('pdfinfo', [final.pdf]);
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(stdout) ?? [];
    expect(Math.round(Number(w))).toBe(595);
    expect(Math.round(Number(h))).toBe(842);
    expect(stdout).toMatch(/Title:\s+BIÊN BẢN số 05\/BB-THĐKh/);
  });

  it('embeds its fonts (Liberation Serif in four styles and Liberation Mono)', async () => {
    const { stdout } = await run('pdffonts', [final.pdf]);
    const rows = stdout.split('\n').slice(2).filter((l) => l.trim() !== '');
    for (const name of ['LiberationSerif', 'LiberationSerif-Bold', 'LiberationSerif-Italic', 'LiberationSerif-BoldItalic', 'LiberationMono']) {
      expect(rows.some((r) => new RegExp(`\\+${name}\\s`).test(r))).toBe(true);
    }
    // Columns: name type encoding emb sub uni object ID. Every font embedded, with a Unicode map.
    for (const r of rows) expect(r).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
  });

  it('marks a draft as such, and a finalised version not', () => {
    expect(draft.text).toContain('BẢN NHÁP');
    expect(draft.text).toContain('phiên bản 3');
    expect(final.text).not.toContain('BẢN NHÁP');
    expect(final.text).not.toContain('DRAFT');
    // The draft keeps every word of the final.
    expect(draft.flat).toContain('Biên bản kết thúc vào hồi 15 giờ 45 phút cùng ngày');
    expect(draft.flat).toContain(HASH_2);
  });

  it('prints every Vietnamese letter, in both cases, as itself', async () => {
    // In words of eight letters, so that lines break between words and the text reads back whole.
    const words = (s: string) => [...s].reduce<string[]>((w, ch, i) => (i % 8 ? (w[w.length - 1] += ch) : w.push(ch), w), []);
    const letters = [...words(VIETNAMESE_LETTERS), ...words(VIETNAMESE_LETTERS.toUpperCase())].join(' ');
    const alphabet = await render({ ...sample, subject: letters, content: [letters], clips: [] }, 'alphabet');
    expect(alphabet.flat).toContain(letters);
    expect(alphabet.flat).toContain('Không có dữ liệu camera nào được trích xuất.');
  });

  it('gives the same bytes for the same document, so a finalised version can be re-checked', async () => {
    expect((await renderBienBan(sample)).equals(await renderBienBan(sample))).toBe(true);
  });

  it('refuses a document that would print something false', () => {
    expect(() => BienBanDocument.parse({ ...sample, year: 2025 })).toThrow(/document.year/);
    expect(() => BienBanDocument.parse({ ...sample, clips: [{ ...sample.clips[0]!, sha256: 'abc' }] })).toThrow(/document.sha256/);
    expect(() => BienBanDocument.parse({ ...sample, endedAt: sample.startedAt })).toThrow(/range.order/);
  });

  it('says which Debian package to install when the fonts are missing', () => {
    expect(() => documentFonts({ VIGIL_FONTS_DIR: dir })).toThrow(FontsMissingError);
    expect(() => documentFonts({ VIGIL_FONTS_DIR: dir })).toThrow(/apt-get install fonts-liberation2/);
  });

  it('formats dates and numbers as the decree writes them', () => {
    expect(formatDocumentNumber(5, 'BB', 'THĐKh')).toBe('05/BB-THĐKh');
    expect(formatDocumentNumber(12, 'BB', 'THĐKh')).toBe('12/BB-THĐKh');
    // Days below 10 and the months 1 and 2 take a leading zero; the other months do not.
    expect(formatVietnameseDate(local(2025, 2, 3, 8, 0))).toBe('ngày 03 tháng 02 năm 2025');
    expect(formatVietnameseDate(local(2025, 3, 15, 8, 0))).toBe('ngày 15 tháng 3 năm 2025');
    // 23:30 UTC on 31 December is already New Year's Day at the school.
    expect(formatVietnameseDate(Date.UTC(2024, 11, 31, 23, 30))).toBe('ngày 01 tháng 01 năm 2025');
  });

  it('renders page 1 for a look (docs/screenshots/bien-ban.png)', async () => {
    const out = resolve('.cache/bien-ban');
    await mkdir(out, { recursive: true });
    for (const [r, name] of [[final, 'final'], [draft, 'draft']] as const) {
      await run('pdftoppm', ['-r', '80', '-png', r.pdf, join(out, name)]);
      await copyFile(r.pdf, join(out, `${name}.pdf`));
    }
    if (process.env.VIGIL_SCREENSHOTS) await copyFile(join(out, 'final-1.png'), resolve('docs/screenshots/bien-ban.png'));
  });
});
