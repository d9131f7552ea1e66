import type { FastifyPluginAsync } from 'fastify';
import { AuditQuery } from '../../../contract/auth.js';
import { describeVerify } from '../../services/audit.js';
import type { Vigil } from '../../vigil.js';
import { actorOf } from '../auth.js';
import { parse } from '../validate.js';

/** The audit log for the principal (issue 4): filtered, newest first, and the chain's verification. */
export const auditRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  app.get('/api/audit', { config: { action: 'audit.read' } }, async (req) => {
    const q = parse(AuditQuery, req.query, req);
    const filter = {
      ...(q.actor ? { actor: q.actor } : {}), ...(q.cameraId ? { cameraId: q.cameraId } : {}), ...(q.action ? { action: q.action } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}), ...(q.from !== undefined ? { fromMs: q.from } : {}), ...(q.to !== undefined ? { toMs: q.to } : {}),
      ...(q.beforeSeq ? { beforeSeq: q.beforeSeq } : {}),
    };
    // Reading the log is on the log too: who looked at whom.
    await vigil.audit.record({ ...actorFields(req), action: 'audit.read', resourceType: 'audit', resourceId: null, cameraId: null, reasonCode: null, reasonText: null, outcome: 'allowed', detail: filter });
    return vigil.auditRepo.search(filter, q.limit);
  });

  app.get('/api/audit/verify', { config: { action: 'audit.read' } }, async (req) => {
    const report = await vigil.audit.verify();
    await vigil.audit.record({ ...actorFields(req), action: 'audit.verify', resourceType: 'audit', resourceId: null, cameraId: null, reasonCode: null, reasonText: null, outcome: 'allowed', detail: { ok: report.ok, events: report.events } });
    const [vi = '', en = ''] = report.ok ? describeVerify(report) : [describeVerify(report).join(' ')];
    return { ...report, message: { vi, en: en || vi } };
  });

  function actorFields(req: Parameters<typeof actorOf>[0]) {
    const a = actorOf(req, 'audit.read');
    return { actor: a.name, actorRole: a.role, ip: a.ip, userAgent: a.userAgent };
  }
};
