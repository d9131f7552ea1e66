import { type Action, type CameraFacts, type Decision, type Resource, type Subject, can } from '../../domain/policy.js';
import type { AccessGrantRepository } from '../repositories/grants.js';
import type { UserRecord } from '../repositories/users.js';
import type { WorkOrderRepository } from '../repositories/work-orders.js';

/** Builds what the policy needs to know of a user: roles, unit, live grants, the cameras on a vendor's work orders. */
export class AccessService {
  constructor(
    private readonly grants: AccessGrantRepository,
    private readonly workOrders: WorkOrderRepository,
    private readonly cameraFacts: (id?: number) => Promise<CameraFacts[]>,
    private readonly now: () => number,
  ) {}

  async subject(user: UserRecord): Promise<Subject> {
    const [grants, workOrderCameraIds] = await Promise.all([
      this.grants.activeFor(user.id, this.now()),
      user.roles.includes('vendor') ? this.workOrders.openCameraIds(user.id) : Promise.resolve([]),
    ]);
    return { userId: user.id, roles: user.roles, unitId: user.unitId, grants, workOrderCameraIds };
  }

  decide(subject: Subject, action: Action, resource: Resource): Decision {
    return can(subject, action, resource, this.now());
  }

  /** The cameras on which the user may take this action (lists show nothing else). */
  async cameraIds(subject: Subject, action: Action): Promise<Set<number>> {
    const facts = await this.cameraFacts();
    return new Set(facts.filter((camera) => can(subject, action, { kind: 'camera', camera }, this.now()).allowed).map((c) => c.id));
  }
}
