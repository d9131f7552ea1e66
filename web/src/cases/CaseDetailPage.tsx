import { Anchor, Badge, Button, Group, Stack, Tabs, Title } from '@mantine/core';
import { IconArrowLeft, IconPackageExport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { useCase } from './api.js';
import { BienBanTab } from './BienBanTab.js';
import { CaseAttachmentsTab } from './CaseAttachmentsTab.js';
import { CaseClipsTab } from './CaseClipsTab.js';
import { CaseHistoryTab } from './CaseHistoryTab.js';
import { CaseInfoTab } from './CaseInfoTab.js';
import { CasePeopleTab } from './CasePeopleTab.js';
import { CaseStateBadge } from './CasesPage.js';
import { CaseStateActions } from './CaseStateActions.js';
import { ExportModal } from './ExportModal.js';
import { useCaseFilesT } from './files-i18n.js';

const TABS = ['info', 'people', 'clips', 'attachments', 'documents', 'history'] as const;
type Tab = (typeof TABS)[number];

/** R4.3: one case — its facts, people, clips, biên bản and history, and its export. */
export function CaseDetailPage() {
  const { t } = useTranslation();
  const tf = useCaseFilesT();
  const me = useSignedIn();
  const id = Number(useParams().id);
  const c = useCase(id);
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  if (c.isPending) return <FullPageLoader inline />;
  if (c.isError) return <ErrorAlert error={c.error} />;
  const k = c.data;
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'info';
  // Building the case (R4.3) is for leadership while it is open; the server's allowedEvents say so.
  const allows = (e: string) => may(me, 'case.manage') && k.allowedEvents.includes(e);
  return (
    <Stack gap="md" data-testid="case-detail" data-state={k.state}>
      <Anchor component={Link} to="/cases" size="sm"><Group gap={4}><IconArrowLeft size={16} />{t('cases.back')}</Group></Anchor>
      <Stack gap={6}>
        <Title order={1} fz={{ base: 22, sm: 28 }} style={{ overflowWrap: 'anywhere' }}>{k.title}</Title>
        <Group gap="xs"><Badge variant="outline" color="gray" tt="none">#{k.id}</Badge><CaseStateBadge state={k.state} /></Group>
      </Stack>
      <Group gap="xs" wrap="wrap">
        {may(me, 'case.export') && (
          <Button leftSection={<IconPackageExport size={18} />} onClick={() => setExporting(true)} data-testid="case-export" disabled={k.clips.length === 0 && k.documents.length === 0}>
            {t('cases.export.button')}
          </Button>
        )}
        <CaseStateActions c={k} />
      </Group>
      <Tabs value={tab} onChange={(v) => setParams({ tab: v ?? 'info' }, { replace: true })} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          {TABS.map((x) => (
            <Tabs.Tab key={x} value={x} data-testid={`case-tab-${x}`} style={{ flexShrink: 0 }}>
              {x === 'attachments' ? tf('tab', { count: k.attachments.length })
                : t(`cases.tabs.${x}`, { count: x === 'people' ? k.people.length : x === 'clips' ? k.clips.length : k.documents.length })}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="info" pt="md"><CaseInfoTab c={k} editable={allows('edit')} /></Tabs.Panel>
        <Tabs.Panel value="people" pt="md"><CasePeopleTab c={k} editable={allows('edit')} /></Tabs.Panel>
        <Tabs.Panel value="clips" pt="md"><CaseClipsTab c={k} editable={allows('attach_clip')} /></Tabs.Panel>
        <Tabs.Panel value="attachments" pt="md"><CaseAttachmentsTab c={k} editable={allows('add_attachment')} removable={allows('remove_attachment')} /></Tabs.Panel>
        <Tabs.Panel value="documents" pt="md"><BienBanTab c={k} editable={may(me, 'case.manage') && k.state === 'open'} /></Tabs.Panel>
        <Tabs.Panel value="history" pt="md"><CaseHistoryTab c={k} mayNote={allows('add_note')} /></Tabs.Panel>
      </Tabs>
      {may(me, 'case.export') && <ExportModal caseId={k.id} opened={exporting} onClose={() => setExporting(false)} />}
    </Stack>
  );
}
