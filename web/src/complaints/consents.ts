import { CHILD_OWN_CONSENT_AGE, type ComplaintPerson, ageOn } from './shared.js';

export type Giver = 'parent' | 'child';

/** Whose consent a person shown needs (R3.3): a child's parent, and the child too from 7 (unknown age counts as 7+). */
export function giversNeeded(p: Pick<ComplaintPerson, 'isChild' | 'birthDate'>, todayIso: string): Giver[] {
  if (!p.isChild) return [];
  const own = p.birthDate === null || ageOn(p.birthDate, todayIso) >= CHILD_OWN_CONSENT_AGE;
  return own ? ['parent', 'child'] : ['parent'];
}
