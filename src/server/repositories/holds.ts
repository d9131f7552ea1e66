import type { Hold } from '../../domain/retention.js';
import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

export interface HoldRecord extends Hold {
  id: number;
  kind: string;
  reason: string;
  createdBy: string;
  createdAt: number;
  releasedAt: number | null;
}

const cols = [
  'id', 'camera_id as cameraId', 'start_ms as startMs', 'end_ms as endMs', 'kind', 'reason',
  'created_by as createdBy', 'created_at as createdAt', 'until_ms as untilMs', 'released_at as releasedAt',
] as const;

/** Footage kept whatever retention says: evidence, archive, open requests and complaints (R3.2). */
export class HoldRepository {
  constructor(private readonly db: Db) {}

  active(nowMs: number): Promise<HoldRecord[]> {
    return this.db.selectFrom('holds').select(cols).where('released_at', 'is', null)
      .where((eb) => eb.or([eb('until_ms', 'is', null), eb('until_ms', '>', nowMs)])).orderBy('id').execute();
  }

  get(id: number): Promise<HoldRecord | undefined> {
    return this.db.selectFrom('holds').select(cols).where('id', '=', id).executeTakeFirst();
  }

  create(h: Omit<HoldRecord, 'id' | 'releasedAt'>, trx: Trx | Db = this.db): Promise<HoldRecord> {
    return trx.insertInto('holds').values({
      camera_id: h.cameraId, start_ms: h.startMs, end_ms: h.endMs, kind: h.kind, reason: h.reason,
      created_by: h.createdBy, created_at: h.createdAt, until_ms: h.untilMs, released_at: null,
    }).returning(cols).executeTakeFirstOrThrow();
  }

  async release(id: number, nowMs: number, trx: Trx | Db = this.db): Promise<void> {
    await trx.updateTable('holds').set({ released_at: nowMs }).where('id', '=', id).execute();
  }
}
