import { Badge } from '@mantine/core';
import { IconUrgent } from '@tabler/icons-react';
import { WHOLE_BADGE } from '../admin/badge.js';
import { INCIDENT_URGENCY_LABELS, type IncidentState, type IncidentUrgency } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { INCIDENT_STATE_COLOR, URGENCY_COLOR, incidentStateLabel } from './labels.js';

/** Emergency: filled red with an icon, seen at a glance in a list. */
export function UrgencyBadge({ urgency }: { urgency: IncidentUrgency }) {
  const emergency = urgency === 'emergency';
  return (
    <Badge
      color={URGENCY_COLOR[urgency]} variant={emergency ? 'filled' : 'light'} tt="none" styles={WHOLE_BADGE} data-urgency={urgency}
      leftSection={emergency ? <IconUrgent size={12} /> : undefined}
    >
      {INCIDENT_URGENCY_LABELS[urgency][currentLang()]}
    </Badge>
  );
}

export function IncidentStateBadge({ state }: { state: IncidentState }) {
  return (
    <Badge color={INCIDENT_STATE_COLOR[state]} variant="light" tt="none" styles={WHOLE_BADGE} data-state={state}>
      {incidentStateLabel(state, currentLang())}
    </Badge>
  );
}
