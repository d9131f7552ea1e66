import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconCalendarTime } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageTitle } from '../components/PageTitle.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { formatVnDate } from '../playback/vn-time.js';
import { ComplaintStateBadge, DeadlineBadge } from './Badges.js';
import { useComplaintsT } from './i18n.js';
import { COMPLAINT_KIND_LABELS, type ComplaintDetail } from './shared.js';

/** The complaint's kind, code and state, and both legal deadlines with how they stand (R3.3). */
export function ComplaintHeader({ c }: { c: ComplaintDetail }) {
  const tc = useComplaintsT();
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/complaints" size="sm"><Group gap={4}><IconArrowLeft size={14} />{tc('nav')}</Group></Anchor>
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <PageTitle title={`${COMPLAINT_KIND_LABELS[c.kind][currentLang()]} · ${c.trackingCode}`}>{tc('filedByAt', { name: c.filerName, time: formatDateTime(c.filedAtMs) })}</PageTitle>
        <ComplaintStateBadge state={c.state} />
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" data-testid="complaint-deadlines">
        <Deadline c={c} which="acknowledge" dueMs={c.acknowledgeByMs} doneAtMs={c.acknowledgedAtMs ?? c.answeredAtMs} />
        <Deadline c={c} which="answer" dueMs={c.answerByMs} doneAtMs={c.answeredAtMs} />
      </SimpleGrid>
      {c.extensionReason && (
        <Alert color="grape" variant="light" icon={<IconCalendarTime />} title={tc('extendedTitle', { time: c.extendedAtMs === null ? '' : formatDateTime(c.extendedAtMs) })} data-testid="extension-reason">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{c.extensionReason}</Text>
        </Alert>
      )}
    </Stack>
  );
}

function Deadline({ c, which, dueMs, doneAtMs }: { c: ComplaintDetail; which: 'acknowledge' | 'answer'; dueMs: number; doneAtMs: number | null }) {
  const tc = useComplaintsT();
  const running = c.deadlines.find((d) => d.which === which);
  return (
    <Paper withBorder radius="md" p="sm" data-deadline={which}>
      <Text size="xs" c="dimmed">{tc(`${which}By`)}</Text>
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Text fw={700} size="lg">{formatVnDate(running?.dueMs ?? dueMs)}</Text>
        {running && <DeadlineBadge status={running.status} which={which} />}
      </Group>
      {!running && doneAtMs !== null && <Text size="xs" c="dimmed">{tc(`done.${which}`, { time: formatDateTime(doneAtMs) })}</Text>}
      {!running && doneAtMs === null && <Text size="xs" c="dimmed">{tc('done.none')}</Text>}
    </Paper>
  );
}
