import PDFDocument from 'pdfkit';
import { BienBanDocument, type BienBanDocumentInput } from '../../contract/documents.js';
import { documentFonts, type FontRole } from './fonts.js';
import {
  formatBytes, formatClockTime, formatDateTime, formatDocumentNumber, formatPlaceDate,
  formatVietnameseDate, isSameLocalDay,
} from './format.js';

/**
 * The biên bản (minutes) of an evidence case as a PDF (R4.3), laid out as Decree 30/2020/NĐ-CP,
 * Appendix I asks (requirements.md, "Official documents"): what a principal can print, sign, stamp
 * and show the district or the parents without retyping it.
 *
 * Deterministic: the same document gives the same bytes (the creation date is the issue date),
 * so a finalised version can be re-rendered and compared with the stored file.
 */

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };
// Decree 30: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const LEFT = MARGIN.left;
const WIDTH = A4.width - MARGIN.left - MARGIN.right;
const RIGHT = LEFT + WIDTH;
const BOTTOM = A4.height - MARGIN.bottom;

// Sizes from the decree's table of fonts (Appendix I, section IV): 13–14 pt text.
const SIZE = {
  body: 13,
  number: 13,
  placeDate: 14,
  title: 14,
  subject: 14,
  signer: 13,
  recipientsLabel: 12,
  recipients: 11,
  pageNumber: 13,
  table: 12,
  hash: 10,
} as const;
const LINE_GAP = 2;
const PARAGRAPH_GAP = 6;
const INDENT = 10 * MM;
const RULE = 0.6;

type Align = 'left' | 'center' | 'right' | 'justify';

const nfc = (s: string) => s.normalize('NFC');
const upper = (s: string) => nfc(s).toLocaleUpperCase('vi-VN');

/** A PDFKit document with the fonts registered and the few moves this layout needs. */
class Sheet {
  readonly pdf: PDFKit.PDFDocument;

  constructor(info: PDFKit.DocumentInfo) {
    this.pdf = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: true,
      pdfVersion: '1.7',
      lang: 'vi-VN',
      displayTitle: true,
      info,
    });
    const fonts = documentFonts();
    for (const role of Object.keys(fonts) as FontRole[]) this.pdf.registerFont(role, fonts[role]);
  }

  use(font: FontRole, size: number): this {
    this.pdf.font(font).fontSize(size);
    return this;
  }

  get y(): number {
    return this.pdf.y;
  }

  set y(y: number) {
    this.pdf.y = y;
  }

  width(text: string): number {
    return this.pdf.widthOfString(nfc(text));
  }

  height(text: string, width: number, options: PDFKit.Mixins.TextOptions = {}): number {
    return this.pdf.heightOfString(nfc(text), { width, lineGap: LINE_GAP, ...options });
  }

  /** Writes text in a box starting at (x, y); the cursor ends under it. */
  at(text: string, x: number, y: number, width: number, align: Align = 'left', options: PDFKit.Mixins.TextOptions = {}): this {
    this.pdf.text(nfc(text), x, y, { width, align, lineGap: LINE_GAP, ...options });
    return this;
  }

  /** A paragraph in the text column from the cursor; flows onto new pages. */
  para(text: string, options: PDFKit.Mixins.TextOptions & { align?: Align } = {}): this {
    this.pdf.text(nfc(text), LEFT, this.pdf.y, {
      width: WIDTH, align: 'justify', lineGap: LINE_GAP, paragraphGap: PARAGRAPH_GAP, ...options,
    });
    return this;
  }

  /** "Label: value" with the label in `labelFont`; wraps as one paragraph. */
  labelled(label: string, value: string, labelFont: FontRole = 'serifBold', options: PDFKit.Mixins.TextOptions = {}): this {
    this.use(labelFont, SIZE.body);
    this.pdf.text(nfc(label), LEFT, this.pdf.y, { width: WIDTH, lineGap: LINE_GAP, continued: true, ...options });
    this.use('serif', SIZE.body);
    this.pdf.text(nfc(value), { width: WIDTH, align: 'justify', lineGap: LINE_GAP, paragraphGap: PARAGRAPH_GAP, ...options });
    return this;
  }

  /** A horizontal rule from x1 to x2. */
  rule(x1: number, x2: number, y: number, width = RULE): this {
    this.pdf.save().lineWidth(width).strokeColor('black').moveTo(x1, y).lineTo(x2, y).stroke().restore();
    return this;
  }

  /** A new page when fewer than `needed` points are left, so a block is not cut from its heading. */
  keep(needed: number): this {
    if (this.pdf.y + needed > BOTTOM) this.pdf.addPage();
    return this;
  }

  gap(points: number): this {
    this.pdf.y += points;
    return this;
  }
}

