import { Anchor, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Column, DataList } from '../admin/DataList.js';
import { useCameras } from '../api/cameras.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { PageTitle } from '../components/PageTitle.js';
import { INCIDENT_CATEGORY_LABELS, type Incident } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { type IncidentFilter, useIncidents } from './api.js';
import { IncidentStateBadge, UrgencyBadge } from './IncidentBadges.js';
import { type IncidentPreset, ReportIncidentModal } from './ReportIncidentModal.js';

/** R7.1, R4.1: the incidents reported — leadership sees all of them, others those they reported or were given. */
export function IncidentsPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useSignedIn();
  const [filter, setFilter] = useState<IncidentFilter>('open');
  const incidents = useIncidents(filter);
  const mayReport = may(me, 'incident.report');
  const cameras = useCameras(mayReport && may(me, 'camera.read'));
  const [preset, setPreset] = useState<IncidentPreset | null>(null);
  const title = (i: Incident) => (
    <Anchor component={Link} to={`/incidents/${i.id}`} fw={700} data-testid="incident-link">
      {INCIDENT_CATEGORY_LABELS[i.category][lang]} · #{i.id}
    </Anchor>
  );
  const columns: Column<Incident>[] = [
    { key: 'what', label: t('incidents.what'), render: (i) => <>{title(i)}<Text size="sm" lineClamp={2}>{i.description}</Text></> },
    { key: 'when', label: t('incidents.occurredAt'), nowrap: true, render: (i) => <Text size="sm">{formatDateTime(i.occurredAtMs)}</Text> },
    { key: 'place', label: t('incidents.place'), render: (i) => <Text size="sm">{i.place}</Text> },
    { key: 'urgency', label: t('incidents.urgency'), nowrap: true, hideInCard: true, render: (i) => <UrgencyBadge urgency={i.urgency} /> },
    { key: 'state', label: t('incidents.state'), nowrap: true, render: (i) => <IncidentStateBadge state={i.state} /> },
    { key: 'reporter', label: t('incidents.reportedBy'), render: (i) => <Text size="sm">{i.reportedBy.displayName}</Text> },
  ];
  const reportable = cameras.data ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="xs">
        <PageTitle title={t('incidents.title')}>{t('incidents.intro')}</PageTitle>
        {mayReport && (
          <Button color="red" leftSection={<IconAlertTriangle size={18} />} data-testid="report-incident"
            onClick={() => setPreset({ cameraIds: [], atMs: Date.now(), snapshot: null, snapshotCameraId: null, place: '' })}>
            {t('incidents.report.button')}
          </Button>
        )}
      </Group>
      <SegmentedControl
        w="fit-content" value={filter} onChange={(v) => setFilter(v as IncidentFilter)} data-testid="incident-filter"
        data={[{ value: 'open', label: t('incidents.filter.open') }, { value: 'all', label: t('incidents.filter.all') }]}
      />
      {incidents.isPending && <FullPageLoader inline />}
      <ErrorAlert error={incidents.error} />
      {incidents.data?.length === 0 && <Text c="dimmed">{filter === 'open' ? t('incidents.noneOpen') : t('incidents.none')}</Text>}
      {incidents.data && incidents.data.length > 0 && (
        <DataList
          rows={incidents.data} rowKey={(i) => i.id} columns={columns} testId="incident-list" minWidth={900}
          rowData={(i) => ({ 'data-incident': String(i.id), 'data-urgency': i.urgency })}
          cardTitle={(i) => <>{title(i)}<Text size="sm" lineClamp={2}>{i.description}</Text></>} cardAside={(i) => <UrgencyBadge urgency={i.urgency} />}
        />
      )}
      {mayReport && <ReportIncidentModal preset={preset} cameras={reportable} onClose={() => setPreset(null)} />}
    </Stack>
  );
}
