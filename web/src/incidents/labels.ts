import { INCIDENT_MACHINE, type IncidentState, type IncidentUrgency } from '../contract.js';

/** Emergency stands out in red; the least urgent stays quiet. */
export const URGENCY_COLOR: Record<IncidentUrgency, string> = { low: 'gray', medium: 'blue', high: 'orange', emergency: 'red' };

/** What still waits for leadership is coloured; what is done is grey. */
export const INCIDENT_STATE_COLOR: Record<IncidentState, string> = {
  reported: 'red', acknowledged: 'yellow', in_progress: 'blue', closed: 'gray', turned_into_case: 'violet',
};

type Lang = 'vi' | 'en';

/** A history entry's event in words: the incident's own events, or the raw name of one it does not know. */
export function eventLabel(labels: Record<string, { vi: string; en: string }>, event: string, lang: Lang): string {
  return labels[event]?.[lang] ?? event;
}

export const incidentEventLabel = (event: string, lang: Lang): string => eventLabel(INCIDENT_MACHINE.events, event, lang);
export const incidentStateLabel = (state: string, lang: Lang): string => eventLabel(INCIDENT_MACHINE.states, state, lang);
