import type { Action } from '../contract.js';

/** A screen of the navigation menu and the action of the policy table it needs. */
export interface NavItem {
  path: string;
  label: 'nav.home' | 'nav.cameras' | 'live.nav' | 'playback.nav' | 'incidents.nav' | 'cases.nav' | 'requests.nav' | 'complaints.nav' | 'verify.nav'
    | 'admin.nav.health' | 'admin.nav.storage' | 'admin.nav.users' | 'admin.nav.units' | 'admin.nav.settings' | 'admin.nav.audit';
  icon: 'home' | 'cameras' | 'live' | 'playback' | 'incidents' | 'cases' | 'requests' | 'complaints' | 'verify' | 'health' | 'storage' | 'users' | 'units' | 'settings' | 'audit';
  action: Action | null;
}

/** Every screen there is; a user sees those whose action `/api/auth/me` lists for them. */
export const NAV: readonly NavItem[] = [
  { path: '/', label: 'nav.home', icon: 'home', action: null },
  { path: '/live', label: 'live.nav', icon: 'live', action: 'footage.live' },
  { path: '/playback', label: 'playback.nav', icon: 'playback', action: 'footage.playback' },
  { path: '/incidents', label: 'incidents.nav', icon: 'incidents', action: 'incident.read' },
  { path: '/cases', label: 'cases.nav', icon: 'cases', action: 'case.read' },
  // R4.2: outsiders' requests, for leadership.
  { path: '/requests', label: 'requests.nav', icon: 'requests', action: 'request.read' },
  // R3.3: complaints and data-subject requests — leadership handles all, others follow their own.
  { path: '/complaints', label: 'complaints.nav', icon: 'complaints', action: 'complaint.read' },
  { path: '/cameras', label: 'nav.cameras', icon: 'cameras', action: 'camera.read' },
  { path: '/health', label: 'admin.nav.health', icon: 'health', action: 'camera.read' },
  { path: '/storage', label: 'admin.nav.storage', icon: 'storage', action: 'storage.read' },
  { path: '/users', label: 'admin.nav.users', icon: 'users', action: 'account.read' },
  { path: '/units', label: 'admin.nav.units', icon: 'units', action: 'unit.manage' },
  { path: '/settings', label: 'admin.nav.settings', icon: 'settings', action: 'settings.manage' },
  { path: '/audit', label: 'admin.nav.audit', icon: 'audit', action: 'audit.read' },
  // R4.3: anyone may check an evidence package they were given.
  { path: '/verify', label: 'verify.nav', icon: 'verify', action: 'self.session' },
];

export const navFor = (actions: readonly string[]): NavItem[] => NAV.filter((i) => i.action === null || actions.includes(i.action));
