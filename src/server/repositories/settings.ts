import type { z } from 'zod';
import type { Db } from '../db/connect.js';

/** Settings as validated JSON values under a key; a bad stored value falls back to the default. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  async get<T>(key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    if (!row) return fallback;
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : fallback;
  }

  async set(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    await this.db.insertInto('settings').values({ key, value: json })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json })).execute();
  }
}
