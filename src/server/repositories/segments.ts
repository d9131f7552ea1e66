import { sql, type Transaction } from 'kysely';
import { SPAN_TOLERANCE_MS, mergeSpans, subtract, type TimeRange } from '../../domain/timeline.js';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';

export interface NewSegment {
  cameraId: number;
  startMs: number;
  endMs: number;
  sizeBytes: number;
  sha256: string;
  path: string;
}

export interface SegmentRow extends NewSegment {
  id: number;
  status: 'ok' | 'missing';
}

export type Trx = Transaction<Database>;

const columns = [
  'id', 'camera_id as cameraId', 'start_ms as startMs', 'end_ms as endMs', 'size_bytes as sizeBytes',
  'sha256', 'path', 'status',
] as const;

/** The segment index, the recorded spans derived from it, and the gaps between them. */
export class SegmentRepository {
  constructor(private readonly db: Db) {}

  /**
   * Index a closed segment: row, span and gap bookkeeping in one transaction. Idempotent on the
   * path, so indexing the same file twice (a crash between rename and commit) adds no duplicate.
   */
  async index(seg: NewSegment, nowMs: number, gapReason = 'no_recording'): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('segments')
        .values({
          camera_id: seg.cameraId, start_ms: seg.startMs, end_ms: seg.endMs, size_bytes: seg.sizeBytes,
          sha256: seg.sha256, path: seg.path, status: 'ok', indexed_at: nowMs,
        })
        .onConflict((oc) => oc.column('path').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await this.recordGapBefore(trx, seg, gapReason);
      await this.addToSpans(trx, seg.cameraId, { startMs: seg.startMs, endMs: seg.endMs });
      return true;
    });
  }

  /** Close an open gap at this segment's start, or write the hole before it as a gap. */
  private async recordGapBefore(trx: Trx, seg: NewSegment, reason: string): Promise<void> {
    await trx.updateTable('gaps').set({ end_ms: seg.startMs })
      .where('camera_id', '=', seg.cameraId).where('end_ms', 'is', null).where('start_ms', '<=', seg.startMs)
      .execute();
    // An open gap that began after this segment started (a late salvage) covers nothing.
    await trx.deleteFrom('gaps')
      .where('camera_id', '=', seg.cameraId).where('end_ms', 'is', null).where('start_ms', '<', seg.endMs)
      .execute();
    const prev = await trx
      .selectFrom('segments')
      .select(['end_ms'])
      .where('camera_id', '=', seg.cameraId)
      .where('start_ms', '<', seg.startMs)
      .where('path', '!=', seg.path)
      .orderBy('start_ms', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!prev || seg.startMs - prev.end_ms <= SPAN_TOLERANCE_MS) return;
    const covered = await trx
      .selectFrom('gaps')
      .select('id')
      .where('camera_id', '=', seg.cameraId)
      .where('start_ms', '<', seg.startMs)
      .where((eb) => eb.or([eb('end_ms', 'is', null), eb('end_ms', '>', prev.end_ms)]))
      .limit(1)
      .executeTakeFirst();
    if (covered) return;
    await trx.insertInto('gaps').values({ camera_id: seg.cameraId, start_ms: prev.end_ms, end_ms: seg.startMs, reason }).execute();
  }

  private async addToSpans(trx: Trx, cameraId: number, range: TimeRange): Promise<void> {
    const near = await trx
      .selectFrom('recording_spans')
      .select(['id', 'start_ms as startMs', 'end_ms as endMs'])
      .where('camera_id', '=', cameraId)
      .where('end_ms', '>=', range.startMs - SPAN_TOLERANCE_MS)
      .where('start_ms', '<=', range.endMs + SPAN_TOLERANCE_MS)
      .execute();
    const merged = mergeSpans([...near, range]);
    if (near.length === 1 && merged.length === 1 && near[0]) {
      const only = merged[0] as TimeRange;
      await trx.updateTable('recording_spans').set({ start_ms: only.startMs, end_ms: only.endMs }).where('id', '=', near[0].id).execute();
      return;
    }
    if (near.length > 0) await trx.deleteFrom('recording_spans').where('id', 'in', near.map((n) => n.id)).execute();
    for (const m of merged) {
      await trx.insertInto('recording_spans').values({ camera_id: cameraId, start_ms: m.startMs, end_ms: m.endMs }).execute();
    }
  }

  /** Take ranges out of a camera's spans (deleted by retention, or found missing). */
  private async removeFromSpans(trx: Trx, cameraId: number, removed: TimeRange[]): Promise<void> {
    if (removed.length === 0) return;
    const lo = Math.min(...removed.map((r) => r.startMs));
    const hi = Math.max(...removed.map((r) => r.endMs));
    const spans = await trx
      .selectFrom('recording_spans')
      .select(['id', 'start_ms as startMs', 'end_ms as endMs'])
      .where('camera_id', '=', cameraId)
      .where('end_ms', '>', lo)
      .where('start_ms', '<', hi)
      .execute();
    for (const s of spans) {
      const pieces = subtract(s, removed);
      await trx.deleteFrom('recording_spans').where('id', '=', s.id).execute();
      for (const p of pieces) {
        await trx.insertInto('recording_spans').values({ camera_id: cameraId, start_ms: p.startMs, end_ms: p.endMs }).execute();
      }
    }
  }

  async openGap(cameraId: number, startMs: number, reason: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const open = await trx.selectFrom('gaps').select('id').where('camera_id', '=', cameraId).where('end_ms', 'is', null).executeTakeFirst();
      if (open) return;
      await trx.insertInto('gaps').values({ camera_id: cameraId, start_ms: startMs, end_ms: null, reason }).execute();
    });
  }

  latest(cameraId: number): Promise<SegmentRow | undefined> {
    return this.db.selectFrom('segments').select(columns).where('camera_id', '=', cameraId)
      .orderBy('start_ms', 'desc').limit(1).executeTakeFirst();
  }

  byPath(path: string): Promise<SegmentRow | undefined> {
    return this.db.selectFrom('segments').select(columns).where('path', '=', path).executeTakeFirst();
  }

  /** Segments of a camera overlapping a range, in order (for clips). */
  overlapping(cameraId: number, range: TimeRange): Promise<SegmentRow[]> {
    return this.db
      .selectFrom('segments')
      .select(columns)
      .where('camera_id', '=', cameraId)
      .where('status', '=', 'ok')
      // Segments are at most a minute long: bound the index scan from below.
      .where('start_ms', '>', range.startMs - 120_000)
      .where('start_ms', '<', range.endMs)
      .where('end_ms', '>', range.startMs)
      .orderBy('start_ms')
      .execute();
  }

  async timeline(cameraId: number, range: TimeRange, nowMs: number) {
    const spans = await this.db
      .selectFrom('recording_spans')
      .select(['start_ms as startMs', 'end_ms as endMs'])
      .where('camera_id', '=', cameraId)
      .where('end_ms', '>', range.startMs)
      .where('start_ms', '<', range.endMs)
      .orderBy('start_ms')
      .execute();
    const gaps = await this.db
      .selectFrom('gaps')
      .select(['start_ms as startMs', 'end_ms as endMs', 'reason'])
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', range.endMs)
      .where((eb) => eb.or([eb('end_ms', 'is', null), eb('end_ms', '>', range.startMs)]))
      .orderBy('start_ms')
      .execute();
    return { spans, gaps: gaps.map((g) => ({ ...g, endMs: g.endMs ?? nowMs, open: g.endMs === null })) };
  }

  /** The oldest segments across all cameras, after a cursor: the sweeper's batches. */
  oldest(after: { startMs: number; id: number } | null, limit: number): Promise<SegmentRow[]> {
    let q = this.db.selectFrom('segments').select(columns).where('status', '=', 'ok');
    if (after) {
      q = q.where((eb) => eb.or([
        eb('start_ms', '>', after.startMs),
        eb.and([eb('start_ms', '=', after.startMs), eb('id', '>', after.id)]),
      ]));
    }
    return q.orderBy('start_ms').orderBy('id').limit(limit).execute();
  }

  async byIds(ids: number[]): Promise<SegmentRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('segments').select(columns).where('id', 'in', ids).execute();
  }

  /** Remove rows (retention) with their spans, and log what went, in one transaction. */
  async removeForRetention(
    segs: SegmentRow[], reason: string, nowMs: number,
    alsoInTransaction?: (trx: Trx, cameraId: number, list: SegmentRow[]) => Promise<void>,
  ): Promise<void> {
    const byCamera = groupByCamera(segs);
    await this.db.transaction().execute(async (trx) => {
      for (const [cameraId, list] of byCamera) {
        for (let i = 0; i < list.length; i += 500) {
          await trx.deleteFrom('segments').where('id', 'in', list.slice(i, i + 500).map((s) => s.id)).execute();
        }
        await this.removeFromSpans(trx, cameraId, list);
        await trx.insertInto('retention_log').values({
          at_ms: nowMs, camera_id: cameraId, reason, segments: list.length,
          bytes: list.reduce((n, s) => n + s.sizeBytes, 0),
          from_ms: Math.min(...list.map((s) => s.startMs)), to_ms: Math.max(...list.map((s) => s.endMs)),
        }).execute();
        await alsoInTransaction?.(trx, cameraId, list);
        // Footage deleted by retention is no longer a "gap": drop gaps that ended before it.
        await trx.deleteFrom('gaps').where('camera_id', '=', cameraId)
          .where('end_ms', '<=', Math.max(...list.map((s) => s.endMs))).execute();
      }
    });
  }

  /** Rows whose file is gone stay in the index, marked missing (never silently dropped). */
  async markMissing(segs: SegmentRow[], nowMs: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [cameraId, list] of groupByCamera(segs)) {
        await trx.updateTable('segments').set({ status: 'missing' }).where('id', 'in', list.map((s) => s.id)).execute();
        await this.removeFromSpans(trx, cameraId, list);
        await trx.insertInto('system_events').values({
          at_ms: nowMs, kind: 'segments_missing', camera_id: cameraId,
          detail: JSON.stringify({ count: list.length, paths: list.slice(0, 50).map((s) => s.path) }),
        }).execute();
      }
    });
  }

  /** Count of indexed rows per UTC hour of a camera (the reconciler's quick check). */
  async hourCounts(cameraId: number): Promise<Map<number, number>> {
    const rows = await this.db
      .selectFrom('segments')
      .select([sql<number>`start_ms / 3600000`.as('hour'), sql<number>`count(*)`.as('n')])
      .where('camera_id', '=', cameraId)
      .where('status', '=', 'ok')
      .groupBy(sql`start_ms / 3600000`)
      .execute();
    return new Map(rows.map((r) => [Number(r.hour), Number(r.n)]));
  }

  inHour(cameraId: number, hour: number): Promise<SegmentRow[]> {
    return this.db.selectFrom('segments').select(columns).where('camera_id', '=', cameraId).where('status', '=', 'ok')
      .where('start_ms', '>=', hour * 3_600_000).where('start_ms', '<', (hour + 1) * 3_600_000).execute();
  }

  async usageByCamera(): Promise<Array<{ cameraId: number; bytes: number; segments: number; oldestMs: number | null; newestMs: number | null }>> {
    const rows = await this.db
      .selectFrom('segments')
      .select([
        'camera_id as cameraId',
        sql<number>`sum(size_bytes)`.as('bytes'),
        sql<number>`count(*)`.as('segments'),
        sql<number>`min(start_ms)`.as('oldestMs'),
        sql<number>`max(end_ms)`.as('newestMs'),
      ])
      .where('status', '=', 'ok')
      .groupBy('camera_id')
      .execute();
    return rows.map((r) => ({ ...r, bytes: Number(r.bytes), segments: Number(r.segments) }));
  }
}

function groupByCamera(segs: SegmentRow[]): Map<number, SegmentRow[]> {
  const m = new Map<number, SegmentRow[]>();
  for (const s of segs) m.set(s.cameraId, [...(m.get(s.cameraId) ?? []), s]);
  return m;
}
