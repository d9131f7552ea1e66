import { Anchor, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useRequestsT } from './i18n.js';
import { Link } from 'react-router';
import { type Column, DataList } from '../admin/DataList.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { PageTitle } from '../components/PageTitle.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { useRequests } from './api.js';
import { RequestStateBadge } from './RequestStateBadge.js';
import { type OutsiderRequest, REQUEST_PURPOSE_LABELS } from './shared.js';

/** R4.2: outsiders' requests for leadership; the principal decides them from the detail. */
export function RequestsPage() {
  const tr = useRequestsT();
  const lang = currentLang();
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const requests = useRequests(filter);
  const title = (r: OutsiderRequest) => (
    <Anchor component={Link} to={`/requests/${r.id}`} fw={700} data-testid="request-link">{r.trackingCode}</Anchor>
  );
  const columns: Column<OutsiderRequest>[] = [
    { key: 'code', label: tr('code'), nowrap: true, render: title },
    { key: 'who', label: tr('requester'), render: (r) => <><Text size="sm" fw={600}>{r.organisation}</Text><Text size="xs" c="dimmed">{r.requesterName}</Text></> },
    { key: 'purpose', label: tr('purpose'), render: (r) => <Text size="sm">{REQUEST_PURPOSE_LABELS[r.purpose][lang]}</Text> },
    { key: 'range', label: tr('range'), render: (r) => <Text size="sm">{formatDateTime(r.fromMs)} – {formatDateTime(r.toMs)}</Text> },
    { key: 'submitted', label: tr('submittedAt'), nowrap: true, render: (r) => <Text size="sm">{formatDateTime(r.submittedAtMs)}</Text> },
    { key: 'state', label: tr('state'), nowrap: true, hideInCard: true, render: (r) => <RequestStateBadge state={r.state} /> },
  ];
  return (
    <Stack gap="md">
      <PageTitle title={tr('title')}>{tr('intro')}</PageTitle>
      <SegmentedControl
        w="fit-content" value={filter} onChange={(v) => setFilter(v === 'all' ? 'all' : 'open')} data-testid="request-filter"
        data={[{ value: 'open', label: tr('filter.open') }, { value: 'all', label: tr('filter.all') }]}
      />
      {requests.isPending && <FullPageLoader inline />}
      <ErrorAlert error={requests.error} />
      {requests.data?.length === 0 && <Text c="dimmed">{filter === 'open' ? tr('noneOpen') : tr('none')}</Text>}
      {requests.data && requests.data.length > 0 && (
        <DataList
          rows={requests.data} rowKey={(r) => r.id} columns={columns} testId="request-list" minWidth={860}
          rowData={(r) => ({ 'data-request': r.trackingCode })}
          cardTitle={title} cardAside={(r) => <RequestStateBadge state={r.state} />}
        />
      )}
    </Stack>
  );
}
