import { randomBytes } from 'node:crypto';
import type { ReasonCode } from '../../domain/reasons.js';
import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

export interface Viewing {
  id: string;
  sessionIdHash: string;
  userId: number;
  cameraIds: number[];
  reasonCode: ReasonCode;
  reasonText: string;
  createdAtMs: number;
  expiresAtMs: number;
}

/** A "session of viewing" recorded footage: the reason is asked once, then used for every range played. */
export class ViewingRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(trx: Trx, v: Omit<Viewing, 'id'>): Promise<Viewing> {
    const id = randomBytes(16).toString('base64url');
    await trx.insertInto('viewings').values({
      id, session_id_hash: v.sessionIdHash, user_id: v.userId, camera_ids: JSON.stringify(v.cameraIds), reason_code: v.reasonCode,
      reason_text: v.reasonText, created_at: v.createdAtMs, expires_at: v.expiresAtMs,
    }).execute();
    return { id, ...v };
  }

  async get(id: string): Promise<Viewing | undefined> {
    const r = await this.db.selectFrom('viewings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      id: r.id, sessionIdHash: r.session_id_hash, userId: r.user_id, cameraIds: JSON.parse(r.camera_ids) as number[],
      reasonCode: r.reason_code as ReasonCode, reasonText: r.reason_text, createdAtMs: Number(r.created_at), expiresAtMs: Number(r.expires_at),
    };
  }
}
