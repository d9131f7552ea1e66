import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconEyeOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A password given by the admin, shown once: copy it, hand it over; the user must change it at first sign-in. */
export function OneTimePassword({ given, onClose }: { given: { username: string; password: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={given !== null} onClose={onClose} title={t('admin.users.otpTitle')} centered closeOnClickOutside={false}>
      {given && (
        <Stack gap="sm">
          <Text size="sm">{t('admin.users.otpFor', { username: given.username })}</Text>
          <Group gap="xs" wrap="nowrap">
            <Code fz="lg" p="sm" style={{ flex: 1, overflowWrap: 'anywhere' }} data-testid="one-time-password">{given.password}</Code>
            <CopyButton value={given.password}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'filled' : 'light'} color={copied ? 'green' : 'blue'} onClick={copy} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}>
                  {copied ? t('admin.users.copied') : t('admin.users.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Alert color="yellow" variant="light" icon={<IconEyeOff />}>{t('admin.users.otpOnce')}</Alert>
          <Group justify="flex-end"><Button onClick={onClose}>{t('admin.users.otpDone')}</Button></Group>
        </Stack>
      )}
    </Modal>
  );
}