/** Renders the biên bản. Validates the document first (a bad hash must not reach paper). */
export async function renderBienBan(input: BienBanDocument | BienBanDocumentInput): Promise<Buffer> {
  const doc = BienBanDocument.parse(input);
  const number = formatDocumentNumber(doc.number, doc.kind, doc.school.abbreviation);
  const issued = new Date(doc.issuedAt);

  const sheet = new Sheet({
    Title: `${doc.title} số ${number}`,
    Subject: nfc(doc.subject),
    Author: nfc(doc.school.name),
    Keywords: `biên bản; ${number}; phiên bản ${doc.version}; ${doc.draft ? 'bản nháp' : 'bản chính thức'}`,
    Creator: 'Vigil',
    Producer: 'Vigil (PDFKit)',
    CreationDate: issued,
    ModDate: issued,
  });
  const chunks: Buffer[] = [];
  sheet.pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    sheet.pdf.on('end', () => resolve(Buffer.concat(chunks)));
    sheet.pdf.on('error', reject);
  });

  header(sheet, doc, number);
  title(sheet, doc);
  opening(sheet, doc);
  body(sheet, doc);
  clipTable(sheet, doc);
  closing(sheet, doc);
  pageMarks(sheet, doc);

  sheet.pdf.end();
  return done;
}

/**
 * The two-column header: the issuing body on the left, the national title on the right, then on
 * one baseline the number (left) and the place and date (right).
 */
function header(sheet: Sheet, doc: BienBanDocument, number: string): void {
  const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const school = upper(doc.school.name);
  const parent = upper(doc.school.parentBody);

  // The decree allows 12–13 pt for both columns' first lines (13–14 for the motto). The largest
  // sizes that keep the school's name on one line with a clear gap between the columns; a name
  // too long even at 12 pt wraps under 13 pt, as it would in a typed document.
  const GAP = 12;
  const sizes = [{ left: 13, nation: 13 }, { left: 13, nation: 12 }, { left: 12, nation: 12 }];
  const fits = (s: { left: number; nation: number }) =>
    sheet.use('serifBold', s.left).width(school) + sheet.use('serifBold', s.nation).width(nation) + GAP <= WIDTH;
  const size = sizes.find(fits) ?? { left: 13, nation: 13 };
  const rightWidth = sheet.use('serifBold', size.nation).width(nation) + 4;
  const leftWidth = WIDTH - rightWidth;
  const nameWidth = sheet.use('serifBold', size.left).width(school);
  const rightX = LEFT + leftWidth;
  const top = MARGIN.top;

  // Left: parent body over the school's name in bold, and a short rule (1/3 of the name's line).
  sheet.use('serif', size.left).at(parent, LEFT, top, leftWidth, 'center');
  sheet.use('serifBold', size.left).at(school, LEFT, sheet.y, leftWidth, 'center');
  const leftRuleY = sheet.y + 1;
  const leftRule = Math.min(nameWidth, leftWidth) / 3;
  sheet.rule(LEFT + leftWidth / 2 - leftRule / 2, LEFT + leftWidth / 2 + leftRule / 2, leftRuleY);

  // Right: national title over the motto, the motto underlined exactly as wide as its text.
  sheet.use('serifBold', size.nation).at(nation, rightX, top, rightWidth, 'center');
  sheet.use('serifBold', size.nation + 1).at(motto, rightX, sheet.y, rightWidth, 'center');
  const mottoWidth = sheet.width(motto);
  const mottoRuleY = sheet.y + 1;
  const mid = rightX + rightWidth / 2;
  sheet.rule(mid - mottoWidth / 2, mid + mottoWidth / 2, mottoRuleY);

  const rowY = Math.max(leftRuleY, mottoRuleY) + 10;
  sheet.use('serif', SIZE.number).at(`Số: ${number}`, LEFT, rowY + 1, leftWidth, 'center');
  // 14 pt, or 13 (the decree's other size) when a long place name would wrap.
  const placeDate = formatPlaceDate(doc.school.place, doc.issuedAt, tz(doc));
  const placeSize = sheet.use('serifItalic', SIZE.placeDate).width(placeDate) <= rightWidth ? SIZE.placeDate : SIZE.placeDate - 1;
  sheet.use('serifItalic', placeSize).at(placeDate, rightX, rowY, rightWidth, 'center');
  sheet.y = rowY + 30;
}

const tz = (doc: BienBanDocument) => doc.school.timeZone;

