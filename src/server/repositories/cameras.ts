import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { CameraTable } from '../db/schema.js';

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

  insert(row: Insertable<CameraTable>): Promise<CameraRow> {
    return this.db.insertInto('cameras').values(row).returningAll().executeTakeFirstOrThrow();
  }

  update(id: number, patch: Updateable<CameraTable>): Promise<CameraRow | undefined> {
    return this.db.updateTable('cameras').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async remove(id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('gaps').where('camera_id', '=', id).execute();
      await trx.deleteFrom('recording_spans').where('camera_id', '=', id).execute();
      await trx.deleteFrom('cameras').where('id', '=', id).execute();
    });
  }

  async hasFootage(id: number): Promise<boolean> {
    const row = await this.db.selectFrom('segments').select('id').where('camera_id', '=', id).limit(1).executeTakeFirst();
    return row !== undefined;
  }
}
