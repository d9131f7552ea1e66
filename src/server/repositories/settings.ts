import type { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

/** Settings as validated JSON values under a key; a bad stored value falls back to the default. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async get<T>(key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    if (!row) return fallback;
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : fallback;
  }

  async set(key: string, value: unknown, trx: Trx | Db = this.db): Promise<void> {
    const json = JSON.stringify(value);
    await trx.insertInto('settings').values({ key, value: json })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json })).execute();
  }
}
