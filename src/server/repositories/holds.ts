import type { Hold } from '../../domain/retention.js';
import type { HoldKind } from '../../domain/holds.js';
import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

export interface HoldRecord extends Hold {
  id: number;
  kind: string;
  /** The record that holds the footage (incident, case, request, complaint…), when there is one. */
  subjectId: number | null;
  reason: string;
  createdBy: string;
  createdAt: number;
  releasedAt: number | null;
}

const cols = [
  'id', 'camera_id as cameraId', 'start_ms as startMs', 'end_ms as endMs', 'kind', 'subject_id as subjectId', 'reason',
  'created_by as createdBy', 'created_at as createdAt', 'until_ms as untilMs', 'released_at as releasedAt',
] as const;

/** Footage kept whatever retention says: evidence, archive, open requests and complaints (R3.2). */
export class HoldRepository {
  constructor(private readonly db: Db) {}

  active(nowMs: number): Promise<HoldRecord[]> {
    return this.db.selectFrom('holds').select(cols).where('released_at', 'is', null)
      .where((eb) => eb.or([eb('until_ms', 'is', null), eb('until_ms', '>', nowMs)])).orderBy('id').execute();
  }

  /** Holds in force over a camera's footage between two instants (the timeline's held ranges). */
  overlapping(cameraId: number, fromMs: number, toMs: number, nowMs: number): Promise<HoldRecord[]> {
    return this.db.selectFrom('holds').select(cols).where('released_at', 'is', null)
      .where((eb) => eb.or([eb('until_ms', 'is', null), eb('until_ms', '>', nowMs)]))
      .where((eb) => eb.or([eb('camera_id', 'is', null), eb('camera_id', '=', cameraId)]))
      .where('start_ms', '<', toMs).where('end_ms', '>', fromMs).orderBy('start_ms').execute();
  }

  get(id: number): Promise<HoldRecord | undefined> {
    return this.db.selectFrom('holds').select(cols).where('id', '=', id).executeTakeFirst();
  }

  of(kind: HoldKind, subjectId: number, trx: Trx | Db = this.db): Promise<HoldRecord[]> {
    return trx.selectFrom('holds').select(cols).where('kind', '=', kind).where('subject_id', '=', subjectId).orderBy('id').execute();
  }

  create(h: Omit<HoldRecord, 'id' | 'releasedAt' | 'subjectId'> & { subjectId?: number | null }, trx: Trx | Db = this.db): Promise<HoldRecord> {
    return trx.insertInto('holds').values({
      camera_id: h.cameraId, start_ms: h.startMs, end_ms: h.endMs, kind: h.kind, reason: h.reason, subject_id: h.subjectId ?? null,
      created_by: h.createdBy, created_at: h.createdAt, until_ms: h.untilMs, released_at: null,
    }).returning(cols).executeTakeFirstOrThrow();
  }

  async release(id: number, nowMs: number, trx: Trx | Db = this.db, by: string | null = null, reason: string | null = null): Promise<void> {
    await trx.updateTable('holds').set({ released_at: nowMs, released_by: by, release_reason: reason }).where('id', '=', id).execute();
  }

  /** The record's footage is kept until `untilMs` (null: until further notice), e.g. a case closed + its retention. */
  async holdUntil(kind: HoldKind, subjectId: number, untilMs: number | null, trx: Trx | Db = this.db): Promise<void> {
    await trx.updateTable('holds').set({ until_ms: untilMs }).where('kind', '=', kind).where('subject_id', '=', subjectId)
      .where('released_at', 'is', null).execute();
  }

  /** The record no longer needs its footage (an incident closed, a request refused): every one of its holds ends. */
  async releaseAll(kind: HoldKind, subjectId: number, nowMs: number, by: string, reason: string, trx: Trx | Db = this.db): Promise<number> {
    const r = await trx.updateTable('holds').set({ released_at: nowMs, released_by: by, release_reason: reason })
      .where('kind', '=', kind).where('subject_id', '=', subjectId).where('released_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
