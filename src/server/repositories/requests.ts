import type { Selectable } from 'kysely';
import type { RequestNeed, RequestPurpose, StoredRequestState } from '../../domain/workflows/outsider-request.js';
import type { Db } from '../db/connect.js';
import type { OutsiderRequestTable } from '../db/schema.js';
import type { Trx } from './segments.js';

export interface RequestRecord {
  id: number;
  trackingCode: string;
  requesterName: string;
  organisation: string;
  contactEmail: string | null;
  contactPhone: string | null;
  purpose: RequestPurpose;
  cameraIds: number[];
  places: string;
  fromMs: number;
  toMs: number;
  needs: RequestNeed[];
  legalBasis: string;
  description: string;
  state: StoredRequestState;
  submittedAtMs: number;
  decidedBy: string | null;
  decidedAtMs: number | null;
  refusalReason: string | null;
  grantId: number | null;
  requesterUserId: number | null;
  validUntilMs: number | null;
  revokedBy: string | null;
  revokedAtMs: number | null;
}

type Decision = Partial<Pick<RequestRecord, 'state' | 'decidedBy' | 'decidedAtMs' | 'refusalReason' | 'grantId' | 'requesterUserId' | 'validUntilMs' | 'revokedBy' | 'revokedAtMs'>>;

/** R4.2: outsiders' requests for footage. */
export class RequestRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(trx: Trx, r: Omit<RequestRecord, 'id'>): Promise<number> {
    const { id } = await trx.insertInto('outsider_requests').values({
      tracking_code: r.trackingCode, requester_name: r.requesterName, organisation: r.organisation, contact_email: r.contactEmail,
      contact_phone: r.contactPhone, purpose: r.purpose, camera_ids: JSON.stringify(r.cameraIds), places: r.places, from_ms: r.fromMs, to_ms: r.toMs,
      needs: JSON.stringify(r.needs), legal_basis: r.legalBasis, description: r.description, state: r.state, submitted_at: r.submittedAtMs,
      decided_by: r.decidedBy, decided_at: r.decidedAtMs, refusal_reason: r.refusalReason, grant_id: r.grantId, requester_user_id: r.requesterUserId,
      valid_until: r.validUntilMs, revoked_by: r.revokedBy, revoked_at: r.revokedAtMs,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async get(id: number, trx: Trx | Db = this.db): Promise<RequestRecord | undefined> {
    const r = await trx.selectFrom('outsider_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  async byCode(code: string): Promise<RequestRecord | undefined> {
    const r = await this.db.selectFrom('outsider_requests').selectAll().where('tracking_code', '=', code).executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  async byGrant(grantId: number): Promise<RequestRecord | undefined> {
    const r = await this.db.selectFrom('outsider_requests').selectAll().where('grant_id', '=', grantId).executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  /** Newest first. */
  async list(states?: readonly StoredRequestState[]): Promise<RequestRecord[]> {
    let q = this.db.selectFrom('outsider_requests').selectAll();
    if (states) q = q.where('state', 'in', states as StoredRequestState[]);
    return (await q.orderBy('id', 'desc').limit(500).execute()).map(toRecord);
  }

  async decide(trx: Trx, id: number, d: Decision): Promise<void> {
    await trx.updateTable('outsider_requests').set({
      ...(d.state !== undefined ? { state: d.state } : {}),
      ...(d.decidedBy !== undefined ? { decided_by: d.decidedBy } : {}),
      ...(d.decidedAtMs !== undefined ? { decided_at: d.decidedAtMs } : {}),
      ...(d.refusalReason !== undefined ? { refusal_reason: d.refusalReason } : {}),
      ...(d.grantId !== undefined ? { grant_id: d.grantId } : {}),
      ...(d.requesterUserId !== undefined ? { requester_user_id: d.requesterUserId } : {}),
      ...(d.validUntilMs !== undefined ? { valid_until: d.validUntilMs } : {}),
      ...(d.revokedBy !== undefined ? { revoked_by: d.revokedBy } : {}),
      ...(d.revokedAtMs !== undefined ? { revoked_at: d.revokedAtMs } : {}),
    }).where('id', '=', id).execute();
  }
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function toRecord(r: Selectable<OutsiderRequestTable>): RequestRecord {
  return {
    id: r.id, trackingCode: r.tracking_code, requesterName: r.requester_name, organisation: r.organisation, contactEmail: r.contact_email,
    contactPhone: r.contact_phone, purpose: r.purpose as RequestPurpose, cameraIds: JSON.parse(r.camera_ids) as number[], places: r.places,
    fromMs: Number(r.from_ms), toMs: Number(r.to_ms), needs: JSON.parse(r.needs) as RequestNeed[], legalBasis: r.legal_basis, description: r.description,
    state: r.state as StoredRequestState, submittedAtMs: Number(r.submitted_at), decidedBy: r.decided_by, decidedAtMs: num(r.decided_at),
    refusalReason: r.refusal_reason, grantId: r.grant_id, requesterUserId: r.requester_user_id, validUntilMs: num(r.valid_until),
    revokedBy: r.revoked_by, revokedAtMs: num(r.revoked_at),
  };
}
