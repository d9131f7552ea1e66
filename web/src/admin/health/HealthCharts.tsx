import { Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { CameraRow } from '../../api/cameras.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FullPageLoader } from '../../components/FullPage.js';
import { formatBitrate, formatDate, formatDayHour, formatHour, formatNumber } from '../format.js';
import { type CameraHealthReport, type HealthWindow, coverageColor, useCameraHealth } from './api.js';
import { BarChart } from './BarChart.js';

const COVERAGE_COLOR = (p: number) => `var(--mantine-color-${coverageColor(p)}-6)`;

/** Bitrate and recorded share per hour of one camera, over 24 hours or 7 days. */
export function HealthCharts({ camera, cameras, onCamera }: { camera: CameraRow; cameras: readonly CameraRow[]; onCamera: (id: number) => void }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const span: HealthWindow = params.get('window') === '7d' ? '7d' : '24h';
  const setSpan = (w: HealthWindow) => setParams((p) => { p.set('window', w); return p; }, { replace: true });
  const health = useCameraHealth(camera.id, span);
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" id="health-charts" data-testid="health-charts">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" gap="sm">
          <Title order={2} size="h4">{t('admin.health.chartsTitle')}</Title>
          <Group gap="sm" align="flex-end">
            <Select
              label={t('admin.health.camera')} data={cameras.map((c) => ({ value: String(c.id), label: c.name }))} value={String(camera.id)}
              onChange={(v) => v && onCamera(Number(v))} allowDeselect={false} searchable w={220}
            />
            <SegmentedControl
              value={span} onChange={(v) => setSpan(v as HealthWindow)} aria-label={t('admin.health.window')}
              data={[{ value: '24h', label: t('admin.health.last24h') }, { value: '7d', label: t('admin.health.last7d') }]}
            />
          </Group>
        </Group>
        {health.isPending && <FullPageLoader inline />}
        <ErrorAlert error={health.error} />
        {health.data && <Charts report={health.data} span={span} />}
      </Stack>
    </Paper>
  );
}

function Charts({ report, span }: { report: CameraHealthReport; span: HealthWindow }) {
  const { t } = useTranslation();
  const s = report.summary;
  const hourly = span === '24h';
  const when = (ms: number) => `${formatDate(ms)} ${formatHour(ms)}–${formatHour(ms + report.bucketMs)}`;
  const maxKbps = Math.max(1, ...report.buckets.map((b) => b.bitrateKbps ?? 0));
  const kbpsTop = niceCeiling(maxKbps);
  const recordedTime = (seconds: number) => (seconds < 3600
    ? t('admin.health.minutes', { value: formatNumber(seconds / 60) })
    : t('admin.health.hours', { value: formatNumber(seconds / 3600, 1) }));
  const figure = (label: string, value: string) => (
    <div><Text size="xs" c="dimmed">{label}</Text><Text fw={700}>{value}</Text></div>
  );
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="health-summary">
        {figure(t('admin.health.recordedShare'), s.coveragePercent === null ? '—' : t('admin.health.percent', { value: formatNumber(s.coveragePercent, 1) }))}
        {figure(t('admin.health.averageBitrate'), s.bitrateKbps === null ? '—' : formatBitrate(s.bitrateKbps))}
        {figure(t('admin.health.segments'), formatNumber(s.segments))}
        {figure(t('admin.health.recordedHours'), recordedTime(s.recordedSeconds))}
      </SimpleGrid>
      <BarChart
        title={t('admin.health.coverageChart')} testId="chart-coverage" yMax={100} yTicks={[0, 50, 100]}
        formatY={(y) => `${y}%`} formatX={hourly ? formatHour : formatDate} xLabelEvery={hourly ? 3 : 24}
        bars={report.buckets.map((b) => ({
          x: b.startMs, y: b.coveragePercent, color: b.coveragePercent === null ? 'transparent' : COVERAGE_COLOR(b.coveragePercent),
          label: b.coveragePercent === null ? `${when(b.startMs)}: ${t('admin.health.notYet')}` : `${when(b.startMs)}: ${t('admin.health.percent', { value: formatNumber(b.coveragePercent, 1) })}`,
        }))}
      />
      <BarChart
        title={t('admin.health.bitrateChart')} testId="chart-bitrate" yMax={kbpsTop} yTicks={[0, kbpsTop / 2, kbpsTop]}
        formatY={(y) => (y === 0 ? '0' : formatBitrate(y).replace(' kbit/s', 'k').replace(' Mbit/s', 'M'))} formatX={hourly ? formatHour : formatDate} xLabelEvery={hourly ? 3 : 24}
        bars={report.buckets.map((b) => ({
          x: b.startMs, y: b.bitrateKbps, color: 'var(--mantine-color-blue-6)',
          label: `${when(b.startMs)}: ${b.bitrateKbps === null ? t('admin.health.noSegment') : formatBitrate(b.bitrateKbps)}`,
        }))}
      />
      <Text size="xs" c="dimmed">{t('admin.health.chartNote', { from: formatDayHour(report.fromMs), to: formatDayHour(report.toMs) })}</Text>
    </Stack>
  );
}

/** 1 830 → 2 000, 740 → 1 000: a round top for the axis. */
function niceCeiling(x: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(x));
  const steps = [1, 2, 5, 10].map((k) => k * magnitude);
  return steps.find((v) => v >= x) ?? 10 * magnitude;
}
