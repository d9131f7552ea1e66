import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportVerifyCommand } from '../../src/server/evidence/verify-cli.js';
import { ZipWriter } from '../../src/server/evidence/zip-writer.js';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { quietLog, run, tempDataDir, testConfig, waitFor } from './helpers.js';
import { type Browser, TEST_ACTOR, userWith } from './sessions.js';

/**
 * R4.3 "notes and attachments": leadership attaches a written statement (PDF) and a photo (PNG) to
 * a case over real HTTP into a real database and evidence folder; other types and files past
 * 25 MiB are refused with nothing kept; a download is the same bytes, on the record; the signed
 * package carries them under attachments/ and `vigil export verify` notices one changed byte.
 */
let vigil: Vigil;
let app: FastifyInstance;
let dataDir = '';
let principal: Browser;
let vice: Browser;
let caseId = 0;
let pkg = '';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const STATEMENT = 'Tường trình của phụ huynh.pdf';

const upload = (who: Browser, name: string, body: Buffer, type: string, note?: string) =>
  who.request('POST', `/api/cases/${caseId}/attachments?name=${encodeURIComponent(name)}${note ? `&note=${encodeURIComponent(note)}` : ''}`, body, { 'content-type': type });

const stored = async () => {
  const rows = await vigil.db.selectFrom('case_attachments').select(['file_name']).where('case_id', '=', caseId).execute();
  const files = await readdir(join(vigil.config.evidenceDir, String(caseId), 'attachments')).catch(() => [] as string[]);
  return { rows: rows.map((r) => r.file_name).sort(), files: files.length };
};

beforeAll(async () => {
  dataDir = await tempDataDir();
  vigil = await createVigil(testConfig(dataDir, { VIGIL_LOGIN_RATE_PER_MINUTE: '1000' }), { log: quietLog, record: false, twoFactorRequired: false });
  app = await buildApp(vigil);
  principal = await userWith(app, vigil, 'hieutruong', ['principal']);
  vice = await userWith(app, vigil, 'hieupho', ['vice_principal']);
  const opened = await principal.post('/api/cases', { title: 'Học sinh bị ngã ở cầu thang', description: 'Phụ huynh gửi tường trình.' });
  caseId = opened.json().id;
  // A package needs a clip; cutting one from recordings is workflows.test.ts's part. Here a stand-in file.
  const camera = await vigil.cameras.create({ name: 'Cầu thang A', location: 'Khu A', areaType: 'corridor', mainUrl: 'rtsp://127.0.0.1:1/a', signInPlace: true, enabled: false }, TEST_ACTOR);
  const clip = Buffer.from('không phải video thật — chỉ để đóng gói');
  await mkdir(join(vigil.config.evidenceDir, String(caseId)), { recursive: true });
  await writeFile(join(vigil.config.evidenceDir, String(caseId), 'camera-clip.mp4'), clip);
  await vigil.db.insertInto('case_clips').values({
    case_id: caseId, camera_id: camera.id, start_ms: 1_000, end_ms: 61_000, path: `${caseId}/camera-clip.mp4`, bytes: clip.length, sha256: sha256(clip),
    note: null, added_by: 'hieutruong', added_at: vigil.now(),
  }).execute();
});

afterAll(async () => {
  await app?.close();
  await vigil?.stop();
});

