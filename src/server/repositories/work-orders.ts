import type { Db } from '../db/connect.js';
import type { Trx } from './segments.js';

export interface WorkOrder {
  id: number;
  title: string;
  vendorUserId: number | null;
  cameraIds: number[];
  status: 'open' | 'closed';
  createdBy: string;
  createdAtMs: number;
  closedAtMs: number | null;
}

/**
 * R8.2: maintenance work orders — here only what decides a vendor's camera scope (the cameras on
 * its open work orders); checklists, parts and sign-off come with the maintenance issue.
 */
export class WorkOrderRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(trx: Trx, w: Omit<WorkOrder, 'id' | 'status' | 'closedAtMs'>): Promise<number> {
    const { id } = await trx.insertInto('work_orders').values({
      title: w.title, vendor_user_id: w.vendorUserId, camera_ids: JSON.stringify(w.cameraIds), status: 'open',
      created_by: w.createdBy, created_at: w.createdAtMs, closed_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async get(id: number): Promise<WorkOrder | undefined> {
    const r = await this.db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toWorkOrder(r) : undefined;
  }

  async list(vendorUserId?: number): Promise<WorkOrder[]> {
    let q = this.db.selectFrom('work_orders').selectAll();
    if (vendorUserId !== undefined) q = q.where('vendor_user_id', '=', vendorUserId);
    return (await q.orderBy('id', 'desc').execute()).map(toWorkOrder);
  }

  async openCameraIds(vendorUserId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('work_orders').select('camera_ids').where('vendor_user_id', '=', vendorUserId).where('status', '=', 'open').execute();
    return [...new Set(rows.flatMap((r) => JSON.parse(r.camera_ids) as number[]))];
  }

  async close(trx: Trx, id: number, nowMs: number): Promise<void> {
    await trx.updateTable('work_orders').set({ status: 'closed', closed_at: nowMs }).where('id', '=', id).execute();
  }
}

function toWorkOrder(r: { id: number; title: string; vendor_user_id: number | null; camera_ids: string; status: 'open' | 'closed'; created_by: string; created_at: number; closed_at: number | null }): WorkOrder {
  return {
    id: r.id, title: r.title, vendorUserId: r.vendor_user_id, cameraIds: JSON.parse(r.camera_ids) as number[], status: r.status,
    createdBy: r.created_by, createdAtMs: Number(r.created_at), closedAtMs: r.closed_at === null ? null : Number(r.closed_at),
  };
}
