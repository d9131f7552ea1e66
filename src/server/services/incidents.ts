import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Incident, IncidentDetail, IncidentEventInput, IncidentInput } from '../../contract/workflows.js';
import type { Role } from '../../domain/roles.js';
import { eventsAllowed, transition } from '../../domain/workflows/machine.js';
import {
  INCIDENT_CATEGORY_LABELS, INCIDENT_MACHINE, INCIDENT_URGENCY_LABELS, type IncidentState, incidentActor, incidentHoldRange, incidentIsOpen,
  incidentReportProblem,
} from '../../domain/workflows/incident.js';
import { AppError, WHAT, invalid, notFound } from '../errors.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { HistoryRepository } from '../repositories/history.js';
import type { HoldRepository } from '../repositories/holds.js';
import type { IncidentRecord, IncidentRepository } from '../repositories/incidents.js';
import type { NotificationRepository } from '../repositories/notifications.js';
import type { Trx } from '../repositories/segments.js';
import type { UserRecord, UserRepository } from '../repositories/users.js';
import { type Actor, factsOf } from './actor.js';
import type { Mailer } from './mailer.js';

/** Who is asking: their account and roles (the policy has already let them in). */
export interface Viewer {
  userId: number;
  username: string;
  roles: readonly Role[];
}

const LEADERSHIP: readonly Role[] = ['principal', 'vice_principal'];
const isLeadership = (roles: readonly Role[]) => roles.some((r) => LEADERSHIP.includes(r));

/** What the case service offers an incident turned into a case (R7.1 → R4.3). */
export type OpenCaseFromIncident = (trx: Trx, i: IncidentRecord, title: string, actor: Actor) => Promise<number>;

/**
 * R7.1, R4.1: a guard (or any staff) reports an incident; leadership hears of it at once (in the
 * app, and by email when SMTP is set), acknowledges, assigns, comments, and closes it or turns it
 * into a case. Its cameras' footage around its time is held while it is open (R3.2).
 */
