import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdParam } from '../../../contract/common.js';
import { DocumentSchool } from '../../../contract/documents.js';
import {
  AttachmentParam, AttachmentQuery, BienBanDraftInput, CaseClipInput, CaseCloseInput, CaseInput, CaseNoteInput, CasePatch, CasePersonInput, CaseReopenInput, DocumentParam, ExportInput,
  PersonParam, type VerifyReport,
} from '../../../contract/workflows.js';
import { ATTACHMENT_MAX_BYTES } from '../../../domain/attachments.js';
import { AppError } from '../../errors.js';
import { verifyEvidencePackage } from '../../evidence/verify.js';
import type { CaseViewer } from '../../services/cases.js';
import type { Vigil } from '../../vigil.js';
import { actorOf, viewerOf } from '../auth.js';
import { parse } from '../validate.js';

const ClipParam = z.object({ id: z.coerce.number().int().positive(), clipId: z.coerce.number().int().positive() });
/** An evidence package sent to be checked: up to 8 GiB, streamed to a temporary file, never held in memory. */
const VERIFY_MAX_BYTES = 8 * 1024 ** 3;

const caseViewer = (req: FastifyRequest): CaseViewer => {
  const { user } = viewerOf(req);
  return { username: user.username, roles: user.roles };
};

const attachment = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`;

function sendFile(reply: FastifyReply, file: { path: string; name: string }, type: string) {
  return reply.header('Content-Type', type).header('Cache-Control', 'no-store').header('Content-Disposition', attachment(file.name)).send(createReadStream(file.path));
}

const tooLarge = () => new AppError(413, 'too_large', { vi: 'Gói chứng cứ quá lớn (tối đa 8 GiB).', en: 'The evidence package is too large (8 GiB at most).' });

/** R4.3: evidence cases — people, clips, notes, the biên bản, signed exports — and checking a package. */
export const caseRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  // The package to verify arrives as the raw body; it is streamed to disk, not parsed.
  app.addContentTypeParser(['application/zip', 'application/octet-stream', 'application/x-zip-compressed'], (_req, payload, done) => done(null, payload));

  /** The school as the biên bản names it (requirements.md: "Defaults of this school"): public facts, so anyone signed in reads them. */
  app.get('/api/settings/school', { config: { action: 'self.session' } }, async () => vigil.cases.school());
  app.put('/api/settings/school', { config: { action: 'settings.manage' } }, async (req) =>
    vigil.cases.setSchool(parse(DocumentSchool, req.body, req), actorOf(req, 'settings.manage')));

  app.get('/api/cases', { config: { action: 'case.read' } }, async () => vigil.cases.list());
  app.post('/api/cases', { config: { action: 'case.manage' } }, async (req, reply) =>
    reply.status(201).send(await vigil.cases.open(parse(CaseInput, req.body, req), caseViewer(req), actorOf(req, 'case.manage'))));
  app.get('/api/cases/:id', { config: { action: 'case.read' } }, async (req) => vigil.cases.detail(parse(IdParam, req.params, req).id, caseViewer(req)));
  app.patch('/api/cases/:id', { config: { action: 'case.manage' } }, async (req) =>
    vigil.cases.patch(parse(IdParam, req.params, req).id, parse(CasePatch, req.body, req), caseViewer(req), actorOf(req, 'case.manage')));

  app.post('/api/cases/:id/people', { config: { action: 'case.manage' } }, async (req, reply) =>
    reply.status(201).send(await vigil.cases.addPerson(parse(IdParam, req.params, req).id, parse(CasePersonInput, req.body, req), caseViewer(req), actorOf(req, 'case.manage'))));
  app.delete('/api/cases/:id/people/:personId', { config: { action: 'case.manage' } }, async (req) => {
    const { id, personId } = parse(PersonParam, req.params, req);
    return vigil.cases.removePerson(id, personId, caseViewer(req), actorOf(req, 'case.manage'));
  });
  app.post('/api/cases/:id/notes', { config: { action: 'case.manage' } }, async (req, reply) =>
    reply.status(201).send(await vigil.cases.addNote(parse(IdParam, req.params, req).id, parse(CaseNoteInput, req.body, req).text, caseViewer(req), actorOf(req, 'case.manage'))));

  /** A clip is cut from the recordings now (stream copy), hashed and held (R4.3, R3.2). */
  app.post('/api/cases/:id/clips', { config: { action: 'case.manage' } }, async (req, reply) =>
    reply.status(201).send(await vigil.cases.attachClip(parse(IdParam, req.params, req).id, parse(CaseClipInput, req.body, req), caseViewer(req), actorOf(req, 'case.manage'))));
  app.get('/api/cases/:id/clips/:clipId/file', { config: { action: 'case.read' } }, async (req, reply) => {
    const { id, clipId } = parse(ClipParam, req.params, req);
    return sendFile(reply, await vigil.cases.clipFile(id, clipId, actorOf(req, 'case.read')), 'video/mp4');
  });

  await app.register(attachmentRoutes(vigil));

  app.post('/api/cases/:id/close', { config: { action: 'case.manage' } }, async (req) =>
    vigil.cases.close(parse(IdParam, req.params, req).id, parse(CaseCloseInput, req.body, req).note, caseViewer(req), actorOf(req, 'case.manage')));
  app.post('/api/cases/:id/reopen', { config: { action: 'case.manage' } }, async (req) =>
    vigil.cases.reopen(parse(IdParam, req.params, req).id, parse(CaseReopenInput, req.body, req).reason, caseViewer(req), actorOf(req, 'case.manage')));

  // The biên bản: drafts are edited; a finalised version is numbered and never changes.
  app.post('/api/cases/:id/documents', { config: { action: 'case.manage' } }, async (req, reply) =>
    reply.status(201).send(await vigil.cases.draft(parse(IdParam, req.params, req).id, parse(BienBanDraftInput, req.body, req), caseViewer(req), actorOf(req, 'case.manage'))));
  app.put('/api/cases/:id/documents/:docId', { config: { action: 'case.manage' } }, async (req) => {
    const { id, docId } = parse(DocumentParam, req.params, req);
    return vigil.cases.editDraft(id, docId, parse(BienBanDraftInput, req.body, req), caseViewer(req), actorOf(req, 'case.manage'));
  });
  app.post('/api/cases/:id/documents/:docId/finalise', { config: { action: 'case.manage' } }, async (req) => {
    const { id, docId } = parse(DocumentParam, req.params, req);
    return vigil.cases.finalise(id, docId, caseViewer(req), actorOf(req, 'case.manage'));
  });
  app.get('/api/cases/:id/documents/:docId/pdf', { config: { action: 'case.read' } }, async (req, reply) => {
    const { id, docId } = parse(DocumentParam, req.params, req);
    const pdf = await vigil.cases.pdf(id, docId);
    return reply.header('Content-Type', 'application/pdf').header('Cache-Control', 'no-store').header('Content-Disposition', `inline; filename="${pdf.name}"`).send(pdf.bytes);
  });

  /** R4.3: the signed package; it is built in the background and shows its progress. */
  app.post('/api/cases/:id/exports', { config: { action: 'case.export' } }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, req);
    const input = parse(ExportInput, req.body, req);
    const v = viewerOf(req);
    return reply.status(202).send(await vigil.evidenceExports.start(id, input, actorOf(req, 'case.export'), v.user.fullName));
  });
  app.get('/api/exports/:id', { config: { action: 'case.export' } }, async (req) => vigil.evidenceExports.job(parse(IdParam, req.params, req).id));
  app.get('/api/exports/:id/download', { config: { action: 'case.export' } }, async (req, reply) =>
    sendFile(reply, await vigil.evidenceExports.file(parse(IdParam, req.params, req).id, actorOf(req, 'case.export')), 'application/zip'));

  /**
   * Anyone signed in may check a package they were given (R4.3): the signature, every file's SHA-256,
   * nothing added or removed — and whether it was signed with this school's key.
   */
  app.post('/api/exports/verify', { config: { action: 'self.session' }, bodyLimit: VERIFY_MAX_BYTES }, async (req): Promise<VerifyReport> => {
    const body = req.body;
    if (!body || typeof (body as NodeJS.ReadableStream).pipe !== 'function') {
      throw new AppError(415, 'verify.notZip', { vi: 'Hãy gửi tệp gói chứng cứ (.zip) làm nội dung yêu cầu, kiểu application/zip.', en: 'Send the evidence package (.zip) as the request body, as application/zip.' });
    }
    const dir = await mkdtemp(join(vigil.config.tmpDir, 'verify-'));
    try {
      const file = join(dir, 'package.zip');
      let bytes = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          cb(bytes > VERIFY_MAX_BYTES ? tooLarge() : null, chunk);
        },
      });
      await pipeline(body as NodeJS.ReadableStream, count, createWriteStream(file, { mode: 0o600 }));
      if (bytes === 0) throw new AppError(400, 'verify.empty', { vi: 'Tệp gửi lên rỗng. Hãy chọn tệp .zip của gói chứng cứ.', en: 'The file sent is empty. Choose the evidence package .zip file.' });
      const r = await verifyEvidencePackage(file, { trustedPublicKeyPem: vigil.evidenceExports.publicKeyPem() });
      await vigil.audited(actorOf(req, 'self.session'), async () => undefined, {
        action: 'export.verify', resourceType: 'export', detail: { ok: r.ok, bytes, caseId: r.manifest?.case.id ?? null, problems: r.problems.map((p) => p.file) },
      });
      return {
        ok: r.ok, problems: r.problems, ...(r.manifest ? { manifest: r.manifest } : {}), warnings: r.warnings,
        keyFingerprint: r.keyFingerprint ?? null, signedByThisSchool: r.keyTrusted,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
};

/** `attachment; filename="..."` with the name as typed (UTF-8, RFC 6266) and a plain fallback. */
const namedAttachment = (name: string) => `${attachment(name)}; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * R4.3 attachments: the file is the raw request body (any media type reaches the handler, which
 * says precisely what it takes), with `?name=&note=` beside it. A scope of its own, so the other
 * case routes keep their JSON parsing.
 */
