import type { Selectable } from 'kysely';
import type { IncidentCategory, IncidentState, IncidentUrgency } from '../../domain/workflows/incident.js';
import type { Db } from '../db/connect.js';
import type { IncidentTable } from '../db/schema.js';
import type { Trx } from './segments.js';

export interface IncidentRecord {
  id: number;
  occurredAtMs: number;
  endedAtMs: number | null;
  place: string;
  cameraIds: number[];
  category: IncidentCategory;
  urgency: IncidentUrgency;
  description: string;
  state: IncidentState;
  reportedBy: number;
  assigneeId: number | null;
  caseId: number | null;
  snapshotPath: string | null;
  snapshotCameraId: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** R7.1 incident reports. */
export class IncidentRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(trx: Trx, i: Omit<IncidentRecord, 'id'>): Promise<number> {
    const { id } = await trx.insertInto('incidents').values({
      occurred_at: i.occurredAtMs, ended_at: i.endedAtMs, place: i.place, camera_ids: JSON.stringify(i.cameraIds), category: i.category,
      urgency: i.urgency, description: i.description, state: i.state, reported_by: i.reportedBy, assignee_id: i.assigneeId,
      case_id: i.caseId, snapshot_path: i.snapshotPath, snapshot_camera_id: i.snapshotCameraId, created_at: i.createdAtMs, updated_at: i.updatedAtMs,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async get(id: number, trx: Trx | Db = this.db): Promise<IncidentRecord | undefined> {
    const r = await trx.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  /** Newest first; `involving` keeps those a user reported or was given. */
  async list(filter: { states?: readonly IncidentState[]; involving?: number }): Promise<IncidentRecord[]> {
    let q = this.db.selectFrom('incidents').selectAll();
    if (filter.states) q = q.where('state', 'in', filter.states as IncidentState[]);
    if (filter.involving !== undefined) {
      const u = filter.involving;
      q = q.where((eb) => eb.or([eb('reported_by', '=', u), eb('assignee_id', '=', u)]));
    }
    return (await q.orderBy('id', 'desc').limit(500).execute()).map(toRecord);
  }

  async update(trx: Trx, id: number, patch: Partial<Pick<IncidentRecord, 'state' | 'assigneeId' | 'caseId' | 'snapshotPath'>>, nowMs: number): Promise<void> {
    await trx.updateTable('incidents').set({
      ...(patch.state !== undefined ? { state: patch.state } : {}),
      ...(patch.assigneeId !== undefined ? { assignee_id: patch.assigneeId } : {}),
      ...(patch.caseId !== undefined ? { case_id: patch.caseId } : {}),
      ...(patch.snapshotPath !== undefined ? { snapshot_path: patch.snapshotPath } : {}),
      updated_at: nowMs,
    }).where('id', '=', id).execute();
  }
}

function toRecord(r: Selectable<IncidentTable>): IncidentRecord {
  return {
    id: r.id, occurredAtMs: Number(r.occurred_at), endedAtMs: r.ended_at === null ? null : Number(r.ended_at), place: r.place,
    cameraIds: JSON.parse(r.camera_ids) as number[], category: r.category as IncidentCategory, urgency: r.urgency as IncidentUrgency,
    description: r.description, state: r.state as IncidentState, reportedBy: r.reported_by, assigneeId: r.assignee_id, caseId: r.case_id,
    snapshotPath: r.snapshot_path, snapshotCameraId: r.snapshot_camera_id, createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at),
  };
}
