import type { Action } from '../contract.js';

/** A screen of the navigation menu and the action of the policy table it needs. */
export interface NavItem {
  path: string;
  label: 'nav.home' | 'nav.cameras';
  icon: 'home' | 'cameras';
  action: Action | null;
}

/** Every screen there is; a user sees those whose action `/api/auth/me` lists for them. */
export const NAV: readonly NavItem[] = [
  { path: '/', label: 'nav.home', icon: 'home', action: null },
  { path: '/cameras', label: 'nav.cameras', icon: 'cameras', action: 'camera.read' },
];

export const navFor = (actions: readonly string[]): NavItem[] => NAV.filter((i) => i.action === null || actions.includes(i.action));