/** Title in bold capitals, the subject under it in bold, and a short rule under the subject. */
function title(sheet: Sheet, doc: BienBanDocument): void {
  sheet.use('serifBold', SIZE.title).at(upper(doc.title), LEFT, sheet.y, WIDTH, 'center');
  sheet.gap(2);
  sheet.use('serifBold', SIZE.subject);
  const width = balancedWidth(sheet, doc.subject, WIDTH - 40);
  sheet.at(doc.subject, LEFT + (WIDTH - width) / 2, sheet.y, width, 'center');
  const lineWidth = Math.min(sheet.width(doc.subject), width) / 3;
  const y = sheet.y + 2;
  sheet.rule(LEFT + WIDTH / 2 - lineWidth / 2, LEFT + WIDTH / 2 + lineWidth / 2, y);
  sheet.y = y + 16;
}

/**
 * The narrowest width that keeps `text` on as few lines as `max` does, so a two-line subject
 * breaks near its middle instead of leaving one word alone on the second line.
 */
function balancedWidth(sheet: Sheet, text: string, max: number): number {
  const lines = (w: number) => Math.round(sheet.height(text, w, { lineGap: 0 }) / sheet.height('X', w, { lineGap: 0 }));
  const target = lines(max);
  if (target <= 1) return max;
  let lo = max / target;
  let hi = max;
  while (hi - lo > 2) {
    const mid = (lo + hi) / 2;
    if (lines(mid) > target) lo = mid;
    else hi = mid;
  }
  return hi + 2;
}

const person = (p: { name: string; position: string }) => `${p.name} – ${p.position}`;

/** Time, place, those present, chair and secretary: who can vouch for what the minutes say. */
function opening(sheet: Sheet, doc: BienBanDocument): void {
  const zone = tz(doc);
  sheet.labelled('Thời gian: ', `hồi ${formatClockTime(doc.startedAt, zone)}, ${formatVietnameseDate(doc.startedAt, zone)}.`);
  sheet.labelled('Địa điểm: ', `${doc.place}.`);
  sheet.use('serifBold', SIZE.body).para('Thành phần tham dự:', { align: 'left', paragraphGap: 2 });
  sheet.use('serif', SIZE.body);
  doc.present.forEach((p, i) => {
    const last = i === doc.present.length - 1;
    sheet.para(`- ${person(p)}${last ? '.' : ';'}`, {
      indent: INDENT, align: 'left', paragraphGap: last ? PARAGRAPH_GAP : 1,
    });
  });
  sheet.labelled('Chủ tọa: ', `${person(doc.chair)}.`);
  sheet.labelled('Thư ký: ', `${person(doc.secretary)}.`);
}

function body(sheet: Sheet, doc: BienBanDocument): void {
  sheet.gap(4);
  sheet.use('serifBold', SIZE.body);
  // A heading is not left alone at the foot of a page: keep it with two lines of what follows.
  sheet.keep(sheet.height('NỘI DUNG', WIDTH) + 3 * 17);
  sheet.para('NỘI DUNG', { align: 'center' });
  sheet.use('serif', SIZE.body);
  for (const paragraph of doc.content) {
    // A line break typed inside a paragraph starts a new one, as it would in a word processor.
    for (const piece of paragraph.split(/\r?\n/).filter((s) => s.trim() !== '')) {
      sheet.para(piece.trim(), { indent: INDENT });
    }
  }
}

// The clip list: STT spans the two lines of a clip; the hash has a line of its own across the
// other columns, in a fixed pitch on one line, so a reader (and pdftotext) gets it whole.
const COLUMNS = [
  { key: 'stt', title: 'STT', width: 36 },
  { key: 'camera', title: 'Camera', width: 0 },
  { key: 'from', title: 'Từ', width: 72 },
  { key: 'to', title: 'Đến', width: 72 },
  { key: 'file', title: 'Tệp', width: 172 },
] as const;
const PAD_X = 4;
const PAD_Y = 3;

function columnLayout(): { x: number; width: number }[] {
  const fixed = COLUMNS.reduce((s, c) => s + c.width, 0);
  let x = LEFT;
  return COLUMNS.map((c) => {
    const width = c.width || WIDTH - fixed;
    const col = { x, width };
    x += width;
    return col;
  });
}

