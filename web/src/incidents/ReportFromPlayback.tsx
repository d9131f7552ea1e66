import { Button } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraRow } from '../api/cameras.js';
import { type IncidentPreset, ReportIncidentModal } from './ReportIncidentModal.js';
import { takeSnapshot } from './snapshot.js';

/** The first of the cameras shown whose player has a picture, and that picture. */
function firstPicture(cameraIds: readonly number[]): { cameraId: number; snapshot: string } | null {
  for (const id of cameraIds) {
    const snapshot = takeSnapshot(document.querySelector<HTMLVideoElement>(`[data-testid="playback-tile"][data-camera-id="${id}"] video`));
    if (snapshot) return { cameraId: id, snapshot };
  }
  return null;
}

/** R7.1: report an incident seen while playing back — the cameras shown, the playhead's moment, its picture. */
export function ReportFromPlayback({ cameraIds, cameras, atMs }: { cameraIds: readonly number[]; cameras: readonly CameraRow[]; atMs: number | null }) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<IncidentPreset | null>(null);
  const open = () => {
    const picture = firstPicture(cameraIds);
    const placeOf = cameras.find((c) => c.id === (picture?.cameraId ?? cameraIds[0]));
    setPreset({
      cameraIds: [...cameraIds], atMs: Math.round(atMs ?? Date.now()), snapshot: picture?.snapshot ?? null,
      snapshotCameraId: picture?.cameraId ?? null, place: placeOf?.location ?? '',
    });
  };
  return (
    <>
      <Button variant="light" color="red" size="sm" leftSection={<IconAlertTriangle size={18} />} onClick={open} data-testid="report-incident">
        {t('incidents.report.button')}
      </Button>
      <ReportIncidentModal preset={preset} cameras={cameras} onClose={() => setPreset(null)} />
    </>
  );
}
