import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

export interface Unit {
  id: number;
  name: string;
  kind: 'guards' | 'room' | 'department' | 'other';
  /** R6: the guards watch this unit's cameras too (always true for the guards' post). */
  guardsWatch: boolean;
}

const cols = ['id', 'name', 'kind', 'guards_watch'] as const;
const toUnit = (r: { id: number; name: string; kind: Unit['kind']; guards_watch: number }): Unit => ({
  id: r.id, name: r.name, kind: r.kind, guardsWatch: r.kind === 'guards' || r.guards_watch === 1,
});

export class UnitRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<Unit[]> {
    return (await this.db.selectFrom('units').select(cols).orderBy('id').execute()).map(toUnit);
  }

  async get(id: number): Promise<Unit | undefined> {
    const r = await this.db.selectFrom('units').select(cols).where('id', '=', id).executeTakeFirst();
    return r ? toUnit(r) : undefined;
  }

  /** R6: the guards' post owns every camera outside a unit's area; there is always one. */
  async guards(nowMs: number): Promise<Unit> {
    const found = await this.db.selectFrom('units').select(cols).where('kind', '=', 'guards').executeTakeFirst();
    if (found) return toUnit(found);
    return this.create('Tổ bảo vệ', 'guards', nowMs);
  }

  async create(name: string, kind: Unit['kind'], nowMs: number, guardsWatch = false, trx: Trx | Db = this.db): Promise<Unit> {
    const r = await trx.insertInto('units').values({ name, kind, guards_watch: guardsWatch ? 1 : 0, created_at: nowMs }).returning(cols).executeTakeFirstOrThrow();
    return toUnit(r);
  }

  async update(id: number, patch: { name?: string | undefined; guardsWatch?: boolean | undefined }, trx: Trx | Db = this.db): Promise<Unit> {
    if (patch.name === undefined && patch.guardsWatch === undefined) {
      return toUnit(await trx.selectFrom('units').select(cols).where('id', '=', id).executeTakeFirstOrThrow());
    }
    const r = await trx.updateTable('units').set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.guardsWatch !== undefined ? { guards_watch: patch.guardsWatch ? 1 : 0 } : {}),
    }).where('id', '=', id).returning(cols).executeTakeFirstOrThrow();
    return toUnit(r);
  }
}