function clipTable(sheet: Sheet, doc: BienBanDocument): void {
  const zone = tz(doc);
  const cols = columnLayout();
  const spanX = cols[1]!.x;
  const spanWidth = RIGHT - spanX;
  const heading = 'Danh sách dữ liệu camera trích xuất';

  const headerHeights = () => {
    sheet.use('serifBold', SIZE.table);
    const top = Math.max(...COLUMNS.map((c, i) => sheet.height(c.title, cols[i]!.width - 2 * PAD_X))) + 2 * PAD_Y;
    const hash = sheet.height('SHA-256', spanWidth - 2 * PAD_X) + 2 * PAD_Y;
    return { top, hash };
  };

  const drawHeader = () => {
    const { top, hash } = headerHeights();
    const y = sheet.y;
    sheet.use('serifBold', SIZE.table);
    COLUMNS.forEach((c, i) => {
      const col = cols[i]!;
      const h = i === 0 ? top + hash : top;
      const textH = sheet.height(c.title, col.width - 2 * PAD_X);
      sheet.at(c.title, col.x + PAD_X, y + (h - textH) / 2 + 1, col.width - 2 * PAD_X, 'center');
    });
    sheet.at('SHA-256', spanX + PAD_X, y + top + PAD_Y, spanWidth - 2 * PAD_X, 'center');
    grid(sheet, cols, y, top, hash);
    sheet.y = y + top + hash;
  };

  const cells = doc.clips.map((c, i) => {
    const from = formatDateTime(c.startMs, zone).split(' ');
    const to = formatDateTime(c.endMs, zone).split(' ');
    return {
      // One array a cell, one string a line (PDFKit measures "\n" inside narrow boxes badly).
      texts: [[String(i + 1)], [c.camera], from, to, [c.fileName, formatBytes(c.bytes)]],
      hash: c.sha256,
    };
  });
  const cellHeight = (lines: string[], width: number) => lines.reduce((h, l) => h + sheet.height(l, width), 0);
  const measure = (row: (typeof cells)[number]) => {
    sheet.use('serif', SIZE.table);
    const top = Math.max(...row.texts.map((lines, i) => cellHeight(lines, cols[i]!.width - 2 * PAD_X))) + 2 * PAD_Y;
    sheet.use('mono', SIZE.hash);
    const hash = sheet.height(row.hash, spanWidth - 2 * PAD_X, { lineGap: 0 }) + 2 * PAD_Y + 1;
    return { top, hash };
  };

  sheet.gap(4);
  const first = cells[0];
  const headerH = headerHeights();
  const firstH = first ? measure(first) : { top: 20, hash: 0 };
  sheet.use('serifBold', SIZE.body);
  sheet.keep(sheet.height(heading, WIDTH) + PARAGRAPH_GAP + headerH.top + headerH.hash + firstH.top + firstH.hash);
  sheet.para(`${heading}:`, { align: 'left' });

  if (cells.length === 0) {
    sheet.use('serifItalic', SIZE.body).para('Không có dữ liệu camera nào được trích xuất.', { indent: INDENT });
    return;
  }

  drawHeader();
  for (const row of cells) {
    const h = measure(row);
    if (sheet.y + h.top + h.hash > BOTTOM) {
      sheet.pdf.addPage();
      drawHeader();
    }
    const y = sheet.y;
    sheet.use('serif', SIZE.table);
    row.texts.forEach((lines, i) => {
      const col = cols[i]!;
      const align = i === 0 || i === 2 || i === 3 ? 'center' : 'left';
      sheet.y = y + PAD_Y + 1;
      for (const line of lines) sheet.at(line, col.x + PAD_X, sheet.y, col.width - 2 * PAD_X, align);
    });
    sheet.use('mono', SIZE.hash).at(row.hash, spanX + PAD_X, y + h.top + PAD_Y + 1, spanWidth - 2 * PAD_X, 'left', {
      lineGap: 0, lineBreak: false,
    });
    grid(sheet, cols, y, h.top, h.hash);
    sheet.y = y + h.top + h.hash;
  }
  sheet.gap(PARAGRAPH_GAP + 4);
}

/** Borders of one two-line row: STT spans both lines, the second line spans the other columns. */
function grid(sheet: Sheet, cols: { x: number; width: number }[], y: number, top: number, hash: number): void {
  const pdf = sheet.pdf;
  const bottom = y + top + hash;
  pdf.save().lineWidth(RULE).strokeColor('black');
  pdf.rect(LEFT, y, WIDTH, top + hash).stroke();
  for (const col of cols.slice(1)) pdf.moveTo(col.x, y).lineTo(col.x, col === cols[1] ? bottom : y + top).stroke();
  pdf.moveTo(cols[1]!.x, y + top).lineTo(RIGHT, y + top).stroke();
  pdf.restore();
}