const attachmentRoutes = (vigil: Vigil): FastifyPluginAsync => async (scoped) => {
  scoped.removeAllContentTypeParsers();
  scoped.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  scoped.post('/api/cases/:id/attachments', { config: { action: 'case.manage' }, bodyLimit: ATTACHMENT_MAX_BYTES + (1 << 20) }, async (req, reply) => {
    const { id } = parse(IdParam, req.params, req);
    const q = parse(AttachmentQuery, req.query, req);
    const body = req.body && typeof (req.body as NodeJS.ReadableStream).pipe === 'function' ? (req.body as NodeJS.ReadableStream) : null;
    const length = Number(req.headers['content-length']);
    const added = await vigil.caseAttachments.add(id, {
      name: q.name, note: q.note || null, contentType: req.headers['content-type'], declaredBytes: Number.isFinite(length) ? length : null, body,
    }, caseViewer(req), actorOf(req, 'case.manage'));
    return reply.status(201).send(added);
  });
  scoped.get('/api/cases/:id/attachments/:attachmentId', { config: { action: 'case.read' } }, async (req, reply) => {
    const { id, attachmentId } = parse(AttachmentParam, req.params, req);
    const file = await vigil.caseAttachments.file(id, attachmentId, actorOf(req, 'case.read'));
    return reply.header('Content-Type', file.mediaType).header('Cache-Control', 'no-store').header('Content-Disposition', namedAttachment(file.name)).send(createReadStream(file.path));
  });
  scoped.delete('/api/cases/:id/attachments/:attachmentId', { config: { action: 'case.manage' } }, async (req, reply) => {
    const { id, attachmentId } = parse(AttachmentParam, req.params, req);
    await vigil.caseAttachments.remove(id, attachmentId, caseViewer(req), actorOf(req, 'case.manage'));
    return reply.status(204).send();
  });
};
