/**
 * Who may do what (roles table of requirements.md, R3.1, R4.1, R4.2, R6, R8.2). One declarative
 * table, role × action → scope, plus time-limited grants; `can()` is the only place that decides.
 * Pure: no I/O, the clock is passed in.
 */
import type { Role } from './roles.js';

/** Every action a route may ask about. A new route needs a row here, or the build fails. */
export const ACTIONS = [
  'self.session', // own session, password, two-factor: any signed-in user
  'unit.read',
  'unit.manage',
  'camera.read', // registry facts and health of a camera (no footage)
  'camera.manage', // create, edit, delete, test connection
  'footage.timeline', // where footage exists (spans and gaps), not the footage itself
  'footage.live', // R3.1: live view
  'footage.playback', // R3.1: recorded footage
  'footage.clip', // R2.3: a copy leaves the system — leadership or a grant the principal approved
  'storage.read',
  'settings.manage',
  'hold.read',
  'hold.manage',
  'account.read',
  'account.manage',
  'grant.read',
  'grant.manage', // R4.2: only the principal approves outsiders
  'workorder.read',
  'workorder.manage',
  'audit.read', // the principal only
  'incident.report', // R7.1: guards (and any staff) report what they see
  'incident.read', // leadership all; others the incidents they reported or were given
  'incident.manage', // R4.1: leadership acknowledges, assigns, closes, turns into a case
  'case.read', // R4.3: evidence cases are leadership's
  'case.manage',
  'case.export', // R4.3, R2.3: an evidence package leaves the system
  'request.read', // R4.2: leadership sees the outsiders' requests
  'request.decide', // R4.2: only the principal approves, refuses or revokes
  'complaint.file', // R3.3: anyone recorded may complain: staff, and parents with an account
  'complaint.read', // leadership all; others the complaints they filed
  'complaint.manage', // R3.3: leadership acknowledges, extends, answers (redacted clip, consents), closes
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Which cameras a rule reaches. `any` is for actions that do not concern a camera.
 * - all: every camera (R4.1 leadership)
 * - guards: cameras of the guards' areas and of units that give theirs to the guards (R6, R7.1)
 * - unit: cameras of the user's own unit (R6, R5.1)
 * - workOrders: cameras on the vendor's open work orders, and those work orders (R8.2)
 */
export type Scope = 'any' | 'all' | 'guards' | 'unit' | 'workOrders';

const LEADERSHIP = { principal: 'all', vice_principal: 'all' } as const;
/** Everyone who works at the school (not requesters, vendors or the system administrator). */
const STAFF = {
  principal: 'any', vice_principal: 'any', guard: 'any', equipment_officer: 'any', accountant: 'any', unit_head: 'any', staff: 'any',
} as const;

/** The table. A role missing from a row has no right to that action (grants aside). */
export const POLICY: Record<Action, Partial<Record<Role, Scope>>> = {
  'self.session': {}, // see SIGNED_IN below
  'unit.read': { ...LEADERSHIP, guard: 'any', equipment_officer: 'any', accountant: 'any', unit_head: 'any', admin: 'any' },
  'unit.manage': { principal: 'any', admin: 'any' },
  'camera.read': { ...LEADERSHIP, guard: 'guards', equipment_officer: 'all', unit_head: 'unit', vendor: 'workOrders', admin: 'all' },
  'camera.manage': { equipment_officer: 'all', admin: 'all' },
  'footage.timeline': { ...LEADERSHIP, guard: 'guards', unit_head: 'unit' },
  // R8.2: the equipment officer and vendors check image quality live, never recorded footage.
  'footage.live': { ...LEADERSHIP, guard: 'guards', unit_head: 'unit', equipment_officer: 'all', vendor: 'workOrders' },
  'footage.playback': { ...LEADERSHIP, guard: 'guards', unit_head: 'unit' },
  'footage.clip': { ...LEADERSHIP },
  'storage.read': { ...LEADERSHIP, equipment_officer: 'any', admin: 'any' },
  'settings.manage': { principal: 'any', admin: 'any' },
  'hold.read': { ...LEADERSHIP, admin: 'any' },
  'hold.manage': { principal: 'any', vice_principal: 'any' },
  'account.read': { ...LEADERSHIP, admin: 'any' },
  'account.manage': { admin: 'any' },
  'grant.read': { ...LEADERSHIP },
  'grant.manage': { principal: 'any' },
  'workorder.read': { ...LEADERSHIP, equipment_officer: 'all', vendor: 'workOrders' },
  'workorder.manage': { ...LEADERSHIP, equipment_officer: 'any' },
  'audit.read': { principal: 'any' },
  'incident.report': { ...STAFF },
  'incident.read': { ...STAFF },
  'incident.manage': { principal: 'any', vice_principal: 'any' },
  'case.read': { principal: 'any', vice_principal: 'any' },
  'case.manage': { principal: 'any', vice_principal: 'any' },
  'case.export': { principal: 'any', vice_principal: 'any' },
  'request.read': { principal: 'any', vice_principal: 'any' },
  'request.decide': { principal: 'any' },
  'complaint.file': { ...STAFF, requester: 'any' },
  'complaint.read': { ...STAFF, requester: 'any' },
  'complaint.manage': { principal: 'any', vice_principal: 'any' },
};

/** Actions every signed-in user may take on their own account, whatever their roles (even none). */
const SIGNED_IN: readonly Action[] = ['self.session'];

/** What a grant may allow (R4.2): watch live, play back, or take a copy. */
export const GRANT_ACTIONS = ['footage.live', 'footage.playback', 'footage.clip'] as const satisfies readonly Action[];
export type GrantAction = (typeof GRANT_ACTIONS)[number];

export interface AccessGrant {
  id: number;
  cameraIds: readonly number[];
  /** The footage the grant covers. */
  fromMs: number;
  toMs: number;
  actions: readonly GrantAction[];
  validUntilMs: number;
  revokedAtMs: number | null;
}

export interface Subject {
  userId: number;
  roles: readonly Role[];
  unitId: number | null;
  grants: readonly AccessGrant[];
  /** Cameras on this vendor's open work orders (R8.2). */
  workOrderCameraIds: readonly number[];
}

/** What the policy needs to know of a camera. */
export interface CameraFacts {
  id: number;
  unitId: number;
  /** The owner is the guards' post, or a unit that gives its cameras to the guards. */
  guardsWatch: boolean;
}

export type Resource =
  | { kind: 'system' }
  | { kind: 'camera'; camera: CameraFacts }
  | { kind: 'workOrder'; vendorUserId: number | null }
  /** Footage of a camera over a time range: a grant must cover the range too. */
  | { kind: 'footage'; camera: CameraFacts; range: { startMs: number; endMs: number } };

export type Decision =
  | { allowed: true; via: 'signed_in' }
  | { allowed: true; via: 'role'; role: Role }
  | { allowed: true; via: 'grant'; grantId: number }
  | { allowed: false; why: 'no_role' | 'out_of_scope' | 'no_grant' };

function inScope(scope: Scope, subject: Subject, resource: Exclude<Resource, { kind: 'system' }>): boolean {
  if (resource.kind === 'workOrder') return scope === 'all' || scope === 'any' || (scope === 'workOrders' && resource.vendorUserId === subject.userId);
  const camera = resource.camera;
  switch (scope) {
    case 'any':
    case 'all':
      return true;
    case 'guards':
      return camera.guardsWatch;
    case 'unit':
      return subject.unitId !== null && camera.unitId === subject.unitId;
    case 'workOrders':
      return subject.workOrderCameraIds.includes(camera.id);
  }
}

export const grantIsActive = (g: AccessGrant, nowMs: number): boolean => g.revokedAtMs === null && nowMs < g.validUntilMs;

function grantAllows(g: AccessGrant, action: Action, resource: Resource, nowMs: number): boolean {
  if (!grantIsActive(g, nowMs) || resource.kind === 'system' || resource.kind === 'workOrder') return false;
  if (!g.cameraIds.includes(resource.camera.id)) return false;
  // Seeing a granted camera's registry facts and where its footage exists goes with the grant.
  if (action === 'camera.read' || action === 'footage.timeline') return true;
  if (!(g.actions as readonly string[]).includes(action)) return false;
  if (resource.kind === 'camera') return true;
  return resource.range.startMs >= g.fromMs && resource.range.endMs <= g.toMs;
}

/** The one decision: may this user do this action to this resource now? */
export function can(subject: Subject | null, action: Action, resource: Resource, nowMs: number): Decision {
  if (!subject) return { allowed: false, why: 'no_role' };
  if (SIGNED_IN.includes(action)) return { allowed: true, via: 'signed_in' };
  const row = POLICY[action];
  let hadRole = false;
  for (const role of subject.roles) {
    const scope = row[role];
    if (scope === undefined) continue;
    hadRole = true;
    if (resource.kind === 'system' ? scope === 'any' || scope === 'all' : inScope(scope, subject, resource)) {
      return { allowed: true, via: 'role', role };
    }
  }
  const grant = subject.grants.find((g) => grantAllows(g, action, resource, nowMs));
  if (grant) return { allowed: true, via: 'grant', grantId: grant.id };
  if (hadRole) return { allowed: false, why: 'out_of_scope' };
  return { allowed: false, why: subject.grants.some((g) => grantIsActive(g, nowMs)) ? 'no_grant' : 'no_role' };
}

/**
 * May the user do this action to anything at all? Routes ask this before reading the request, so a
 * role without the right is refused without learning whether a camera exists.
 */
export function canAtAll(subject: Subject | null, action: Action, nowMs: number): boolean {
  if (!subject) return false;
  if (SIGNED_IN.includes(action)) return true;
  if (subject.roles.some((r) => POLICY[action][r] !== undefined)) return true;
  return subject.grants.some((g) => grantIsActive(g, nowMs) && (action === 'camera.read' || action === 'footage.timeline' || (g.actions as readonly string[]).includes(action)));
}

/** Every action this user may take somewhere: the web app builds its menu from it. */
export function allowedActions(subject: Subject, nowMs: number): Action[] {
  return ACTIONS.filter((a) => canAtAll(subject, a, nowMs));
}

/** The role to name in the audit log for an action (the first role that grants it). */
export function actingRole(subject: Subject, action: Action): Role | null {
  return subject.roles.find((r) => POLICY[action][r] !== undefined) ?? subject.roles[0] ?? null;
}

/**
 * The part of a range this user may take the action on, from its start: all of it by role, or up
 * to the end of the grant that covers its start (R4.2: a player asks ten minutes ahead; a grant
 * holder gets its footage up to the grant's end, not a refusal). Null: not even its start.
 */
export function allowedRange(subject: Subject, action: Action, camera: CameraFacts, range: { startMs: number; endMs: number }, nowMs: number): { startMs: number; endMs: number } | null {
  if (can(subject, action, { kind: 'footage', camera, range }, nowMs).allowed) return range;
  const covering = subject.grants.find((g) => range.startMs >= g.fromMs && range.startMs < g.toMs
    && grantAllows(g, action, { kind: 'footage', camera, range: { startMs: range.startMs, endMs: Math.min(range.endMs, g.toMs) } }, nowMs));
  return covering ? { startMs: range.startMs, endMs: Math.min(range.endMs, covering.toMs) } : null;
}
