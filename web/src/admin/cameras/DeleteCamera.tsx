import { Alert, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconLock, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CameraRow } from '../../api/cameras.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useCameraHealth } from '../health/api.js';
import { cameraApi } from './api.js';

/** R2.3: a camera with recordings is never deleted (only disabled); one without may be, after asking. */
export function DeleteCamera({ camera }: { camera: CameraRow }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const health = useCameraHealth(camera.id);
  const remove = useMutation({
    mutationFn: () => cameraApi.remove(camera.id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['cameras'], exact: true });
      notifications.show({ color: 'green', message: t('admin.camera.deleted', { name: camera.name }) });
      void navigate('/cameras');
    },
    onSettled: close,
  });
  const hasFootage = (health.data?.storage.segments ?? 0) > 0;
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('admin.camera.deleteTitle')}</Title>
        {hasFootage
          ? <Alert color="gray" variant="light" icon={<IconLock />} data-testid="delete-locked">{t('admin.camera.deleteLocked')}</Alert>
          : <Text size="sm" c="dimmed">{t('admin.camera.deleteHint')}</Text>}
        <ErrorAlert error={remove.error} />
        <Button color="red" variant="outline" leftSection={<IconTrash size={16} />} w="fit-content" disabled={hasFootage || remove.isError} onClick={open}>
          {t('admin.camera.delete')}
        </Button>
      </Stack>
      <Modal opened={opened} onClose={close} title={t('admin.camera.deleteConfirmTitle', { name: camera.name })} centered>
        <Text size="sm" mb="md">{t('admin.camera.deleteConfirm')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>{t('admin.form.cancel')}</Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>{t('admin.camera.delete')}</Button>
        </Group>
      </Modal>
    </Paper>
  );
}
