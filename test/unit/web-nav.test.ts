import { describe, expect, it } from 'vitest';
import { NAV, navFor } from '../../web/src/shell/nav.js';

describe('the web menu shows only what the user may do', () => {
  it('gives a teacher (no camera right) the overview and checking an evidence package (R4.3)', () => {
    expect(navFor(['self.session']).map((i) => i.path)).toEqual(['/', '/verify']);
  });

  it('gives any staff member reporting incidents (R7.1), and leadership the cases (R4.3)', () => {
    expect(navFor(['self.session', 'incident.report', 'incident.read']).map((i) => i.path)).toEqual(['/', '/incidents', '/verify']);
    expect(navFor(['self.session', 'incident.read', 'case.read']).map((i) => i.path)).toEqual(['/', '/incidents', '/cases', '/verify']);
  });

  it('gives a guard the live wall and the cameras too', () => {
    expect(navFor(['self.session', 'camera.read', 'footage.live']).map((i) => i.path)).toEqual(['/', '/live', '/cameras', '/health', '/verify']);
  });

  it('shows the live wall only to those who may watch live (the admin manages cameras but sees no footage)', () => {
    expect(navFor(['self.session', 'camera.read']).map((i) => i.path)).not.toContain('/live');
  });

  it("gives the admin the management screens but not the audit log, which is the principal's (R2.3)", () => {
    const admin = navFor(['self.session', 'camera.read', 'camera.manage', 'storage.read', 'settings.manage', 'account.read', 'account.manage', 'unit.read', 'unit.manage']);
    expect(admin.map((i) => i.path)).toEqual(['/', '/cameras', '/health', '/storage', '/users', '/units', '/settings', '/verify']);
    expect(navFor(['self.session', 'audit.read']).map((i) => i.path)).toEqual(['/', '/audit', '/verify']);
  });

  it('ties every screen but the overview to an action of the policy table', () => {
    expect(NAV.filter((i) => i.action === null).map((i) => i.path)).toEqual(['/']);
  });
});
