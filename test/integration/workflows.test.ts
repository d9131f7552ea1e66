import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { decodeErrors, freePort, type Mail, probe, quietLog, run, startMailbox, tempDataDir, testClips, testConfig, waitFor } from './helpers.js';
import { type Browser, TEST_ACTOR, userWith } from './sessions.js';

/**
 * Issue 6 end to end at the API: camsim → recording Vigil; a guard reports an incident (leadership
 * is told in the app and by email through a real SMTP server); it becomes a case (R7.1 → R4.3);
 * two clips are cut from the recordings, the biên bản is finalised (its text read back with
 * pdftotext), the signed package exported and verified — and verify fails once a byte is changed.
 */
let camsim: Camsim;
let vigil: Vigil;
let app: FastifyInstance;
let dataDir = '';
let principal: Browser;
let guard: Browser;
let teacher: Browser;
let mails: Mail[] = [];
let mailbox: Awaited<ReturnType<typeof startMailbox>> | undefined;
const cams = { gate: 0, yard: 0 };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const segments = (cameraId: number) =>
  vigil.db.selectFrom('segments').selectAll().where('camera_id', '=', cameraId).orderBy('start_ms').execute();

/** The `vigil` command as an operator runs it on the server, against this test's data folder. */
function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((res) => {
    execFile(process.execPath, ['bin/vigil.js', ...args], { env: { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) => res({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr }));
  });
}

beforeAll(async () => {
  mailbox = await startMailbox();
  const smtpPort = mailbox.port;
  mails = mailbox.mails;
  camsim = await startCamsim({ clipsDir: await testClips(), port: await freePort(), cameras: 2 });
  dataDir = await tempDataDir();
  vigil = await createVigil(testConfig(dataDir, {
    // Short segments: the two this test needs are there sooner.
    VIGIL_SEGMENT_SECONDS: '4', VIGIL_LOGIN_RATE_PER_MINUTE: '1000', VIGIL_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, VIGIL_SMTP_FROM: 'vigil@truong.edu.vn',
  }), { log: quietLog, twoFactorRequired: false });
  await vigil.start();
  const add = async (name: string, n: number) =>
    (await vigil.cameras.create({ name, location: name, areaType: 'gate', mainUrl: camsim.url(n), signInPlace: true, enabled: true }, TEST_ACTOR)).id;
  cams.gate = await add('Cổng chính', 1);
  cams.yard = await add('Sân trường', 2);
  app = await buildApp(vigil);
  principal = await userWith(app, vigil, 'hieutruong', ['principal']);
  guard = await userWith(app, vigil, 'baove', ['guard']);
  teacher = await userWith(app, vigil, 'giaovien', ['staff']);
  // Where the principal's notices go, set as an operator does on the server.
  const email = await cli(['user', 'email', 'hieutruong', 'hieutruong@truong.edu.vn']);
  if (email.code !== 0) throw new Error(email.err);
  await waitFor('two segments per camera', async () => (await segments(cams.gate)).length >= 2 && (await segments(cams.yard)).length >= 2, 90_000);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await vigil?.stop();
  await camsim?.stop();
  await mailbox?.close();
});

