import { BIEN_BAN_MACHINE, CASE_MACHINE, type CaseState } from '../contract.js';

type Lang = 'vi' | 'en';

export const CASE_STATE_COLOR: Record<CaseState, string> = { open: 'blue', closed: 'gray' };

/**
 * Events a case's history holds beyond its state machine's, as src/server/services/cases.ts writes
 * them: the biên bản's versions and the exports. (People added or removed are written as `edit`.)
 */
const OTHER_EVENTS: Record<string, { vi: string; en: string }> = {
  'document.draft': BIEN_BAN_MACHINE.events.draft,
  'document.edit': BIEN_BAN_MACHINE.events.edit,
  'document.finalise': BIEN_BAN_MACHINE.events.finalise,
  export: { vi: 'Xuất gói chứng cứ', en: 'Evidence package exported' },
};

/** A case history entry's event in words (its own machine first, the biên bản's next); the raw name otherwise. */
export function caseEventLabel(event: string, lang: Lang): string {
  const known: Record<string, { vi: string; en: string }> = CASE_MACHINE.events;
  return (known[event] ?? OTHER_EVENTS[event])?.[lang] ?? event;
}
