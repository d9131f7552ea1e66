import { Autocomplete, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCameras } from '../../api/cameras.js';
import { may, useSignedIn } from '../../auth/me-context.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FullPageLoader } from '../../components/FullPage.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ROLE_LABELS, type Role } from '../../contract.js';
import { currentLang } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/time.js';
import { REASON_LABELS, type ReasonCode } from '../contract.js';
import { WHOLE_BADGE } from '../badge.js';
import { type Column, DataList } from '../DataList.js';
import { DayInput } from '../DayInput.js';
import { vietnamDayStart } from '../format.js';
import { useUsers } from '../users/api.js';
import { type AuditEvent, type AuditFilter, useAuditLog } from './api.js';
import { ACTION_LABELS, ACTION_PRESETS } from './labels.js';
import { VerifyChain } from './VerifyChain.js';

const OUTCOME_COLOR = { allowed: 'green', denied: 'red', failed: 'orange' } as const;
const DAY_MS = 86_400_000;

interface Filters {
  actor: string;
  cameraId: string | null;
  action: string | null;
  outcome: AuditEvent['outcome'] | null;
  fromDay: string;
  toDay: string;
}
const NO_FILTER: Filters = { actor: '', cameraId: null, action: null, outcome: null, fromDay: '', toDay: '' };

/** The filters as the API takes them: days in Vietnam, the last one included. */
function apiFilter(f: Filters, actor: string): AuditFilter {
  const from = vietnamDayStart(f.fromDay);
  const to = vietnamDayStart(f.toDay);
  return {
    ...(actor.trim() ? { actor: actor.trim().toLowerCase() } : {}), ...(f.cameraId ? { cameraId: Number(f.cameraId) } : {}),
    ...(f.action ? { action: f.action } : {}), ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(from !== null ? { from } : {}), ...(to !== null ? { to: to + DAY_MS } : {}),
  };
}

/** The principal reads who did what, when, to which camera, why, and whether it was allowed (R3.1, R2.3). */
export function AuditPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useSignedIn();
  const [filters, setFilters] = useState<Filters>(NO_FILTER);
  const [actor] = useDebouncedValue(filters.actor, 400);
  const log = useAuditLog(apiFilter(filters, actor));
  const cameras = useCameras();
  const users = useUsers(may(me, 'account.read'));
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  const cameraName = new Map((cameras.data ?? []).map((c) => [c.id, c.name]));
  const events = log.data?.pages.flatMap((p) => p.events) ?? [];
  const roleLabel = (role: string | null) => (role && role in ROLE_LABELS ? ROLE_LABELS[role as Role][lang] : null);
  const columns: Column<AuditEvent>[] = [
    { key: 'time', label: t('admin.audit.time'), nowrap: true, render: (e) => <><Text size="sm">{formatDateTime(e.atMs)}</Text><Text size="xs" c="dimmed">#{e.seq}</Text></> },
    {
      key: 'who', label: t('admin.audit.who'), render: (e) => (
        <><Text size="sm" fw={600}>{e.actor === 'system' ? t('admin.audit.system') : e.actor}</Text>{roleLabel(e.actorRole) && <Text size="xs" c="dimmed">{roleLabel(e.actorRole)}</Text>}</>
      ),
    },
    { key: 'action', label: t('admin.audit.action'), hideInCard: true, render: (e) => <Text size="sm" title={e.action}>{ACTION_LABELS[e.action]?.[lang] ?? e.action}</Text> },
    { key: 'camera', label: t('admin.audit.camera'), render: (e) => <Text size="sm">{e.cameraId === null ? '—' : (cameraName.get(e.cameraId) ?? `#${e.cameraId}`)}</Text> },
    {
      key: 'reason', label: t('admin.audit.reason'), render: (e) => (e.reasonCode
        ? <><Text size="sm">{REASON_LABELS[e.reasonCode as ReasonCode]?.[lang] ?? e.reasonCode}</Text>{e.reasonText && <Text size="xs" c="dimmed">{e.reasonText}</Text>}</>
        : <Text size="sm" c="dimmed">—</Text>),
    },
    { key: 'ip', label: t('admin.audit.ip'), nowrap: true, render: (e) => <Text size="sm" ff="monospace">{e.ip ?? '—'}</Text> },
    { key: 'outcome', label: t('admin.audit.outcome'), nowrap: true, hideInCard: true, render: (e) => <Outcome outcome={e.outcome} /> },
  ];
  return (
    <Stack gap="md">
      <PageTitle title={t('admin.audit.title')}>{t('admin.audit.intro')}</PageTitle>
      <VerifyChain />
      <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="audit-filters">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          <Autocomplete
            label={t('admin.audit.filterUser')} placeholder={t('admin.audit.anyone')} value={filters.actor} onChange={(v) => set('actor', v)} name="actor"
            data={(users.data ?? []).map((u) => ({ value: u.username, label: `${u.username} — ${u.fullName}` }))} limit={20}
          />
          <Select
            label={t('admin.audit.filterCamera')} placeholder={t('admin.audit.anyCamera')} clearable searchable value={filters.cameraId} onChange={(v) => set('cameraId', v)}
            data={(cameras.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          />
          <Select
            label={t('admin.audit.filterAction')} placeholder={t('admin.audit.anyAction')} clearable value={filters.action} onChange={(v) => set('action', v)}
            data={ACTION_PRESETS.map((p) => ({ value: p.value, label: t(`admin.audit.presets.${p.key}`) }))} data-testid="action-filter"
          />
          <Select
            label={t('admin.audit.filterOutcome')} placeholder={t('admin.audit.anyOutcome')} clearable value={filters.outcome}
            onChange={(v) => set('outcome', v as Filters['outcome'])}
            data={(['allowed', 'denied', 'failed'] as const).map((o) => ({ value: o, label: t(`admin.audit.outcomes.${o}`) }))}
          />
          <DayInput label={t('admin.audit.fromDay')} value={filters.fromDay} onChange={(day) => set('fromDay', day)} />
          <DayInput label={t('admin.audit.toDay')} value={filters.toDay} onChange={(day) => set('toDay', day)} />
        </SimpleGrid>
        <Group mt="sm">
          <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={14} />} onClick={() => setFilters(NO_FILTER)}>{t('admin.audit.clear')}</Button>
        </Group>
      </Paper>
      {log.isPending && <FullPageLoader inline />}
      <ErrorAlert error={log.error} />
      {log.isSuccess && events.length === 0 && <Text c="dimmed">{t('admin.audit.none')}</Text>}
      {events.length > 0 && (
        <DataList
          rows={events} rowKey={(e) => e.seq} columns={columns} testId="audit-list" minWidth={1000}
          rowData={(e) => ({ 'data-action': e.action, 'data-actor': e.actor })}
          cardTitle={(e) => <><Text size="sm" fw={700}>{ACTION_LABELS[e.action]?.[lang] ?? e.action}</Text><Text size="xs" c="dimmed">{formatDateTime(e.atMs)} · #{e.seq}</Text></>}
          cardAside={(e) => <Outcome outcome={e.outcome} />}
        />
      )}
      {log.hasNextPage && (
        <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} w="fit-content" data-testid="load-more">
          {t('admin.audit.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function Outcome({ outcome }: { outcome: AuditEvent['outcome'] }) {
  const { t } = useTranslation();
  return <Badge color={OUTCOME_COLOR[outcome]} variant="light" tt="none" data-outcome={outcome} styles={WHOLE_BADGE}>{t(`admin.audit.outcomes.${outcome}`)}</Badge>;
}