/** The closing sentence, the two signature columns and "Nơi nhận", kept together on one page. */
function closing(sheet: Sheet, doc: BienBanDocument): void {
  const zone = tz(doc);
  const sameDay = isSameLocalDay(doc.startedAt, doc.endedAt, zone);
  const day = sameDay ? 'cùng ngày' : formatVietnameseDate(doc.endedAt, zone);
  const closingLine = `Biên bản kết thúc vào hồi ${formatClockTime(doc.endedAt, zone)} ${day}, ` +
    'đã đọc lại cho những người có mặt cùng nghe và thống nhất ký tên.';

  const columnWidth = WIDTH / 2;
  const signatureSpace = 72;
  sheet.use('serif', SIZE.body);
  const closingH = sheet.height(closingLine, WIDTH, { indent: INDENT }) + PARAGRAPH_GAP;
  sheet.use('serifBold', SIZE.signer);
  const names = [doc.secretary.name, doc.chair.name];
  const nameH = Math.max(...names.map((n) => sheet.height(n, columnWidth - 10)));
  const signH = 2 * 17 + signatureSpace + nameH;
  sheet.use('serif', SIZE.recipients);
  const recipientsH = 16 + doc.recipients.reduce((s, r) => s + sheet.height(r, columnWidth), 0) + 12;
  const whole = closingH + 12 + signH + recipientsH;
  sheet.keep(Math.min(whole, BOTTOM - MARGIN.top));

  sheet.use('serif', SIZE.body).para(closingLine, { indent: INDENT });
  sheet.gap(12);

  const y = sheet.y;
  const signers = [
    { role: 'THƯ KÝ', name: doc.secretary.name, x: LEFT },
    { role: 'CHỦ TỌA', name: doc.chair.name, x: LEFT + columnWidth },
  ];
  for (const s of signers) {
    sheet.use('serifBold', SIZE.signer).at(s.role, s.x, y, columnWidth, 'center');
    sheet.use('serifItalic', SIZE.signer).at('(Ký, ghi rõ họ tên)', s.x, sheet.y, columnWidth, 'center');
    sheet.use('serifBold', SIZE.signer).at(s.name, s.x + 5, sheet.y + signatureSpace, columnWidth - 10, 'center');
  }
  sheet.y = y + signH + 12;

  sheet.keep(recipientsH - 12);
  sheet.use('serifBoldItalic', SIZE.recipientsLabel).at('Nơi nhận:', LEFT, sheet.y, columnWidth, 'left', { lineGap: 0 });
  sheet.gap(1);
  sheet.use('serif', SIZE.recipients);
  for (const r of doc.recipients) sheet.at(r, LEFT, sheet.y, columnWidth, 'left', { lineGap: 0 });
}

/**
 * Marks drawn on every page once the text is laid out: page numbers from page 2 (centred in the
 * top margin, as the decree places them) and, on a draft, "BẢN NHÁP" across the page and at its
 * foot, so a draft cannot be passed off as the signed minutes.
 */
function pageMarks(sheet: Sheet, doc: BienBanDocument): void {
  const pdf = sheet.pdf;
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Text in the margins must not push PDFKit onto a new page.
    const margins = { ...pdf.page.margins };
    pdf.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    if (i > range.start) {
      sheet.use('serif', SIZE.pageNumber).at(String(i - range.start + 1), LEFT, MARGIN.top / 2 - 4, WIDTH, 'center', {
        lineBreak: false, lineGap: 0,
      });
    }
    if (doc.draft) draftMark(sheet, doc);
    pdf.page.margins = margins;
  }
}

function draftMark(sheet: Sheet, doc: BienBanDocument): void {
  const pdf = sheet.pdf;
  const banner = `BẢN NHÁP — DRAFT · phiên bản ${doc.version} · chưa có giá trị ký ban hành`;
  pdf.save().fillColor('#b3261e');
  // In the bottom margin: the top one carries the page number.
  sheet.use('serifBold', 10).at(banner, LEFT, A4.height - MARGIN.bottom / 2 - 5, WIDTH, 'center', { lineBreak: false, lineGap: 0 });
  pdf.restore();

  const text = 'BẢN NHÁP — DRAFT';
  const angle = -Math.atan2(A4.height, A4.width) * (180 / Math.PI);
  pdf.save();
  sheet.use('serifBold', 72);
  const w = sheet.width(text);
  pdf.fillColor('#b3261e').fillOpacity(0.13)
    .rotate(angle, { origin: [A4.width / 2, A4.height / 2] });
  pdf.text(text, A4.width / 2 - w / 2, A4.height / 2 - 36, { lineBreak: false, width: w + 10 });
  pdf.restore();
}
