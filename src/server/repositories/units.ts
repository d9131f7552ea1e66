import type { Db } from '../db/connect.js';

export interface Unit {
  id: number;
  name: string;
  kind: 'guards' | 'room' | 'department' | 'other';
}

export class UnitRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<Unit[]> {
    return this.db.selectFrom('units').select(['id', 'name', 'kind']).orderBy('id').execute();
  }

  async get(id: number): Promise<Unit | undefined> {
    return this.db.selectFrom('units').select(['id', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
  }

  /** R6: the guards' post owns every camera outside a unit's area; there is always one. */
  async guards(nowMs: number): Promise<Unit> {
    const found = await this.db.selectFrom('units').select(['id', 'name', 'kind']).where('kind', '=', 'guards').executeTakeFirst();
    if (found) return found;
    const row = await this.db
      .insertInto('units')
      .values({ name: 'Tổ bảo vệ', kind: 'guards', created_at: nowMs })
      .returning(['id', 'name', 'kind'])
      .executeTakeFirstOrThrow();
    return row;
  }

  async create(name: string, kind: Unit['kind'], nowMs: number): Promise<Unit> {
    return this.db.insertInto('units').values({ name, kind, created_at: nowMs }).returning(['id', 'name', 'kind']).executeTakeFirstOrThrow();
  }
}
