import { Alert, Anchor, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconMessageReport } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { type Column, DataList } from '../admin/DataList.js';
import { useCameras } from '../api/cameras.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { PageTitle } from '../components/PageTitle.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { type ComplaintFilter, useComplaints } from './api.js';
import { ComplaintStateBadge, RunningDeadlines } from './Badges.js';
import { deadlineWarnings } from './deadlines.js';
import { FileComplaintModal } from './FileComplaintModal.js';
import { useComplaintsT } from './i18n.js';
import { COMPLAINT_KIND_LABELS, COMPLAINT_MACHINE, COMPLAINT_STATES, type Complaint } from './shared.js';

const FILTERS: readonly ComplaintFilter[] = ['open', 'all', ...COMPLAINT_STATES];

/** R3.3: complaints and data-subject requests — leadership sees all, others those they filed — with their legal deadlines. */
export function ComplaintsPage() {
  const tc = useComplaintsT();
  const lang = currentLang();
  const me = useSignedIn();
  const [filter, setFilter] = useState<ComplaintFilter>('open');
  const [filing, setFiling] = useState(false);
  const complaints = useComplaints(filter);
  const cameras = useCameras(may(me, 'camera.read'));
  const cameraNames = (ids: readonly number[]) => ids.map((id) => cameras.data?.find((x) => x.id === id)?.name ?? tc('cameraList', { ids: id })).join(', ');
  const title = (c: Complaint) => (
    <Anchor component={Link} to={`/complaints/${c.id}`} fw={700} data-testid="complaint-link">
      {COMPLAINT_KIND_LABELS[c.kind][lang]} · <span style={{ whiteSpace: 'nowrap' }}>{c.trackingCode}</span>
    </Anchor>
  );
  const where = (c: Complaint) => [cameraNames(c.cameraIds), c.place].filter(Boolean).join(' — ');
  const columns: Column<Complaint>[] = [
    { key: 'what', label: tc('list.what'), render: (c) => <>{title(c)}<Text size="sm" lineClamp={2}>{c.description}</Text></> },
    { key: 'filer', label: tc('list.filer'), render: (c) => <><Text size="sm" fw={600}>{c.filerName}</Text>{c.pupilName && <Text size="xs" c="dimmed">{tc('list.forPupil', { name: c.pupilName, className: c.pupilClass || '—' })}</Text>}</> },
    { key: 'where', label: tc('list.where'), render: (c) => <><Text size="sm">{where(c)}</Text><Text size="xs" c="dimmed">{formatDateTime(c.fromMs)} – {formatDateTime(c.toMs)}</Text></> },
    { key: 'deadlines', label: tc('list.deadlines'), render: (c) => (c.deadlines.length > 0 ? <RunningDeadlines c={c} size="xs" /> : <Text size="xs" c="dimmed">—</Text>) },
    { key: 'state', label: tc('state'), nowrap: true, hideInCard: true, render: (c) => <ComplaintStateBadge state={c.state} /> },
  ];
  const warnings = deadlineWarnings(complaints.data ?? []);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="xs">
        <PageTitle title={tc('list.title')}>{may(me, 'complaint.manage') ? tc('list.introLeadership') : tc('list.intro')}</PageTitle>
        {may(me, 'complaint.file') && (
          <Button leftSection={<IconMessageReport size={18} />} onClick={() => setFiling(true)} data-testid="file-complaint">{tc('file.button')}</Button>
        )}
      </Group>
      {warnings.length > 0 && (
        <Stack gap={6} data-testid="deadline-warnings">
          {warnings.map((w) => (
            <Alert key={`${w.status}-${w.which}`} color={w.status === 'overdue' ? 'red' : 'orange'} variant={w.status === 'overdue' ? 'filled' : 'light'} icon={<IconAlertTriangle />} p="xs" data-status={w.status}>
              <Text size="sm" fw={600}>{tc(`warn.${w.status}.${w.which}`, { count: w.count })}</Text>
            </Alert>
          ))}
        </Stack>
      )}
      <Select
        w={{ base: '100%', xs: 260 }} label={tc('list.filter')} value={filter} allowDeselect={false} onChange={(v) => setFilter((v ?? 'open') as ComplaintFilter)}
        data-testid="complaint-filter" comboboxProps={{ withinPortal: true }}
        data={FILTERS.map((f) => ({ value: f, label: f === 'open' || f === 'all' ? tc(`list.filters.${f}`) : COMPLAINT_MACHINE.states[f][lang] }))}
      />
      {complaints.isPending && <FullPageLoader inline />}
      <ErrorAlert error={complaints.error} />
      {complaints.data?.length === 0 && <Text c="dimmed">{filter === 'open' ? tc('list.noneOpen') : tc('list.none')}</Text>}
      {complaints.data && complaints.data.length > 0 && (
        <DataList
          rows={complaints.data} rowKey={(c) => c.id} columns={columns} testId="complaint-list" minWidth={960}
          rowData={(c) => ({ 'data-complaint': c.trackingCode })}
          cardTitle={(c) => <>{title(c)}<Text size="sm" lineClamp={2}>{c.description}</Text></>} cardAside={(c) => <ComplaintStateBadge state={c.state} />}
        />
      )}
      <FileComplaintModal opened={filing} onClose={() => setFiling(false)} />
    </Stack>
  );
}
