import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/me-context.js';

/** The demo lets leadership and admin in without a second factor; the screen says so. */
export function DemoNotice() {
  const { t } = useTranslation();
  if (!useSignedIn().twoFactor.relaxedForDemo) return null;
  return (
    <Alert color="yellow" variant="filled" icon={<IconAlertTriangle />} mb="md" data-testid="demo-notice" styles={{ message: { color: 'var(--mantine-color-dark-9)' }, icon: { color: 'var(--mantine-color-dark-9)' } }}>
      {t('demo.notice')}
    </Alert>
  );
}
