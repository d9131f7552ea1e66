import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { CameraTable } from '../db/schema.js';
import type { Trx } from './segments.js';
import type { CameraFacts } from '../../domain/policy.js';

export type CameraRow = Selectable<CameraTable>;

export class CameraRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<CameraRow[]> {
    return this.db.selectFrom('cameras').selectAll().orderBy('id').execute();
  }

  get(id: number): Promise<CameraRow | undefined> {
    return this.db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byName(name: string): Promise<CameraRow | undefined> {
    return this.db.selectFrom('cameras').selectAll().where('name', '=', name).executeTakeFirst();
  }

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  insert(trx: Trx, row: Insertable<CameraTable>): Promise<CameraRow> {
    return trx.insertInto('cameras').values(row).returningAll().executeTakeFirstOrThrow();
  }

  update(trx: Trx, id: number, patch: Updateable<CameraTable>): Promise<CameraRow | undefined> {
    return trx.updateTable('cameras').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async remove(trx: Trx, id: number): Promise<void> {
    await trx.deleteFrom('gaps').where('camera_id', '=', id).execute();
    await trx.deleteFrom('recording_spans').where('camera_id', '=', id).execute();
    await trx.deleteFrom('cameras').where('id', '=', id).execute();
  }

  /** What the policy needs of each camera: its owner, and whether the guards watch it (R6). */
  async facts(id?: number): Promise<CameraFacts[]> {
    let q = this.db.selectFrom('cameras').innerJoin('units', 'units.id', 'cameras.owner_unit_id')
      .select(['cameras.id as id', 'cameras.owner_unit_id as unitId', 'units.kind as kind', 'units.guards_watch as guardsWatch']);
    if (id !== undefined) q = q.where('cameras.id', '=', id);
    const rows = await q.orderBy('cameras.id').execute();
    return rows.map((r) => ({ id: r.id, unitId: r.unitId, guardsWatch: r.kind === 'guards' || r.guardsWatch === 1 }));
  }

  async hasFootage(id: number): Promise<boolean> {
    const row = await this.db.selectFrom('segments').select('id').where('camera_id', '=', id).limit(1).executeTakeFirst();
    return row !== undefined;
  }
}
