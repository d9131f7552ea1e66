import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { ReasonFields, type ReasonValue, reasonErrors } from './ReasonFields.js';
import type { ReasonCode } from './reasons.js';

/** R3.1: asked once per session of viewing, before any recorded footage is shown. */
export function ReasonModal({ opened, cameraNames, onSubmit, onCancel }: {
  opened: boolean;
  cameraNames: string[];
  onSubmit(code: ReasonCode, text: string): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState<ReasonValue>({ code: null, text: '' });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = tried ? reasonErrors(value, t) : {};

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!value.code || Object.keys(reasonErrors(value, t)).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(value.code, value.text);
      setTried(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onCancel} title={t('playback.reason.title')} size="lg" centered data-testid="reason-modal">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('playback.reason.intro')}</Text>
          <Text size="sm" fw={600}>{t('playback.reason.cameras', { names: cameraNames.join(', ') })}</Text>
          <ReasonFields value={value} onChange={setValue} errors={errors} autoFocus />
          <ErrorAlert error={error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel}>{t('playback.reason.cancel')}</Button>
            <Button type="submit" loading={busy}>{t('playback.reason.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