export class IncidentService {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly history: HistoryRepository,
    private readonly holds: HoldRepository,
    private readonly notifications: NotificationRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly mailer: Mailer,
    private readonly o: { dir: string; cameraExists: (id: number) => Promise<boolean>; openCase: () => OpenCaseFromIncident; now: () => number },
  ) {}

  async report(input: z.output<typeof IncidentInput>, viewer: Viewer, actor: Actor): Promise<IncidentDetail> {
    const nowMs = this.o.now();
    const cameraIds = [...new Set(input.cameraIds)];
    const report = { ...input, cameraIds, occurredAtMs: input.occurredAt, endedAtMs: input.endedAt ?? null };
    const problem = incidentReportProblem(report, nowMs);
    if (problem) throw invalid('incident.invalid', problem);
    for (const id of cameraIds) if (!(await this.o.cameraExists(id))) throw notFound(WHAT.camera);
    if (input.snapshot && input.snapshotCameraId && !cameraIds.includes(input.snapshotCameraId)) {
      throw invalid('incident.snapshotCamera', { vi: 'Ảnh chụp phải từ một trong các camera đã chọn.', en: 'The snapshot must come from one of the chosen cameras.' });
    }
    const leaders = (await this.users.list()).filter((u) => u.disabledAt === null && isLeadership(u.roles));
    const id = await this.incidents.transaction(async (trx) => {
      const iid = await this.incidents.insert(trx, {
        occurredAtMs: report.occurredAtMs, endedAtMs: report.endedAtMs, place: input.place, cameraIds, category: input.category,
        urgency: input.urgency, description: input.description, state: 'reported', reportedBy: viewer.userId, assigneeId: null, caseId: null,
        snapshotPath: null, snapshotCameraId: input.snapshot ? (input.snapshotCameraId ?? cameraIds[0] ?? null) : null, createdAtMs: nowMs, updatedAtMs: nowMs,
      });
      await this.history.add(trx, { kind: 'incident', id: iid, atMs: nowMs, actor: viewer.username, event: 'report', from: null, to: 'reported', note: null });
      // R3.2: the footage around it is kept while the incident is open.
      const range = incidentHoldRange(report);
      for (const cameraId of range.cameraIds) {
        await this.holds.create({
          cameraId, startMs: range.startMs, endMs: range.endMs, kind: 'incident', subjectId: iid, reason: `Sự việc #${iid}: ${input.description.slice(0, 120)}`,
          createdBy: viewer.username, createdAt: nowMs, untilMs: null,
        }, trx);
      }
      if (input.snapshot) {
        // Written before the commit: a snapshot whose incident rolled back is an orphan file, never the reverse.
        const path = await this.saveSnapshot(iid, input.snapshot);
        await this.incidents.update(trx, iid, { snapshotPath: path }, nowMs);
      }
      await this.notifications.add(trx, {
        userIds: leaders.map((u) => u.id), kind: 'incident.reported', subjectKind: 'incident', subjectId: iid, atMs: nowMs,
        title: noticeTitle(iid, input),
      });
      await this.audit.append(trx, factsOf(actor, nowMs, {
        action: 'incident.report', resourceType: 'incident', resourceId: iid, cameraId: cameraIds[0] ?? null,
        detail: { cameraIds, category: input.category, urgency: input.urgency, occurredAtMs: report.occurredAtMs, snapshot: Boolean(input.snapshot) },
      }));
      return iid;
    });
    // After the commit, never holding it up: an unreachable mail server does not lose the report.
    this.mailer.send(leaders.flatMap((u) => (u.email ? [u.email] : [])), noticeTitle(id, input), mailBody(id, input));
    return this.detail(id, viewer);
  }

  async list(viewer: Viewer, which: string): Promise<Incident[]> {
    const states: readonly IncidentState[] | undefined = which === 'all' ? undefined
      : which === 'open' ? (['reported', 'acknowledged', 'in_progress'] as const) : [which as IncidentState];
    // R4.1: leadership sees every incident; others those they reported or were given.
    const rows = await this.incidents.list({ ...(states ? { states } : {}), ...(isLeadership(viewer.roles) ? {} : { involving: viewer.userId }) });
    const names = await this.names();
    return rows.map((r) => this.toIncident(r, names));
  }

  async detail(id: number, viewer: Viewer): Promise<IncidentDetail> {
    const r = await this.visible(id, viewer);
    const names = await this.names();
    const actor = incidentActor({ userId: viewer.userId, roles: viewer.roles }, r);
    return {
      ...this.toIncident(r, names),
      history: await this.history.of('incident', id),
      allowedEvents: eventsAllowed(INCIDENT_MACHINE, r.state, actor).filter((e) => e !== 'report'),
      holds: (await this.holds.of('incident', id)).map((h) => ({ ...h, kind: 'incident' as const, createdAtMs: h.createdAt, releasedAtMs: h.releasedAt })),
    };
  }

  async snapshot(id: number, viewer: Viewer): Promise<{ bytes: Buffer; cameraId: number | null }> {
    const r = await this.visible(id, viewer);
    if (!r.snapshotPath) throw notFound({ vi: 'ảnh chụp của sự việc', en: "the incident's snapshot" });
    return { bytes: await readFile(join(this.o.dir, r.snapshotPath)), cameraId: r.snapshotCameraId };
  }

  async act(id: number, input: z.output<typeof IncidentEventInput>, viewer: Viewer, actor: Actor): Promise<IncidentDetail> {
    const r = await this.visible(id, viewer);
    const outcome = transition(INCIDENT_MACHINE, r.state, input.event, incidentActor({ userId: viewer.userId, roles: viewer.roles }, r));
    if (!outcome.ok) throw new AppError(outcome.problem.code === 'workflow.notAllowed' ? 403 : 409, outcome.problem.code, outcome.problem);
    let assignee: UserRecord | undefined;
    if (input.event === 'assign') {
      assignee = await this.users.byUsername(input.assignee);
      if (!assignee || assignee.disabledAt !== null) throw notFound({ vi: `tài khoản "${input.assignee}"`, en: `account "${input.assignee}"` });
    }
    const nowMs = this.o.now();
    await this.incidents.transaction(async (trx) => {
      const note = 'note' in input ? (input.note ?? null) : null;
      let caseId: number | null = null;
      if (input.event === 'turn_into_case') {
        caseId = await this.o.openCase()(trx, r, input.title ?? `Sự việc #${r.id}: ${r.place}`, actor);
      }
      await this.incidents.update(trx, id, {
        state: outcome.to,
        ...(assignee ? { assigneeId: assignee.id } : {}),
        ...(caseId !== null ? { caseId } : {}),
      }, nowMs);
      await this.history.add(trx, {
        kind: 'incident', id, atMs: nowMs, actor: viewer.username, event: input.event, from: r.state, to: outcome.to,
        note: assignee ? [`→ ${assignee.fullName} (${assignee.username})`, note].filter(Boolean).join(' — ') : caseId !== null ? [`→ #${caseId}`, note].filter(Boolean).join(' — ') : note,
      });
      // The footage stays held while the incident is open; a case holds its own from here (R3.2, R4.3).
      if (incidentIsOpen(r.state) && !incidentIsOpen(outcome.to)) {
        await this.holds.releaseAll('incident', id, nowMs, viewer.username, outcome.to === 'closed' ? 'Sự việc đã đóng' : `Chuyển thành vụ việc #${caseId}`, trx);
      }
      if (assignee && assignee.id !== viewer.userId) {
        await this.notifications.add(trx, {
          userIds: [assignee.id], kind: 'incident.assigned', subjectKind: 'incident', subjectId: id, atMs: nowMs,
          title: { vi: `Bạn được giao xử lý sự việc #${id}: ${r.place}`, en: `You were assigned incident #${id}: ${r.place}` },
        });
      }
      if (input.event !== 'comment' && r.reportedBy !== viewer.userId) {
        await this.notifications.add(trx, {
          userIds: [r.reportedBy], kind: `incident.${input.event}`, subjectKind: 'incident', subjectId: id, atMs: nowMs,
          title: { vi: `Sự việc #${id}: ${INCIDENT_MACHINE.events[input.event].vi}`, en: `Incident #${id}: ${INCIDENT_MACHINE.events[input.event].en}` },
        });
      }
      await this.audit.append(trx, factsOf(actor, nowMs, {
        action: `incident.${input.event}`, resourceType: 'incident', resourceId: id, cameraId: r.cameraIds[0] ?? null,
        detail: { from: r.state, to: outcome.to, ...(assignee ? { assignee: assignee.username } : {}), ...(caseId !== null ? { caseId } : {}) },
      }));
    });
    return this.detail(id, viewer);
  }

  /** An incident the viewer may not see answers as if it did not exist. */
  private async visible(id: number, viewer: Viewer): Promise<IncidentRecord> {
    const r = await this.incidents.get(id);
    if (!r || (!isLeadership(viewer.roles) && r.reportedBy !== viewer.userId && r.assigneeId !== viewer.userId)) {
      throw notFound({ vi: 'sự việc', en: 'incident' });
    }
    return r;
  }

  private async saveSnapshot(id: number, dataUrl: string): Promise<string> {
    const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    // A JPEG starts FF D8 FF: anything else is not a picture, whatever its label said.
    if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) {
      throw invalid('incident.snapshot', { vi: 'Ảnh chụp không phải tệp JPEG hợp lệ.', en: 'The snapshot is not a valid JPEG.' });
    }
    const rel = join(String(id), 'snapshot.jpg');
    await mkdir(join(this.o.dir, String(id)), { recursive: true, mode: 0o700 });
    const file = join(this.o.dir, rel);
    await writeFile(`${file}.part`, bytes, { mode: 0o600 });
    await rename(`${file}.part`, file);
    return rel;
  }

  private async names(): Promise<Map<number, { username: string; displayName: string }>> {
    return new Map((await this.users.list()).map((u) => [u.id, { username: u.username, displayName: u.fullName }]));
  }

  private toIncident(r: IncidentRecord, names: Map<number, { username: string; displayName: string }>): Incident {
    return {
      id: r.id, occurredAtMs: r.occurredAtMs, endedAtMs: r.endedAtMs, place: r.place, cameraIds: r.cameraIds, category: r.category,
      urgency: r.urgency, description: r.description, state: r.state,
      reportedBy: names.get(r.reportedBy) ?? { username: '?', displayName: '?' },
      assignee: r.assigneeId === null ? null : (names.get(r.assigneeId) ?? null),
      caseId: r.caseId, hasSnapshot: r.snapshotPath !== null, createdAtMs: r.createdAtMs, updatedAtMs: r.updatedAtMs,
    };
  }
}

function noticeTitle(id: number, i: { urgency: keyof typeof INCIDENT_URGENCY_LABELS; category: keyof typeof INCIDENT_CATEGORY_LABELS; place: string }) {
  const u = INCIDENT_URGENCY_LABELS[i.urgency];
  const c = INCIDENT_CATEGORY_LABELS[i.category];
  return { vi: `Sự việc #${id} (${u.vi}): ${c.vi} — ${i.place}`, en: `Incident #${id} (${u.en}): ${c.en} — ${i.place}` };
}

function mailBody(id: number, i: { description: string; place: string; occurredAt: number }): string {
  const when = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }).format(new Date(i.occurredAt));
  return `Sự việc #${id}\nThời gian: ${when}\nĐịa điểm: ${i.place}\n\n${i.description}\n\nMở Vigil để tiếp nhận và xử lý (Incidents → #${id}).`;
}
