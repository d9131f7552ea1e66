import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFolderPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { WHOLE_BADGE } from '../admin/badge.js';
import { type Column, DataList } from '../admin/DataList.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { PageTitle } from '../components/PageTitle.js';
import { CASE_MACHINE, type EvidenceCase } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { useCases } from './api.js';
import { CASE_STATE_COLOR } from './labels.js';
import { OpenCaseModal } from './OpenCaseModal.js';

export function CaseStateBadge({ state }: { state: EvidenceCase['state'] }) {
  return <Badge color={CASE_STATE_COLOR[state]} variant="light" tt="none" styles={WHOLE_BADGE} data-state={state}>{CASE_MACHINE.states[state][currentLang()]}</Badge>;
}

/** R4.3: leadership's evidence cases, newest first. */
export function CasesPage() {
  const { t } = useTranslation();
  const manage = may(useSignedIn(), 'case.manage');
  const cases = useCases();
  const [opening, { open, close }] = useDisclosure(false);
  if (cases.isPending) return <FullPageLoader inline />;
  if (cases.isError) return <ErrorAlert error={cases.error} />;
  const title = (c: EvidenceCase) => <Anchor component={Link} to={`/cases/${c.id}`} fw={700} data-testid="case-link">{c.title}</Anchor>;
  const columns: Column<EvidenceCase>[] = [
    { key: 'title', label: t('cases.caseTitle'), render: (c) => <>{title(c)}<Text size="xs" c="dimmed">#{c.id}</Text></> },
    { key: 'opened', label: t('cases.openedAt'), nowrap: true, render: (c) => <Text size="sm">{formatDateTime(c.openedAtMs)}</Text> },
    { key: 'by', label: t('cases.openedBy'), render: (c) => <Text size="sm">{c.openedBy}</Text> },
    { key: 'clips', label: t('cases.clipCount'), nowrap: true, render: (c) => <Text size="sm">{c.clipCount}</Text> },
    { key: 'state', label: t('cases.state'), nowrap: true, hideInCard: true, render: (c) => <CaseStateBadge state={c.state} /> },
  ];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="xs">
        <PageTitle title={t('cases.title')}>{t('cases.intro')}</PageTitle>
        {manage && <Button leftSection={<IconFolderPlus size={18} />} onClick={open} data-testid="open-case">{t('cases.open')}</Button>}
      </Group>
      {cases.data.length === 0 && <Text c="dimmed">{t('cases.none')}</Text>}
      {cases.data.length > 0 && (
        <DataList
          rows={[...cases.data].sort((a, b) => b.openedAtMs - a.openedAtMs)} rowKey={(c) => c.id} columns={columns} testId="case-list" minWidth={760}
          rowData={(c) => ({ 'data-case': String(c.id) })} cardTitle={(c) => <>{title(c)}<Text size="xs" c="dimmed">#{c.id}</Text></>}
          cardAside={(c) => <CaseStateBadge state={c.state} />}
        />
      )}
      {manage && <OpenCaseModal opened={opening} onClose={close} />}
    </Stack>
  );
}
