import { ActionIcon } from '@mantine/core';
import { useIntersection } from '@mantine/hooks';
import { IconAlertTriangle, IconMaximize } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CameraRow } from '../api/cameras.js';
import { takeSnapshot } from '../incidents/snapshot.js';
import { LiveView } from './LiveView.js';
import { usePageVisible } from './use-live-stream.js';

/**
 * A tile of the wall: the camera's substream while the tile is on screen and the tab is shown.
 * Double-click (or its button, for touch and keyboard) opens the main stream in full screen. For
 * those who may report (R7.1), a button reports an incident with the picture the tile shows now.
 */
export function LiveTile({ camera, covered, onOpen, onReport }: {
  camera: CameraRow;
  covered: boolean;
  onOpen(camera: CameraRow): void;
  onReport?: ((camera: CameraRow, snapshot: string | null) => void) | undefined;
}) {
  const { t } = useTranslation();
  const { ref, entry } = useIntersection<HTMLDivElement>({ threshold: 0.01 });
  const pageVisible = usePageVisible();
  return (
    <LiveView
      camera={camera} stream="sub" wanted={(entry?.isIntersecting ?? false) && pageVisible && !covered} tileRef={ref}
      onDoubleClick={() => onOpen(camera)}
      action={(
        <>
          {onReport && (
            <ActionIcon
              variant="filled" color="red" size="sm" aria-label={t('incidents.report.fromTile', { name: camera.name })} title={t('incidents.report.button')}
              data-testid="report-incident" onDoubleClick={(e) => e.stopPropagation()}
              onClick={(e) => onReport(camera, takeSnapshot(e.currentTarget.closest('[data-camera]')?.querySelector('video')))}
            >
              <IconAlertTriangle size={15} />
            </ActionIcon>
          )}
          <ActionIcon variant="subtle" color="gray.0" size="sm" aria-label={t('live.openFull', { name: camera.name })} title={t('live.openFullHint')} onClick={() => onOpen(camera)}>
            <IconMaximize size={16} />
          </ActionIcon>
        </>
      )}
    />
  );
}
