import { Anchor, Box, Progress, Stack, Text } from '@mantine/core';
import { type UseQueryResult, useQueries } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type CameraRow, shownState, useCameras } from '../../api/cameras.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FullPageLoader } from '../../components/FullPage.js';
import { HealthBadge } from '../../components/HealthBadge.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime } from '../../lib/time.js';
import { type Column, DataList } from '../DataList.js';
import { formatBitrate, formatBytes, formatNumber } from '../format.js';
import { type CameraHealthReport, cameraHealthQuery, coverageColor } from './api.js';
import { HealthCharts } from './HealthCharts.js';

interface Row {
  camera: CameraRow;
  report: UseQueryResult<CameraHealthReport>;
}

/** R8.2: is every camera recording, how well over the last 24 hours, and what does it send. */
export function HealthPage() {
  const { t } = useTranslation();
  const cameras = useCameras();
  const [params, setParams] = useSearchParams();
  const reports = useQueries({ queries: (cameras.data ?? []).map((c) => cameraHealthQuery(c.id, '24h')) });
  if (cameras.isPending) return <FullPageLoader inline />;
  if (cameras.isError) return <ErrorAlert error={cameras.error} />;
  const rows: Row[] = cameras.data.flatMap((camera, i) => {
    const report = reports[i];
    return report ? [{ camera, report }] : [];
  });
  const selected = cameras.data.find((c) => c.id === Number(params.get('camera'))) ?? cameras.data[0];
  const show = (id: number) => {
    setParams((p) => { p.set('camera', String(id)); return p; }, { replace: true });
    document.getElementById('health-charts')?.scrollIntoView({ behavior: 'smooth' });
  };
  const pending = <Text size="sm" c="dimmed">…</Text>;
  const of = (r: Row, render: (h: CameraHealthReport) => ReactNode) =>
    r.report.data ? render(r.report.data) : r.report.isError ? <Text size="sm" c="red.8">{t('admin.health.unavailable')}</Text> : pending;
  const columns: Column<Row>[] = [
    {
      key: 'camera', label: t('admin.health.camera'), render: (r) => (
        <Stack gap={2} align="flex-start" miw={140}>
          <Anchor component="button" type="button" fw={600} onClick={() => show(r.camera.id)} title={t('admin.health.showCharts')}>{r.camera.name}</Anchor>
          <Text size="xs" c="dimmed">{r.camera.location}</Text>
        </Stack>
      ),
    },
    { key: 'state', label: t('admin.health.state'), hideInCard: true, render: (r) => <Box maw={220}><HealthBadge state={shownState(r.camera)} /></Box> },
    { key: 'uptime', label: t('admin.health.uptime'), render: (r) => of(r, (h) => <Uptime report={h} />) },
    { key: 'last', label: t('admin.health.lastSegment'), nowrap: true, render: (r) => of(r, (h) => <Text size="sm">{h.lastSegment ? formatDateTime(h.lastSegment.endMs) : t('admin.health.never')}</Text>) },
    { key: 'bitrate', label: t('admin.health.bitrate'), nowrap: true, render: (r) => of(r, (h) => <Text size="sm">{h.lastSegment?.bitrateKbps != null ? formatBitrate(h.lastSegment.bitrateKbps) : '—'}</Text>) },
    { key: 'stream', label: t('admin.health.stream'), render: (r) => of(r, (h) => <StreamText report={h} />) },
    { key: 'storage', label: t('admin.health.storage'), nowrap: true, render: (r) => of(r, (h) => <Text size="sm">{formatBytes(h.storage.bytes)}</Text>) },
  ];
  return (
    <Stack gap="md">
      <PageTitle title={t('admin.health.title')}>{t('admin.health.intro')}</PageTitle>
      {rows.length === 0 && <Text c="dimmed">{t('cameras.empty')}</Text>}
      {rows.length > 0 && (
        <DataList
          rows={rows} rowKey={(r) => r.camera.id} columns={columns} testId="health-list" minWidth={860}
          cardTitle={(r) => <><Text fw={700}>{r.camera.name}</Text><Text size="xs" c="dimmed">{r.camera.location}</Text></>}
          cardAside={(r) => <Box maw={150}><HealthBadge state={shownState(r.camera)} /></Box>}
          rowData={(r) => ({ 'data-camera': r.camera.name })}
        />
      )}
      {selected && <HealthCharts camera={selected} cameras={cameras.data} onCamera={show} />}
    </Stack>
  );
}

function Uptime({ report }: { report: CameraHealthReport }) {
  const { t } = useTranslation();
  const p = report.summary.coveragePercent;
  if (p === null) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Stack gap={2} miw={110} data-uptime={p}>
      <Text size="sm" fw={600} c={`${coverageColor(p)}.8`}>{t('admin.health.percent', { value: formatNumber(p, 1) })}</Text>
      <Progress value={p} color={coverageColor(p)} size="sm" aria-label={t('admin.health.uptime')} />
    </Stack>
  );
}

function StreamText({ report }: { report: CameraHealthReport }) {
  const { t } = useTranslation();
  const s = report.stream;
  if (!s) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Text size="sm">
      {s.fps !== null ? t('admin.health.fps', { fps: formatNumber(s.fps, 2) }) : '—'}
      <Text span size="xs" c="dimmed" display="block">{s.width}×{s.height} · {s.codec.toUpperCase()}</Text>
    </Text>
  );
}
