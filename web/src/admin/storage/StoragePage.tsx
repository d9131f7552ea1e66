import { Box, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCameras } from '../../api/cameras.js';
import { may, useSignedIn } from '../../auth/me-context.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FullPageLoader } from '../../components/FullPage.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime } from '../../lib/time.js';
import { type Column, DataList } from '../DataList.js';
import { formatBytes, formatNumber } from '../format.js';
import { SettingsForm } from '../SettingsForm.js';
import { STORAGE_KEY, type StorageUsage, settingsApi, useStorage } from './api.js';

const LEVEL_COLOR = { ok: 'blue', warning: 'yellow', critical: 'red' } as const;

type CameraUsage = StorageUsage['recordings']['perCamera'][number];

/** R3.2: how full the disk is, what each camera keeps, and for how long. */
export function StoragePage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const storage = useStorage();
  const cameras = useCameras();
  if (storage.isPending) return <FullPageLoader inline />;
  if (storage.isError) return <ErrorAlert error={storage.error} />;
  const s = storage.data;
  const names = new Map((cameras.data ?? []).map((c) => [c.id, c.name]));
  const columns: Column<CameraUsage>[] = [
    { key: 'camera', label: t('admin.storage.camera'), render: (c) => <Text fw={600}>{names.get(c.cameraId) ?? t('admin.storage.cameraNumber', { id: c.cameraId })}</Text> },
    { key: 'bytes', label: t('admin.storage.used'), nowrap: true, render: (c) => formatBytes(c.bytes) },
    { key: 'segments', label: t('admin.storage.segments'), nowrap: true, render: (c) => formatNumber(c.segments) },
    { key: 'oldest', label: t('admin.storage.oldest'), nowrap: true, render: (c) => (c.oldestMs ? formatDateTime(c.oldestMs) : '—') },
    { key: 'newest', label: t('admin.storage.newest'), nowrap: true, render: (c) => (c.newestMs ? formatDateTime(c.newestMs) : '—') },
  ];
  return (
    <Stack gap="md">
      <PageTitle title={t('admin.storage.title')}>{t('admin.storage.intro')}</PageTitle>
      <DiskCard usage={s} />
      <Title order={2} size="h4">{t('admin.storage.perCamera')}</Title>
      {s.recordings.perCamera.length === 0
        ? <Text c="dimmed">{t('admin.storage.noRecordings')}</Text>
        : <DataList rows={s.recordings.perCamera} rowKey={(c) => c.cameraId} columns={columns} testId="storage-cameras" minWidth={640}
            cardTitle={(c) => <Text fw={700}>{names.get(c.cameraId) ?? t('admin.storage.cameraNumber', { id: c.cameraId })}</Text>} />}
      <SettingsForm
        title={t('admin.storage.retentionTitle')} intro={t('admin.storage.retentionIntro')} values={s.retention} testId="retention-form"
        canEdit={may(me, 'settings.manage')} save={settingsApi.retention} invalidates={[STORAGE_KEY]}
        fieldOfCode={{ 'retention.tooShort': 'retentionDays', 'retention.marksOrder': 'warnPercent' }}
        fields={[
          { name: 'retentionDays', label: t('admin.storage.retentionDays'), description: t('admin.storage.retentionDaysHint'), min: 1, max: 3650, suffix: t('admin.storage.daysUnit') },
          { name: 'warnPercent', label: t('admin.storage.warnPercent'), description: t('admin.storage.warnPercentHint'), min: 40, max: 98, suffix: '%' },
          { name: 'highWaterPercent', label: t('admin.storage.highWaterPercent'), description: t('admin.storage.highWaterPercentHint'), min: 50, max: 99, suffix: '%' },
        ]}
      />
    </Stack>
  );
}

/** The disk as a bar, with the warning and the deleting marks drawn on it. */
function DiskCard({ usage }: { usage: StorageUsage }) {
  const { t } = useTranslation();
  const { disk, retention, lastSweep } = usage;
  const mark = (percent: number, label: string, color: string) => (
    <Box pos="absolute" top={-4} bottom={-4} left={`${percent}%`} style={{ borderLeft: `2px dashed var(--mantine-color-${color}-7)` }} title={label} aria-hidden />
  );
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="disk-card">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline" gap="xs">
          <Title order={2} size="h4">{t('admin.storage.disk')}</Title>
          <Text fw={700} c={`${LEVEL_COLOR[disk.level]}.8`} data-level={disk.level}>
            {t(`admin.storage.level.${disk.level}`)} · {t('admin.health.percent', { value: formatNumber(disk.usedPercent, 1) })}
          </Text>
        </Group>
        <Box pos="relative" my={4}>
          <Progress value={disk.usedPercent} color={LEVEL_COLOR[disk.level]} size={22} radius="sm" aria-label={t('admin.storage.disk')} />
          {mark(retention.warnPercent, t('admin.storage.warnMark', { percent: retention.warnPercent }), 'yellow')}
          {mark(retention.highWaterPercent, t('admin.storage.highWaterMark', { percent: retention.highWaterPercent }), 'red')}
        </Box>
        <Group gap="lg" wrap="wrap">
          <Text size="xs" c="yellow.9">┆ {t('admin.storage.warnMark', { percent: retention.warnPercent })}</Text>
          <Text size="xs" c="red.8">┆ {t('admin.storage.highWaterMark', { percent: retention.highWaterPercent })}</Text>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <Figure label={t('admin.storage.total')} value={formatBytes(disk.totalBytes)} />
          <Figure label={t('admin.storage.free')} value={formatBytes(disk.freeBytes)} />
          <Figure label={t('admin.storage.recordings')} value={formatBytes(usage.recordings.bytes)} />
          <Figure label={t('admin.storage.keptDays')} value={t('admin.storage.days', { count: retention.retentionDays })} />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {lastSweep
            ? t('admin.storage.lastSweep', { time: formatDateTime(lastSweep.atMs), count: lastSweep.deleted, freed: formatBytes(lastSweep.freedBytes), held: lastSweep.keptHeld })
            : t('admin.storage.noSweep')}
        </Text>
      </Stack>
    </Paper>
  );
}

const Figure = ({ label, value }: { label: string; value: string }) => (
  <div><Text size="xs" c="dimmed">{label}</Text><Text fw={700}>{value}</Text></div>
);
