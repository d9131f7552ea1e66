import { Badge } from '@mantine/core';
import { WHOLE_BADGE } from '../admin/badge.js';
import { currentLang } from '../i18n/index.js';
import { REQUEST_MACHINE, type RequestState } from './shared.js';

const COLOR: Record<RequestState, string> = {
  submitted: 'orange', approved: 'green', refused: 'red', withdrawn: 'gray', revoked: 'grape', expired: 'gray',
};

export function RequestStateBadge({ state }: { state: RequestState }) {
  return (
    <Badge color={COLOR[state]} variant="light" tt="none" styles={WHOLE_BADGE} data-state={state} data-testid="request-state">
      {REQUEST_MACHINE.states[state][currentLang()]}
    </Badge>
  );
}
