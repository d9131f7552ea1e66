import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/me-context.js';
import { useRequestsT } from '../requests/i18n.js';
import { clipUrl } from './api.js';
import { formatDuration } from './duration.js';
import { ReasonFields, type ReasonValue, reasonErrors } from './ReasonFields.js';
import type { TimeRange } from './timeline-scale.js';
import { formatVnClock, formatVnDate } from './vn-time.js';

/** Mirrors the server's MAX_CLIP_MS (src/server/services/footage.ts). */
export const MAX_CLIP_MS = 2 * 3_600_000;

export interface ClipCamera {
  id: number;
  name: string;
  /** As recorded (`avc1`, `hev1`…), when known from playback. */
  sourceCodec: string | null;
}

const isH265 = (codec: string | null) => codec === 'hev1' || codec === 'hvc1';

/** R2.3: a copy of footage leaves the system — its own reason, audited, original codec (never re-encoded). */
export function ClipModal({ opened, range, cameras, onClose }: { opened: boolean; range: TimeRange; cameras: ClipCamera[]; onClose(): void }) {
  const { t } = useTranslation();
  const tr = useRequestsT();
  // R4.2: leadership takes clips by role, as recorded; anyone else only under a grant, watermarked.
  const byGrant = !useSignedIn().user.roles.some((r) => r.role === 'principal' || r.role === 'vice_principal');
  const [cameraId, setCameraId] = useState<number | null>(cameras[0]?.id ?? null);
  const [value, setValue] = useState<ReasonValue>({ code: null, text: '' });
  const [tried, setTried] = useState(false);
  const camera = cameras.find((c) => c.id === cameraId) ?? cameras[0];
  const errors = tried ? reasonErrors(value, t) : {};
  const tooLong = range.endMs - range.startMs > MAX_CLIP_MS;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!camera || !value.code || tooLong || Object.keys(reasonErrors(value, t)).length > 0) return;
    // The browser downloads it itself (a clip can be large): no copy passes through this page's memory.
    const a = document.createElement('a');
    a.href = clipUrl(camera.id, range, value.code, value.text);
    a.download = '';
    document.body.append(a);
    a.click();
    a.remove();
    notifications.show({ color: 'blue', message: t('playback.clip.started', { name: camera.name }) });
    setTried(false);
    setValue({ code: null, text: '' });
    onClose();
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('playback.clip.title')} size="lg" centered data-testid="clip-modal">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('playback.clip.intro')}</Text>
          {cameras.length > 1 && (
            <Select
              label={t('playback.clip.camera')} data={cameras.map((c) => ({ value: String(c.id), label: c.name }))} allowDeselect={false}
              value={camera ? String(camera.id) : null} onChange={(v) => setCameraId(v ? Number(v) : null)} comboboxProps={{ withinPortal: true }}
            />
          )}
          <Text size="sm" data-testid="clip-range">
            <b>{t('playback.clip.range')}:</b> {formatVnDate(range.startMs)} {formatVnClock(range.startMs)} – {formatVnClock(range.endMs)} ({formatDuration(t, range.endMs - range.startMs)})
            {cameras.length === 1 && camera ? ` · ${camera.name}` : ''}
          </Text>
          {tooLong && <Alert color="red" variant="light">{t('playback.clip.tooLong')}</Alert>}
          <Alert color="gray" variant="light" icon={<IconInfoCircle />}>
            {byGrant ? tr('clipWatermarked') : t('playback.clip.original')}
            {!byGrant && camera && isH265(camera.sourceCodec) && <> {t('playback.clip.originalH265')}</>}
          </Alert>
          <ReasonFields value={value} onChange={setValue} errors={errors} autoFocus />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>{t('playback.reason.cancel')}</Button>
            <Button type="submit" leftSection={<IconDownload size={18} />} disabled={tooLong}>{t('playback.clip.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
