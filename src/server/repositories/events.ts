import type { Db } from '../db/connect.js';

export interface SystemEvent {
  id: number;
  atMs: number;
  kind: string;
  cameraId: number | null;
  detail: unknown;
}

/** What the system itself did or noticed (disk filling up, files missing); the audit log is separate. */
export class SystemEventRepository {
  constructor(private readonly db: Db) {}

  async record(kind: string, cameraId: number | null, detail: unknown, atMs: number): Promise<void> {
    await this.db.insertInto('system_events').values({ at_ms: atMs, kind, camera_id: cameraId, detail: JSON.stringify(detail) }).execute();
  }

  async recent(limit: number): Promise<SystemEvent[]> {
    const rows = await this.db.selectFrom('system_events').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, atMs: r.at_ms, kind: r.kind, cameraId: r.camera_id, detail: JSON.parse(r.detail) as unknown }));
  }

  /** What retention deleted, newest first. */
  async deletions(limit: number) {
    return this.db.selectFrom('retention_log')
      .select(['at_ms as atMs', 'camera_id as cameraId', 'reason', 'segments', 'bytes', 'from_ms as fromMs', 'to_ms as toMs'])
      .orderBy('id', 'desc').limit(limit).execute();
  }
}
