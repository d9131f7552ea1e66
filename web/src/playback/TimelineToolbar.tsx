import { ActionIcon, Button, Group, Tooltip } from '@mantine/core';
import { IconArrowBarToLeft, IconArrowBarToRight, IconFocusCentered, IconSelectAll, IconZoomIn, IconZoomOut } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type TimeRange, centreOn, zoomAt } from './timeline-scale.js';

/** Zoom, the whole day, back to the playhead; for those who may take a clip, selecting a range. */
export function TimelineToolbar({ view, bounds, playheadMs, onView, mayClip, selecting, onSelecting, selection, onSelection }: {
  view: TimeRange;
  bounds: TimeRange;
  playheadMs: number | null;
  onView(v: TimeRange): void;
  mayClip: boolean;
  selecting: boolean;
  onSelecting(on: boolean): void;
  selection: TimeRange | null;
  onSelection(r: TimeRange | null): void;
}) {
  const { t } = useTranslation();
  const span = view.endMs - view.startMs;
  const anchor = playheadMs !== null && playheadMs >= view.startMs && playheadMs <= view.endMs ? playheadMs : (view.startMs + view.endMs) / 2;
  const icon = (label: string, node: ReactNode, onClick: () => void, testId: string, disabled = false) => (
    <Tooltip label={label} withArrow>
      <ActionIcon variant="default" size={34} aria-label={label} onClick={onClick} disabled={disabled} data-testid={testId}>{node}</ActionIcon>
    </Tooltip>
  );
  // Marks at the playhead: the precise way to a clip, frame by frame if need be.
  const markStart = (at: number) => onSelection({ startMs: at, endMs: selection && selection.endMs > at ? selection.endMs : Math.min(at + 60_000, bounds.endMs) });
  const markEnd = (at: number) => onSelection({ startMs: selection && selection.startMs < at ? selection.startMs : Math.max(at - 60_000, bounds.startMs), endMs: at });
  return (
    <Group gap={6} wrap="wrap" justify="space-between">
      <Group gap={6} wrap="nowrap">
        {icon(t('playback.timeline.zoomOut'), <IconZoomOut size={18} />, () => onView(zoomAt(view, 2.5, anchor, bounds)), 'zoom-out', span >= bounds.endMs - bounds.startMs)}
        {icon(t('playback.timeline.zoomIn'), <IconZoomIn size={18} />, () => onView(zoomAt(view, 0.4, anchor, bounds)), 'zoom-in', span <= 60_000)}
        {icon(t('playback.timeline.toPlayhead'), <IconFocusCentered size={18} />, () => playheadMs !== null && onView(centreOn(playheadMs, span, bounds)), 'to-playhead', playheadMs === null)}
        <Button variant="subtle" size="xs" onClick={() => onView(bounds)}>{t('playback.timeline.wholeDay')}</Button>
      </Group>
      {mayClip && (
        <Group gap={6} wrap="nowrap">
          {icon(t('playback.selection.markStart'), <IconArrowBarToRight size={18} />, () => playheadMs !== null && markStart(playheadMs), 'mark-start', playheadMs === null)}
          {icon(t('playback.selection.markEnd'), <IconArrowBarToLeft size={18} />, () => playheadMs !== null && markEnd(playheadMs), 'mark-end', playheadMs === null)}
          <Button
            size="xs" variant={selecting ? 'filled' : 'light'} leftSection={<IconSelectAll size={16} />} aria-pressed={selecting}
            onClick={() => onSelecting(!selecting)} data-testid="select-range"
          >
            {t('playback.timeline.select')}
          </Button>
        </Group>
      )}
    </Group>
  );
}
