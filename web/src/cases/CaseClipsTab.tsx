import { Anchor, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../admin/format.js';
import { useCameras } from '../api/cameras.js';
import type { CaseClip, EvidenceCaseDetail } from '../contract.js';
import { useIncident } from '../incidents/api.js';
import { formatDuration } from '../playback/duration.js';
import { formatVnDateTime } from '../playback/vn-time.js';
import { AddClipForm } from './AddClipForm.js';
import { clipFileUrl } from './api.js';
import { clipPreset } from './clip-preset.js';

function ClipCard({ caseId, clip }: { caseId: number; clip: CaseClip }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="sm" data-testid="case-clip" data-clip={clip.id}>
      <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={700}>{clip.cameraName}</Text>
          <Text size="sm">{formatVnDateTime(clip.startMs)} – {formatVnDateTime(clip.endMs)} ({formatDuration(t, clip.endMs - clip.startMs)})</Text>
        </div>
        <Anchor href={clipFileUrl(caseId, clip.id)} download={clip.fileName} size="sm">
          <Group gap={4} wrap="nowrap"><IconDownload size={16} />{t('cases.clips.download')}</Group>
        </Anchor>
      </Group>
      {clip.note && <Text size="sm" mt={4}>{clip.note}</Text>}
      <Text size="xs" mt={6}>SHA-256: <Code fz="xs" style={{ overflowWrap: 'anywhere' }} data-testid="clip-sha256">{clip.sha256}</Code></Text>
      <Text size="xs" c="dimmed" mt={4}>{clip.fileName} · {formatBytes(clip.bytes)} · {t('cases.clips.addedBy', { name: clip.addedBy, time: formatVnDateTime(clip.addedAtMs) })}</Text>
    </Card>
  );
}

/** R4.3: the clips attached as evidence, each with its fingerprint; new ones for those who may. */
export function CaseClipsTab({ c, editable }: { c: EvidenceCaseDetail; editable: boolean }) {
  const { t } = useTranslation();
  const cameras = useCameras(editable);
  const incident = useIncident(c.incidentId ?? 0, editable && c.incidentId !== null);
  return (
    <Stack gap="md">
      {c.clips.length === 0 && <Text c="dimmed" size="sm">{t('cases.clips.none')}</Text>}
      {c.clips.map((clip) => <ClipCard key={clip.id} caseId={c.id} clip={clip} />)}
      {editable && (cameras.data ?? []).length > 0 && (c.incidentId === null || !incident.isPending) && (
        <Card withBorder radius="md" padding="md">
          <Title order={3} fz="md" mb="xs">{t('cases.clips.addTitle')}</Title>
          <AddClipForm caseId={c.id} cameras={cameras.data ?? []} preset={clipPreset(incident.data, Date.now())} />
        </Card>
      )}
    </Stack>
  );
}
