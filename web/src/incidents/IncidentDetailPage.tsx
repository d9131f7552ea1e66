import { Anchor, Button, Card, Group, Image, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconFolder, IconHistory } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCameras } from '../api/cameras.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { HistoryTimeline } from '../components/HistoryTimeline.js';
import { INCIDENT_CATEGORY_LABELS } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { isoDay, vnDayStart } from '../playback/vn-time.js';
import { snapshotUrl, useIncident } from './api.js';
import { HoldList } from './HoldList.js';
import { IncidentActions } from './IncidentActions.js';
import { IncidentStateBadge, UrgencyBadge } from './IncidentBadges.js';
import { incidentEventLabel } from './labels.js';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>{label}</Text>
      <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</div>
    </Group>
  );
}

/** One incident: what was reported, the picture, the footage it holds, its history, and what the viewer may do next. */
export function IncidentDetailPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useSignedIn();
  const id = Number(useParams().id);
  const incident = useIncident(id);
  const cameras = useCameras(may(me, 'camera.read'));
  if (incident.isPending) return <FullPageLoader inline />;
  if (incident.isError) return <ErrorAlert error={incident.error} />;
  const i = incident.data;
  const cameraName = (cid: number) => cameras.data?.find((c) => c.id === cid)?.name ?? t('workflow.cameraNo', { id: cid });
  const playback = `/playback?cameras=${i.cameraIds.slice(0, 4).join(',')}&day=${isoDay(vnDayStart(i.occurredAtMs))}`;
  return (
    <Stack gap="md" data-testid="incident-detail" data-state={i.state}>
      <Anchor component={Link} to="/incidents" size="sm"><Group gap={4}><IconArrowLeft size={16} />{t('incidents.back')}</Group></Anchor>
      <Stack gap={6}>
        <Title order={1} fz={{ base: 22, sm: 28 }}>{INCIDENT_CATEGORY_LABELS[i.category][lang]} · #{i.id}</Title>
        <Group gap="xs"><UrgencyBadge urgency={i.urgency} /><IncidentStateBadge state={i.state} /></Group>
      </Stack>
      <IncidentActions incident={i} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder radius="md" padding="md">
          <Stack gap="xs">
            <Fact label={t('incidents.occurredAt')}><Text size="sm">{formatDateTime(i.occurredAtMs)}{i.endedAtMs !== null && ` – ${formatDateTime(i.endedAtMs)}`}</Text></Fact>
            <Fact label={t('incidents.place')}><Text size="sm">{i.place}</Text></Fact>
            <Fact label={t('incidents.cameras')}><Text size="sm">{i.cameraIds.length > 0 ? i.cameraIds.map(cameraName).join(', ') : '—'}</Text></Fact>
            <Fact label={t('incidents.reportedBy')}><Text size="sm">{i.reportedBy.displayName} · {formatDateTime(i.createdAtMs)}</Text></Fact>
            <Fact label={t('incidents.assignee')}><Text size="sm">{i.assignee?.displayName ?? '—'}</Text></Fact>
            {i.caseId !== null && (
              <Fact label={t('incidents.case')}>
                {may(me, 'case.read')
                  ? <Anchor component={Link} to={`/cases/${i.caseId}`} size="sm" data-testid="incident-case-link"><Group gap={4}><IconFolder size={16} />{t('incidents.caseNo', { id: i.caseId })}</Group></Anchor>
                  : <Text size="sm">{t('incidents.caseNo', { id: i.caseId })}</Text>}
              </Fact>
            )}
            <Text size="sm" fw={600} mt="xs">{t('incidents.description')}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="incident-description">{i.description}</Text>
            {may(me, 'footage.playback') && i.cameraIds.length > 0 && (
              <Button component={Link} to={playback} variant="light" size="xs" w="fit-content" leftSection={<IconHistory size={16} />}>{t('incidents.watchFootage')}</Button>
            )}
          </Stack>
        </Card>
        <Card withBorder radius="md" padding="md">
          <Stack gap="xs">
            <Text size="sm" fw={600}>{t('incidents.snapshot')}</Text>
            {i.hasSnapshot
              ? <Anchor href={snapshotUrl(i.id)} target="_blank" rel="noopener"><Image src={snapshotUrl(i.id)} alt={t('incidents.snapshot')} radius="sm" bg="black" fit="contain" mah={320} data-testid="incident-snapshot" /></Anchor>
              : <Text size="sm" c="dimmed">{t('incidents.noSnapshot')}</Text>}
            <Text size="sm" fw={600} mt="xs">{t('workflow.holds')}</Text>
            {/* A case takes the incident's holds over when it opens (R3.2): say where they went. */}
            <HoldList holds={i.holds} cameraName={cameraName} emptyText={i.caseId !== null ? t('incidents.heldByCase', { id: i.caseId }) : undefined} />
          </Stack>
        </Card>
      </SimpleGrid>
      <Card withBorder radius="md" padding="md">
        <Text size="sm" fw={600} mb="sm">{t('workflow.history')}</Text>
        <HistoryTimeline entries={i.history} label={(e) => incidentEventLabel(e.event, lang)} testId="incident-history" />
      </Card>
    </Stack>
  );
}
