import { AppError, WHAT, invalid, notFound } from '../errors.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { UserRepository } from '../repositories/users.js';
import type { WorkOrder, WorkOrderRepository } from '../repositories/work-orders.js';
import { type Actor, factsOf } from './actor.js';

/** R8.2: a work order puts cameras in a vendor's hands while it is open — and no others. */
export class WorkOrderService {
  constructor(
    private readonly orders: WorkOrderRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly cameraExists: (id: number) => Promise<boolean>,
    private readonly now: () => number,
  ) {}

  async create(input: { title: string; vendorUsername?: string | null | undefined; cameraIds: number[] }, actor: Actor): Promise<WorkOrder> {
    let vendorUserId: number | null = null;
    if (input.vendorUsername) {
      const vendor = await this.users.byUsername(input.vendorUsername);
      if (!vendor) throw notFound({ vi: `tài khoản "${input.vendorUsername}"`, en: `account "${input.vendorUsername}"` });
      if (!vendor.roles.includes('vendor')) {
        throw invalid('workorder.notVendor', { vi: `"${vendor.username}" không phải tài khoản nhà cung cấp.`, en: `"${vendor.username}" is not a vendor account.` });
      }
      vendorUserId = vendor.id;
    }
    const cameraIds = [...new Set(input.cameraIds)];
    for (const id of cameraIds) if (!(await this.cameraExists(id))) throw notFound(WHAT.camera);
    const nowMs = this.now();
    const id = await this.orders.transaction(async (trx) => {
      const wid = await this.orders.insert(trx, { title: input.title, vendorUserId, cameraIds, createdBy: actor.name, createdAtMs: nowMs });
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'workorder.create', resourceType: 'work_order', resourceId: wid, detail: { title: input.title, vendorUserId, cameraIds } }));
      return wid;
    });
    return { id, title: input.title, vendorUserId, cameraIds, status: 'open', createdBy: actor.name, createdAtMs: nowMs, closedAtMs: null };
  }

  async close(id: number, actor: Actor): Promise<WorkOrder> {
    const w = await this.orders.get(id);
    if (!w) throw notFound({ vi: 'phiếu công việc', en: 'work order' });
    if (w.status === 'closed') throw new AppError(409, 'workorder.closed', { vi: 'Phiếu này đã đóng.', en: 'This work order is already closed.' });
    const nowMs = this.now();
    await this.orders.transaction(async (trx) => {
      await this.orders.close(trx, id, nowMs);
      await this.audit.append(trx, factsOf(actor, nowMs, { action: 'workorder.close', resourceType: 'work_order', resourceId: id }));
    });
    return { ...w, status: 'closed', closedAtMs: nowMs };
  }

  list(vendorUserId?: number): Promise<WorkOrder[]> {
    return this.orders.list(vendorUserId);
  }
}
