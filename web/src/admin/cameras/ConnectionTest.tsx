import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconPlugConnectedX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { currentLang } from '../../i18n/index.js';
import { formatNumber } from '../format.js';
import { cameraApi } from './api.js';

/** "Kiểm tra kết nối": open the saved main stream now and say what it sends, or why it cannot be reached. */
export function ConnectionTest({ cameraId, unsaved }: { cameraId: number; unsaved: boolean }) {
  const { t } = useTranslation();
  const probe = useMutation({ mutationFn: () => cameraApi.probe(cameraId) });
  const result = probe.data;
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('admin.camera.probeTitle')}</Title>
        <Text size="sm" c="dimmed">{t('admin.camera.probeHint')}</Text>
        {unsaved && <Text size="sm" c="orange.9">{t('admin.camera.probeUnsaved')}</Text>}
        <Button variant="light" onClick={() => probe.mutate()} loading={probe.isPending} w="fit-content" data-testid="probe-button">
          {t('admin.camera.probe')}
        </Button>
        <ErrorAlert error={probe.error} />
        {result && !probe.isPending && (result.reachable ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck />} title={t('admin.camera.probeOk')} data-testid="probe-result" data-reachable="true">
            {result.video
              ? t('admin.camera.probeVideo', { codec: result.video.codec.toUpperCase(), width: result.video.width, height: result.video.height, fps: formatNumber(result.video.fps, 2) })
              : t('admin.camera.probeNoVideo')}
          </Alert>
        ) : (
          <Alert color="red" variant="light" icon={<IconPlugConnectedX />} title={t('admin.camera.probeFailed')} data-testid="probe-result" data-reachable="false">
            {result.error?.[currentLang()] ?? t('admin.camera.probeUnknown')}
          </Alert>
        ))}
      </Stack>
    </Paper>
  );
}
