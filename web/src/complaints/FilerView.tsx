import { Card, Stack, Text, Title } from '@mantine/core';
import { AnswerTab } from './AnswerTab.js';
import { ComplaintActions } from './ComplaintActions.js';
import { ComplaintHeader } from './ComplaintHeader.js';
import { ComplaintInfoTab } from './ComplaintInfoTab.js';
import { useComplaintsT } from './i18n.js';
import type { ComplaintDetail } from './shared.js';

/** The filer's own complaint (R3.3): where it stands, the deadlines, the answer and the released clip; withdraw while pending. */
export function FilerView({ c }: { c: ComplaintDetail }) {
  const tc = useComplaintsT();
  return (
    <Stack gap="md" data-testid="complaint-detail" data-state={c.state} data-view="filer">
      <ComplaintHeader c={c} />
      <ComplaintActions c={c} />
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">{tc('tabs.answer')}</Title>
        {c.answerText === null ? <Text size="sm" c="dimmed">{tc('answer.waiting')}</Text> : <AnswerTab c={c} />}
      </Card>
      <ComplaintInfoTab c={c} filer />
    </Stack>
  );
}
