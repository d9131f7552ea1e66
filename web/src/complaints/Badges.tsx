import { Badge, Group, Text } from '@mantine/core';
import { IconAlarm, IconAlertTriangle } from '@tabler/icons-react';
import { WHOLE_BADGE } from '../admin/badge.js';
import { currentLang } from '../i18n/index.js';
import { formatVnDate } from '../playback/vn-time.js';
import { DEADLINE_COLOR, type Which } from './deadlines.js';
import { useComplaintsT } from './i18n.js';
import { COMPLAINT_MACHINE, type Complaint, type ComplaintState, DEADLINE_STATUS_LABELS, type DeadlineStatus, type RedactionClip } from './shared.js';

const STATE_COLOR: Record<ComplaintState, string> = {
  filed: 'orange', acknowledged: 'blue', extended: 'grape', answered: 'green', closed: 'gray', withdrawn: 'gray',
};

export function ComplaintStateBadge({ state }: { state: ComplaintState }) {
  return (
    <Badge color={STATE_COLOR[state]} variant="light" tt="none" styles={WHOLE_BADGE} data-state={state} data-testid="complaint-state">
      {COMPLAINT_MACHINE.states[state][currentLang()]}
    </Badge>
  );
}

/** Còn hạn / Sắp đến hạn / Quá hạn: overdue filled red with an icon, seen at a glance (R3.3). */
export function DeadlineBadge({ status, which }: { status: DeadlineStatus; which: Which }) {
  const icon = status === 'overdue' ? <IconAlertTriangle size={12} /> : status === 'due_soon' ? <IconAlarm size={12} /> : undefined;
  return (
    <Badge
      color={DEADLINE_COLOR[status]} variant={status === 'overdue' ? 'filled' : 'light'} tt="none" styles={WHOLE_BADGE} leftSection={icon}
      data-testid="deadline-badge" data-deadline={which} data-status={status}
    >
      {DEADLINE_STATUS_LABELS[status][currentLang()]}
    </Badge>
  );
}

/** The deadlines still running, each "Trả lời trước 22/12/2026 [Còn hạn]"; nothing once answered or over. */
export function RunningDeadlines({ c, size = 'sm' }: { c: Pick<Complaint, 'deadlines'>; size?: 'xs' | 'sm' }) {
  const tc = useComplaintsT();
  if (c.deadlines.length === 0) return null;
  return (
    <Group gap={6} wrap="wrap">
      {c.deadlines.map((d) => (
        <Group key={d.which} gap={4} wrap="nowrap">
          <Text size={size} style={{ whiteSpace: 'nowrap' }}>{tc(`deadline.${d.which}By`, { date: formatVnDate(d.dueMs) })}</Text>
          <DeadlineBadge status={d.status} which={d.which} />
        </Group>
      ))}
    </Group>
  );
}

const CLIP_COLOR: Record<RedactionClip['state'], string> = { cut: 'gray', detecting: 'blue', rendering: 'blue', rendered: 'green', failed: 'red' };

/** A redaction clip's state; a rendered file that no longer matches its rectangles counts as not rendered. */
export function ClipStateBadge({ clip }: { clip: RedactionClip }) {
  const tc = useComplaintsT();
  const state = clip.state === 'rendered' && !clip.rendered ? 'cut' : clip.state;
  return <Badge color={CLIP_COLOR[state]} variant="light" tt="none" styles={WHOLE_BADGE} data-clip-state={state}>{tc(`clip.states.${state}`)}</Badge>;
}
