import { Group, Pagination, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconLayoutGrid } from '@tabler/icons-react';
import { type CSSProperties, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CameraRow, useCameras } from '../api/cameras.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { PageTitle } from '../components/PageTitle.js';
import { type IncidentPreset, ReportIncidentModal } from '../incidents/ReportIncidentModal.js';
import { LiveFocus, enterFullscreen } from '../live/LiveFocus.js';
import { LiveTile } from '../live/LiveTile.js';
import classes from '../live/live.module.css';
import {
  type CameraGroup, GRID_SIZES, type GridSize, cameraGroups, columnsOf, gridFor, pageOf, storeGrid, storeGroup, storedGrid, storedGroup,
} from '../live/wall-layout.js';

/**
 * The guards' live wall (R7.1): the cameras of their scope in a 1/4/9/16 grid, by group, each tile
 * saying what it shows and since when; double-click for the main stream in full screen. Opening it
 * asks for nothing: the server audits each live view with the guard's duty as the reason (R3.1).
 */
export function LivePage() {
  const { t } = useTranslation();
  const cameras = useCameras();
  const [grid, setGrid] = useState<GridSize | null>(storedGrid);
  const [groupKey, setGroupKey] = useState(storedGroup);
  const [page, setPage] = useState(0);
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const open = useCallback((c: CameraRow) => {
    enterFullscreen();
    setFocusedId(c.id);
  }, []);
  const close = useCallback(() => setFocusedId(null), []);
  // R7.1: the guard on the wall reports what a tile shows, at this moment.
  const [reporting, setReporting] = useState<IncidentPreset | null>(null);
  const report = useCallback((c: CameraRow, snapshot: string | null) => {
    setReporting({ cameraIds: [c.id], atMs: Date.now(), snapshot, snapshotCameraId: snapshot ? c.id : null, place: c.location });
  }, []);
  const mayReport = may(useSignedIn(), 'incident.report');

  if (cameras.isPending) return <FullPageLoader inline />;
  // A failed refresh keeps the wall playing with the list it has, and says so.
  if (!cameras.data) return <ErrorAlert error={cameras.error} />;
  const groups = cameraGroups(cameras.data);
  const group = groups.find((g) => g.key === groupKey) ?? groups[0];
  if (!group) return null;
  const size = grid ?? gridFor(group.cameras.length);
  const shown = pageOf(group.cameras, size, page);
  const focused = cameras.data.find((c) => c.id === focusedId) ?? null;

  return (
    <Stack gap="sm">
      <PageTitle title={t('live.title')}>{t('live.intro')}</PageTitle>
      <Group justify="space-between" gap="sm" mt={-8}>
        <Select
          aria-label={t('live.group')} data={groups.map((g) => ({ value: g.key, label: groupLabel(g, t) }))} value={group.key}
          allowDeselect={false} w={{ base: '100%', xs: 280 }} data-testid="live-group"
          onChange={(v) => {
            if (!v) return;
            setGroupKey(v);
            storeGroup(v);
            setPage(0);
          }}
        />
        <Group gap="xs" wrap="nowrap">
          <IconLayoutGrid size={18} aria-hidden color="var(--mantine-color-dimmed)" />
          <SegmentedControl
            aria-label={t('live.grid')} value={String(size)} data-testid="live-grid"
            data={GRID_SIZES.map((g) => ({ value: String(g), label: <span title={t('live.gridOf', { count: g })}>{g}</span> }))}
            onChange={(v) => {
              const next = GRID_SIZES.find((g) => String(g) === v) ?? size;
              setGrid(next);
              storeGrid(next);
              setPage(0);
            }}
          />
        </Group>
      </Group>
      <ErrorAlert error={cameras.error} />
      {cameras.data.length === 0 && <Text c="dimmed">{t('live.noCameras')}</Text>}
      {cameras.data.length > 0 && group.cameras.length === 0 && (
        <Text c="dimmed">{group.kind === 'attention' ? t('live.noneNeedAttention') : t('live.emptyGroup')}</Text>
      )}
      {group.cameras.length > 0 && (
        <div className={classes.grid} style={{ '--live-cols': columnsOf(size) } as CSSProperties} data-testid="live-wall" data-grid={size}>
          {shown.items.map((c) => <LiveTile key={c.id} camera={c} covered={focused !== null} onOpen={open} onReport={mayReport ? report : undefined} />)}
          {Array.from({ length: size - shown.items.length }, (_, i) => <div key={`empty-${i}`} className={classes.empty} aria-hidden>{t('live.emptyCell')}</div>)}
        </div>
      )}
      {shown.pages > 1 && (
        <Group justify="center">
          <Pagination total={shown.pages} value={shown.page + 1} onChange={(p) => setPage(p - 1)} size="sm" aria-label={t('live.pages')} data-testid="live-pages" />
        </Group>
      )}
      {focused && <LiveFocus camera={focused} onClose={close} />}
      {mayReport && <ReportIncidentModal preset={reporting} cameras={cameras.data} onClose={() => setReporting(null)} />}
    </Stack>
  );
}

function groupLabel(g: CameraGroup, t: ReturnType<typeof useTranslation>['t']): string {
  const count = g.cameras.length;
  if (g.kind === 'all') return t('live.groupAll', { count });
  if (g.kind === 'attention') return t('live.groupAttention', { count });
  return `${g.name ?? ''} (${count})`;
}