describe('attachments to a case (R4.3)', () => {
  it('takes a PDF statement and a PNG photo, hashed, on the history and the audit log', async () => {
    const pdf = await upload(principal, STATEMENT, PDF, 'application/pdf', 'Bản tường trình viết tay, đã scan');
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json()).toMatchObject({ fileName: STATEMENT, mediaType: 'application/pdf', bytes: PDF.length, sha256: sha256(PDF), addedBy: 'hieutruong', note: 'Bản tường trình viết tay, đã scan' });
    const png = await upload(vice, 'anh-cau-thang.png', PNG, 'image/png');
    expect(png.statusCode, png.body).toBe(201);

    const detail = (await principal.get(`/api/cases/${caseId}`)).json();
    expect(detail.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([STATEMENT, 'anh-cau-thang.png']);
    expect(detail.history.filter((h: { event: string }) => h.event === 'add_attachment').map((h: { note: string }) => h.note)).toContain(`${STATEMENT} (SHA-256 ${sha256(PDF)})`);
    const trail = (await vigil.auditRepo.search({ action: 'case.attachment.*' }, 10)).events;
    expect(trail.map((e) => e.actor).sort()).toEqual(['hieupho', 'hieutruong']);
    expect(await stored()).toEqual({ rows: ['anh-cau-thang.png', STATEMENT].sort(), files: 2 });
  });

  it('refuses a program, a file that is not what it says, a name that does not fit, and one past 25 MiB — keeping nothing', async () => {
    const before = await stored();
    const exe = await upload(principal, 'cai-dat.exe', Buffer.from('MZ\x90\x00program'), 'application/x-msdownload');
    expect(exe.statusCode).toBe(415);
    expect(exe.json()).toMatchObject({ code: 'attachment.type' });
    expect(exe.json().message).toContain('PDF, ảnh JPEG hoặc PNG');
    const en = await principal.request('POST', `/api/cases/${caseId}/attachments?name=a.exe`, Buffer.from('MZ'), { 'content-type': 'application/octet-stream', 'accept-language': 'en' });
    expect(en.json().message).toContain('Only PDF');
    const renamed = await upload(principal, 'tuong-trinh.pdf', Buffer.from('MZ\x90\x00program'), 'application/pdf');
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json()).toMatchObject({ code: 'attachment.content' });
    const wrongName = await upload(principal, 'tuong-trinh.exe', PDF, 'application/pdf');
    expect(wrongName.statusCode).toBe(400);
    expect(wrongName.json().message).toContain('.pdf');
    const big = Buffer.alloc(26 * 1024 * 1024, 0x20);
    PDF.copy(big);
    const tooBig = await upload(principal, 'ho-so-lon.pdf', big, 'application/pdf');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().message).toContain('25 MiB');
    const again = await upload(principal, STATEMENT, PDF, 'application/pdf');
    expect(again.statusCode).toBe(409);
    const folder = await upload(principal, '../../etc/passwd.txt', Buffer.from('x'), 'text/plain');
    expect(folder.statusCode).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it('gives back the same bytes under the name it was given, and the download is on the record', async () => {
    const { attachments } = (await principal.get(`/api/cases/${caseId}`)).json() as { attachments: Array<{ id: number; fileName: string }> };
    const statement = attachments.find((a) => a.fileName === STATEMENT);
    const res = await vice.get(`/api/cases/${caseId}/attachments/${statement?.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(STATEMENT)}`);
    expect(Buffer.compare(res.rawPayload, PDF)).toBe(0);
    const trail = (await vigil.auditRepo.search({ actor: 'hieupho', action: 'case.attachment.download' }, 10)).events;
    expect(trail[0]?.detail).toMatchObject({ fileName: STATEMENT, sha256: sha256(PDF) });
    expect((await vice.get(`/api/cases/${caseId}/attachments/9999`)).statusCode).toBe(404);
  });

  it('puts them in the signed package under attachments/, with size and SHA-256, and the package verifies', async () => {
    const started = await principal.post(`/api/cases/${caseId}/exports`, { reasonCode: 'evidence', reasonText: 'Gửi Phòng Giáo dục theo yêu cầu' });
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitFor('the export', async () => {
      const j = (await principal.get(`/api/exports/${started.json().id}`)).json();
      return j.state === 'running' ? null : j;
    }, 30_000, 100);
    expect(job.state).toBe('done');
    const zip = await principal.get(`/api/exports/${job.id}/download`);
    pkg = join(dataDir, 'goi.zip');
    await writeFile(pkg, zip.rawPayload);
    const viaApi = await principal.request('POST', '/api/exports/verify', zip.rawPayload, { 'content-type': 'application/zip' });
    expect(viaApi.json()).toMatchObject({ ok: true, problems: [] });
    const files = viaApi.json().manifest.files as Array<{ path: string; kind: string; bytes: number; sha256: string }>;
    expect(files).toEqual(expect.arrayContaining([
      { path: `attachments/${STATEMENT}`, kind: 'attachment', bytes: PDF.length, sha256: sha256(PDF) },
      { path: 'attachments/anh-cau-thang.png', kind: 'attachment', bytes: PNG.length, sha256: sha256(PNG) },
    ]));
    expect((await exportVerifyCommand(pkg, {})).exitCode).toBe(0);
  });

  it('fails verification, naming the attachment, once one of its bytes is changed', async () => {
    const dir = join(dataDir, 'forged');
    await run('unzip', ['-q', '-o', pkg, '-d', dir], { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    const file = join(dir, 'attachments', 'anh-cau-thang.png');
    const b = await readFile(file);
    b.writeUInt8(b.readUInt8(20) ^ 0xff, 20);
    await writeFile(file, b);
    // Zipped again with names marked UTF-8 (Linux `zip -X` leaves the Vietnamese name unmarked, read as CP437).
    const forged = join(dataDir, 'forged.zip');
    const zip = await ZipWriter.create(forged);
    for (const name of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
      const path = join(name.parentPath, name.name);
      const data = await readFile(path);
      await zip.add(relative(dir, path), data, { compress: true, size: data.length, mtimeMs: vigil.now() });
    }
    await zip.finish();
    const r = await exportVerifyCommand(forged, {});
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain('attachments/anh-cau-thang.png');
    const viaApi = await principal.request('POST', '/api/exports/verify', await readFile(forged), { 'content-type': 'application/zip' });
    expect(viaApi.json().problems.map((p: { file: string }) => p.file)).toEqual(['attachments/anh-cau-thang.png']);
  });

  it('removes one only while the case is open; the history keeps its name and hash', async () => {
    const { attachments } = (await principal.get(`/api/cases/${caseId}`)).json() as { attachments: Array<{ id: number; fileName: string }> };
    const photo = attachments.find((a) => a.fileName === 'anh-cau-thang.png');
    const removed = await principal.delete(`/api/cases/${caseId}/attachments/${photo?.id}`);
    expect(removed.statusCode, removed.body).toBe(204);
    const detail = (await principal.get(`/api/cases/${caseId}`)).json();
    expect(detail.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([STATEMENT]);
    expect(detail.history.at(-1)).toMatchObject({ event: 'remove_attachment', note: `anh-cau-thang.png (SHA-256 ${sha256(PNG)})` });
    expect(await stored()).toEqual({ rows: [STATEMENT], files: 1 });

    expect((await principal.post(`/api/cases/${caseId}/close`, { note: 'Đã làm việc với phụ huynh.' })).statusCode).toBe(200);
    const statement = attachments.find((a) => a.fileName === STATEMENT);
    const closedRemove = await principal.delete(`/api/cases/${caseId}/attachments/${statement?.id}`);
    expect(closedRemove.statusCode).toBe(409);
    expect(closedRemove.json().message).toContain('Gỡ tệp đính kèm');
    expect((await upload(principal, 'them.png', PNG, 'image/png')).statusCode).toBe(409);
    expect((await principal.get(`/api/cases/${caseId}/attachments/${statement?.id}`)).statusCode).toBe(200);
  });
});
