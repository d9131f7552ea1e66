import { Anchor, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CameraRow } from '../api/cameras.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import type { TimeRange } from '../playback/timeline-scale.js';
import { AddClipForm } from './AddClipForm.js';
import { useCases } from './api.js';

/** From playback's selection: the same range as a clip of an open case (R4.3). */
export function AddToCaseModal({ opened, range, cameraIds, cameras, onClose }: {
  opened: boolean;
  range: TimeRange;
  cameraIds: readonly number[];
  cameras: readonly CameraRow[];
  onClose(): void;
}) {
  const { t } = useTranslation();
  const cases = useCases(opened);
  const [caseId, setCaseId] = useState<string | null>(null);
  const open = (cases.data ?? []).filter((c) => c.state === 'open');
  const shown = cameras.filter((c) => cameraIds.includes(c.id));
  return (
    <Modal opened={opened} onClose={onClose} title={t('cases.addToCase.title')} size="lg" centered data-testid="add-to-case-modal">
      <Stack gap="sm">
        <ErrorAlert error={cases.error} />
        {cases.data && open.length === 0 && (
          <Text size="sm">{t('cases.addToCase.noOpenCase')} <Anchor component={Link} to="/cases">{t('cases.addToCase.toCases')}</Anchor></Text>
        )}
        {open.length > 0 && (
          <Select
            label={t('cases.addToCase.case')} withAsterisk searchable data={open.map((c) => ({ value: String(c.id), label: `#${c.id} — ${c.title}` }))}
            value={caseId} onChange={setCaseId} comboboxProps={{ withinPortal: true }} data-testid="add-to-case-pick"
          />
        )}
        {caseId && (
          <AddClipForm
            key={caseId} caseId={Number(caseId)} cameras={shown} onAdded={onClose}
            preset={{ cameraId: shown[0]?.id ?? null, fromMs: Math.round(range.startMs), toMs: Math.round(range.endMs) }}
          />
        )}
      </Stack>
    </Modal>
  );
}
