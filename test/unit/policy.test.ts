import { describe, expect, it } from 'vitest';
import { ACTIONS, type AccessGrant, POLICY, type Subject, allowedActions, can, canAtAll } from '../../src/domain/policy.js';
import { ROLES, type Role } from '../../src/domain/roles.js';

const NOW = Date.UTC(2026, 10, 25, 3);
const HOUR = 3_600_000;
const gate = { id: 1, unitId: 1, guardsWatch: true }; // the guards' post owns it (R6)
const corridor = { id: 2, unitId: 7, guardsWatch: false }; // grade 1's corridor, not given to the guards
const library = { id: 3, unitId: 8, guardsWatch: true }; // the library gives its camera to the guards

const subject = (roles: Role[], extra: Partial<Subject> = {}): Subject => ({ userId: 42, roles, unitId: null, grants: [], workOrderCameraIds: [], ...extra });
const cam = (camera: typeof gate) => ({ kind: 'camera' as const, camera });
const footage = (camera: typeof gate, startMs = NOW - 2 * HOUR, endMs = NOW - HOUR) => ({ kind: 'footage' as const, camera, range: { startMs, endMs } });
const allowed = (s: Subject | null, action: Parameters<typeof can>[1], resource: Parameters<typeof can>[2]) => can(s, action, resource, NOW).allowed;

describe('the policy table', () => {
  it('has a row for every action, and only known roles in it', () => {
    expect(Object.keys(POLICY).sort()).toEqual([...ACTIONS].sort());
    for (const row of Object.values(POLICY)) for (const role of Object.keys(row)) expect(ROLES).toContain(role);
  });

  it('lets leadership see every camera and all footage (R4.1)', () => {
    for (const role of ['principal', 'vice_principal'] as const) {
      for (const c of [gate, corridor, library]) {
        expect(allowed(subject([role]), 'footage.live', cam(c))).toBe(true);
        expect(allowed(subject([role]), 'footage.playback', footage(c))).toBe(true);
        expect(allowed(subject([role]), 'footage.clip', footage(c))).toBe(true);
      }
    }
  });

  it("gives a guard the guards' cameras and the units that give theirs, not the others (R6, R7.1)", () => {
    const guard = subject(['guard']);
    expect(allowed(guard, 'footage.live', cam(gate))).toBe(true);
    expect(allowed(guard, 'footage.live', cam(library))).toBe(true);
    expect(can(guard, 'footage.live', cam(corridor), NOW)).toEqual({ allowed: false, why: 'out_of_scope' });
    expect(allowed(guard, 'footage.playback', footage(gate))).toBe(true);
  });

  it('lets no one but leadership or an approved grant take a copy of footage (R2.3)', () => {
    for (const role of ROLES.filter((r) => r !== 'principal' && r !== 'vice_principal')) {
      expect(allowed(subject([role], { unitId: 1 }), 'footage.clip', footage(gate)), role).toBe(false);
    }
  });

  it("gives a unit head their unit's cameras only (R6, R5.1)", () => {
    const head = subject(['unit_head'], { unitId: 7 });
    expect(allowed(head, 'footage.playback', footage(corridor))).toBe(true);
    expect(allowed(head, 'footage.playback', footage(gate))).toBe(false);
    expect(allowed(subject(['unit_head']), 'footage.playback', footage(corridor))).toBe(false); // no unit, no cameras
  });

  it('lets the administrator manage accounts and cameras but see no footage', () => {
    const admin = subject(['admin']);
    expect(allowed(admin, 'camera.manage', cam(corridor))).toBe(true);
    expect(allowed(admin, 'account.manage', { kind: 'system' })).toBe(true);
    for (const a of ['footage.live', 'footage.playback', 'footage.clip', 'footage.timeline'] as const) {
      expect(canAtAll(admin, a, NOW)).toBe(false);
    }
    // …unless also given a footage role.
    expect(allowed(subject(['admin', 'guard']), 'footage.live', cam(gate))).toBe(true);
  });

  it("gives a vendor live view of the cameras on its open work orders only (R8.2)", () => {
    const vendor = subject(['vendor'], { workOrderCameraIds: [3] });
    expect(allowed(vendor, 'footage.live', cam(library))).toBe(true);
    expect(allowed(vendor, 'footage.live', cam(gate))).toBe(false);
    expect(allowed(vendor, 'footage.playback', footage(library))).toBe(false);
    expect(allowed(vendor, 'workorder.read', { kind: 'workOrder', vendorUserId: 42 })).toBe(true);
    expect(allowed(vendor, 'workorder.read', { kind: 'workOrder', vendorUserId: 7 })).toBe(false);
  });

  it('shows the audit log to the principal only', () => {
    for (const role of ROLES) expect(canAtAll(subject([role]), 'audit.read', NOW), role).toBe(role === 'principal');
  });

  it('lets any signed-in user, even with no role, manage their own session — and nobody without a session anything', () => {
    expect(allowed(subject([]), 'self.session', { kind: 'system' })).toBe(true);
    expect(allowedActions(subject([]), NOW)).toEqual(['self.session']);
    for (const a of ACTIONS) expect(allowed(null, a, { kind: 'system' })).toBe(false);
  });
});

describe('grants (R4.2)', () => {
  const grant: AccessGrant = { id: 9, cameraIds: [1], fromMs: NOW - 3 * HOUR, toMs: NOW - HOUR, actions: ['footage.playback'], validUntilMs: NOW + 7 * 24 * HOUR, revokedAtMs: null };
  const parent = subject(['requester'], { grants: [grant] });

  it('lets a requester see only the granted cameras, range and actions', () => {
    expect(can(parent, 'footage.playback', footage(gate), NOW)).toEqual({ allowed: true, via: 'grant', grantId: 9 });
    expect(allowed(parent, 'footage.playback', footage(gate, NOW - 4 * HOUR, NOW - 2 * HOUR))).toBe(false); // starts before the grant
    expect(allowed(parent, 'footage.playback', footage(library))).toBe(false);
    expect(allowed(parent, 'footage.clip', footage(gate))).toBe(false);
    expect(allowed(parent, 'footage.live', cam(gate))).toBe(false);
    expect(allowed(parent, 'camera.read', cam(gate))).toBe(true);
    expect(allowed(parent, 'camera.read', cam(library))).toBe(false);
  });

  it('ends when it expires or is revoked', () => {
    expect(can(subject(['requester'], { grants: [grant] }), 'footage.playback', footage(gate), grant.validUntilMs).allowed).toBe(false);
    expect(allowed(subject(['requester'], { grants: [{ ...grant, revokedAtMs: NOW - 1 }] }), 'footage.playback', footage(gate))).toBe(false);
  });

  it('widens a role: a unit head with a grant sees the granted camera too', () => {
    const head = subject(['unit_head'], { unitId: 7, grants: [grant] });
    expect(can(head, 'footage.playback', footage(gate), NOW)).toMatchObject({ allowed: true, via: 'grant' });
  });

  it('never reaches beyond footage: a grant gives no management right', () => {
    for (const a of ['camera.manage', 'account.manage', 'grant.manage', 'audit.read', 'settings.manage'] as const) {
      expect(canAtAll(parent, a, NOW)).toBe(false);
    }
  });
});