/** A real frame of the gate camera's recording, as the live wall's snapshot button sends it. */
async function snapshotOf(cameraId: number): Promise<string> {
  const [first] = await segments(cameraId);
  if (!first) throw new Error('no segment');
  const jpeg = (await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', join(vigil.config.recordingsDir, first.path), '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'], { encoding: 'buffer', maxBuffer: 8 << 20 })).stdout;
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

let incidentId = 0;
let caseId = 0;

describe('an incident (R7.1, R4.1)', () => {
  it('is reported by a guard with a snapshot; its footage is held; leadership is told in the app and by email', async () => {
    const [seg] = await segments(cams.gate);
    if (!seg) throw new Error('no segment');
    const res = await guard.post('/api/incidents', {
      occurredAt: seg.start_ms + 1000, place: 'Cổng chính', cameraIds: [cams.gate], category: 'pupil_safety', urgency: 'high',
      description: 'Hai học sinh xô đẩy nhau ở cổng lúc tan học.', snapshot: await snapshotOf(cams.gate), snapshotCameraId: cams.gate,
    });
    expect(res.statusCode, res.body).toBe(201);
    incidentId = res.json().id;
    expect(res.json()).toMatchObject({ state: 'reported', hasSnapshot: true, reportedBy: { username: 'baove' } });
    // R3.2: the incident's camera and time are held while it is open.
    expect(res.json().holds).toEqual([expect.objectContaining({ cameraId: cams.gate, kind: 'incident' })]);
    const timeline = (await principal.get(`/api/cameras/${cams.gate}/timeline?from=${seg.start_ms}&to=${seg.start_ms + 60_000}`)).json();
    expect(timeline.held).toEqual([expect.objectContaining({ kinds: ['incident'] })]);

    const notes = (await principal.get('/api/notifications')).json() as Array<{ subjectKind: string; subjectId: number; title: { vi: string }; readAtMs: number | null }>;
    expect(notes[0]).toMatchObject({ subjectKind: 'incident', subjectId: incidentId, readAtMs: null });
    expect(notes[0]?.title.vi).toContain(`Sự việc #${incidentId}`);
    await vigil.mailer.flush();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['hieutruong@truong.edu.vn']);
    // The body is quoted-printable UTF-8, as mail clients expect (decoded by the mailbox).
    const body = mails[0]?.text ?? '';
    expect(body).toContain('Địa điểm: Cổng chính');
    expect(body).toContain('Hai học sinh xô đẩy nhau');
    // The guard sees it; another staff member does not (404, as if it did not exist).
    expect((await guard.get(`/api/incidents/${incidentId}`)).statusCode).toBe(200);
    expect((await teacher.get(`/api/incidents/${incidentId}`)).statusCode).toBe(404);
    expect((await teacher.get(`/api/incidents/${incidentId}/snapshot`)).statusCode).toBe(404);
    const shot = await principal.get(`/api/incidents/${incidentId}/snapshot`);
    expect(shot.headers['content-type']).toBe('image/jpeg');
    const trail = (await vigil.auditRepo.search({ actor: 'hieutruong' }, 20)).events.map((e) => e.action);
    expect(trail).toContain('incident.snapshot.view');
  });

  it('refuses a guard leadership steps and a wrong event, with a reason', async () => {
    const ack = await guard.post(`/api/incidents/${incidentId}/events`, { event: 'acknowledge' });
    expect(ack.statusCode).toBe(403);
    expect(ack.json().code).toBe('workflow.notAllowed');
    const bad = await principal.post(`/api/incidents/${incidentId}/events`, { event: 'fly' });
    expect(bad.statusCode).toBe(400);
    const close = await principal.post(`/api/incidents/${incidentId}/events`, { event: 'close', note: 'x' });
    expect(close.statusCode).toBe(400);
  });

  it('is acknowledged, commented, and turned into a case that takes over the hold', async () => {
    expect((await principal.post(`/api/incidents/${incidentId}/events`, { event: 'acknowledge' })).statusCode).toBe(200);
    expect((await guard.post(`/api/incidents/${incidentId}/events`, { event: 'comment', note: 'Đã báo giáo viên chủ nhiệm lớp 4A.' })).statusCode).toBe(200);
    const turned = await principal.post(`/api/incidents/${incidentId}/events`, { event: 'turn_into_case', title: 'Xô đẩy ở cổng trường' });
    expect(turned.statusCode, turned.body).toBe(200);
    expect(turned.json().state).toBe('turned_into_case');
    caseId = turned.json().caseId;
    expect(caseId).toBeGreaterThan(0);
    expect(turned.json().history.map((h: { event: string }) => h.event)).toEqual(['report', 'acknowledge', 'comment', 'turn_into_case']);
    const held = (await principal.get(`/api/holds?cameraId=${cams.gate}`)).json() as Array<{ kind: string; subjectId: number }>;
    expect(held.map((h) => `${h.kind}:${h.subjectId}`)).toEqual([`case:${caseId}`]);
    // The guard who reported it hears back.
    const guardNotes = (await guard.get('/api/notifications')).json() as Array<{ kind: string }>;
    expect(guardNotes.map((n) => n.kind)).toContain('incident.turn_into_case');
  });
});

describe('an evidence case (R4.3)', () => {
  const clipHashes: string[] = [];
  let pkg = '';

  it('takes two clips cut from the recordings, hashed and held, and the people involved', async () => {
    for (const cameraId of [cams.gate, cams.yard]) {
      const [seg] = await segments(cameraId);
      if (!seg) throw new Error('no segment');
      const res = await principal.post(`/api/cases/${caseId}/clips`, { cameraId, from: seg.start_ms, to: seg.start_ms + 4000, note: 'Lúc xô đẩy' });
      expect(res.statusCode, res.body).toBe(201);
      clipHashes.push(res.json().sha256);
      const file = await principal.get(`/api/cases/${caseId}/clips/${res.json().id}/file`);
      expect(sha256(file.rawPayload)).toBe(res.json().sha256);
    }
    expect((await principal.post(`/api/cases/${caseId}/people`, { name: 'Nguyễn Văn An', role: 'Học sinh', className: '4A' })).statusCode).toBe(201);
    const tooLong = await principal.post(`/api/cases/${caseId}/clips`, { cameraId: cams.gate, from: 0, to: 3 * 3_600_000 });
    expect(tooLong.statusCode).toBe(400);
    expect((await teacher.get(`/api/cases/${caseId}`)).statusCode).toBe(403);
  });

  it('finalises a biên bản whose PDF text has the national header, the number and every clip hash; it cannot be edited after', async () => {
    const now = vigil.now();
    const draft = {
      subject: 'Xem xét việc học sinh xô đẩy ở cổng trường', place: 'Phòng họp Ban Giám hiệu', startedAt: now - 3_600_000, endedAt: now - 1_800_000,
      present: [{ name: 'Trần Thị Hoa', position: 'Hiệu trưởng' }, { name: 'Lê Văn Nam', position: 'Bảo vệ' }],
      chair: { name: 'Trần Thị Hoa', position: 'Hiệu trưởng' }, secretary: { name: 'Phạm Minh Đức', position: 'Thư ký hội đồng' },
      content: ['Xem lại hai đoạn ghi hình ở cổng chính và sân trường.', 'Hai học sinh xô đẩy nhau, không ai bị thương.'],
      recipients: ['Phụ huynh học sinh liên quan', 'Lưu: VT'],
    };
    const d = await principal.post(`/api/cases/${caseId}/documents`, draft);
    expect(d.statusCode, d.body).toBe(201);
    const docId = d.json().id as number;
    expect((await principal.put(`/api/cases/${caseId}/documents/${docId}`, { ...draft, place: 'Văn phòng nhà trường' })).statusCode).toBe(200);
    const fin = await principal.post(`/api/cases/${caseId}/documents/${docId}/finalise`);
    expect(fin.statusCode, fin.body).toBe(200);
    expect(fin.json()).toMatchObject({ state: 'finalised', number: expect.stringMatching(/^01\/BB-/) });
    expect((await principal.put(`/api/cases/${caseId}/documents/${docId}`, draft)).statusCode).toBe(409);

    const pdf = await principal.get(`/api/cases/${caseId}/documents/${docId}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(sha256(pdf.rawPayload)).toBe(fin.json().pdfSha256);
    const file = join(dataDir, 'bien-ban.pdf');
    await writeFile(file, pdf.rawPayload);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Văn phòng nhà trường');
    expect(text).toContain('Nơi nhận');
    for (const h of clipHashes) expect(text.replace(/\s+/g, '')).toContain(h);
  });

  it('exports a signed package with progress, which `vigil export verify` and the verify API find intact', async () => {
    const noReason = await principal.post(`/api/cases/${caseId}/exports`, { reasonCode: 'evidence', reasonText: '' });
    expect(noReason.statusCode).toBe(400);
    const started = await principal.post(`/api/cases/${caseId}/exports`, { reasonCode: 'evidence', reasonText: 'Gửi Phòng Giáo dục theo yêu cầu' });
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitFor('the export', async () => {
      const j = (await principal.get(`/api/exports/${started.json().id}`)).json();
      return j.state === 'running' ? null : j;
    }, 60_000, 200);
    expect(job).toMatchObject({ state: 'done', bytesDone: job.bytesTotal });
    const zip = await principal.get(`/api/exports/${job.id}/download`);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(sha256(zip.rawPayload)).toBe(job.sha256);
    pkg = join(dataDir, 'goi-chung-cu.zip');
    await writeFile(pkg, zip.rawPayload);
    const verified = await cli(['export', 'verify', pkg]);
    expect(verified.code, verified.out).toBe(0);
    const viaApi = await teacher.request('POST', '/api/exports/verify', zip.rawPayload, { 'content-type': 'application/zip' });
    expect(viaApi.statusCode, viaApi.body).toBe(200);
    expect(viaApi.json()).toMatchObject({ ok: true, problems: [], signedByThisSchool: true });
    // Every clip plays in an ordinary player.
    const out = join(dataDir, 'unzipped');
    await run('unzip', ['-q', '-o', pkg, '-d', out]);
    const clips = await readdir(join(out, 'clips'));
    expect(clips).toHaveLength(2);
    // The cameras' own encoding (H.264 for the gate, H.265 for the yard in the simulator): no re-encoding of evidence.
    for (const c of clips) {
      const p = await probe(join(out, 'clips', c));
      expect(['h264', 'hevc']).toContain(p.codec);
      expect(p.durationSeconds).toBeGreaterThan(3);
      expect(await decodeErrors(join(out, 'clips', c))).toBe('');
    }
    const trail = (await vigil.auditRepo.search({ actor: 'hieutruong' }, 100)).events.filter((e) => e.action === 'case.export');
    expect(trail.map((e) => e.cameraId).sort()).toEqual([cams.gate, cams.yard].sort());
    expect(trail[0]?.reasonText).toBe('Gửi Phòng Giáo dục theo yêu cầu');
  });

  /** Unzip, change one byte of `name`, zip again as a forger would. */
  async function forged(name: string, edit: (b: Buffer) => void): Promise<string> {
    const dir = join(dataDir, `forged-${name.replace(/\W/g, '_')}`);
    await mkdir(dir, { recursive: true });
    await run('unzip', ['-q', '-o', pkg, '-d', dir]);
    const b = await readFile(join(dir, name));
    edit(b);
    await writeFile(join(dir, name), b);
    const out = `${dir}.zip`;
    await run('sh', ['-c', `cd '${dir}' && zip -q -r -D -X '${out}' .`]);
    return out;
  }

  it('fails, naming the file, once one byte of a clip or of the manifest is changed', async () => {
    const [clip] = (await readdir(join(dataDir, 'unzipped', 'clips')));
    if (!clip) throw new Error('no clip');
    const badClip = await forged(`clips/${clip}`, (b) => { const i = Math.floor(b.length / 2); b.writeUInt8(b.readUInt8(i) ^ 0xff, i); });
    const r1 = await cli(['export', 'verify', badClip]);
    expect(r1.code).toBe(1);
    expect(r1.out).toContain(`clips/${clip}`);
    const badManifest = await forged('manifest.json', (b) => { const i = b.indexOf('"title"') + 12; b.writeUInt8(b.readUInt8(i) ^ 0x01, i); });
    const r2 = await cli(['export', 'verify', badManifest]);
    expect(r2.code).toBe(1);
    expect(r2.out).toContain('manifest.json');
    const viaApi = await principal.request('POST', '/api/exports/verify', await readFile(badClip), { 'content-type': 'application/zip' });
    expect(viaApi.json().ok).toBe(false);
    expect(viaApi.json().problems.map((p: { file: string }) => p.file)).toContain(`clips/${clip}`);
    const notZip = await principal.request('POST', '/api/exports/verify', Buffer.from('không phải zip'), { 'content-type': 'application/zip' });
    expect(notZip.statusCode).toBe(200);
    expect(notZip.json().ok).toBe(false);
  });

  it('is listed by `vigil case list` (id first) and exported by `vigil case export`, which verifies', async () => {
    const list = await cli(['case', 'list']);
    expect(list.code, list.err).toBe(0);
    expect(list.out.split('\n')[0]).toMatch(new RegExp(`^${caseId}\\t.*Xô đẩy ở cổng trường`));
    const out = join(dataDir, 'cli-export.zip');
    const exported = await cli(['case', 'export', String(caseId), '--out', out]);
    expect(exported.code, exported.err).toBe(0);
    expect((await cli(['export', 'verify', out])).code).toBe(0);
    const missing = await cli(['case', 'export', '999', '--out', join(dataDir, 'x.zip')]);
    expect(missing.code).toBe(2);
  });

  it('closes with its clips held for the retention period, and only the principal reopens it', async () => {
    const closed = await principal.post(`/api/cases/${caseId}/close`, { note: 'Đã làm việc với phụ huynh hai em.' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().holdUntilMs).toBeGreaterThan(vigil.now() + 700 * 86_400_000);
    const held = (await principal.get(`/api/holds?cameraId=${cams.yard}`)).json() as Array<{ untilMs: number | null }>;
    expect(held.every((h) => h.untilMs !== null && h.untilMs > vigil.now())).toBe(true);
    const vice = await userWith(app, vigil, 'hieupho', ['vice_principal']);
    const r = await vice.post(`/api/cases/${caseId}/reopen`, { reason: 'Phụ huynh gửi thêm thông tin mới.' });
    expect(r.statusCode).toBe(403);
    expect((await principal.post(`/api/cases/${caseId}/reopen`, { reason: 'Phụ huynh gửi thêm thông tin mới.' })).statusCode).toBe(200);
  });
});
