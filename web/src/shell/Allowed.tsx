import { Alert, Anchor } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { may, useSignedIn } from '../auth/me-context.js';
import type { Action } from '../contract.js';

/** A screen for those who may take its action; the others are told how to ask (the API refuses them anyway). */
export function Allowed({ action, children }: { action: Action; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useSignedIn();
  if (may(me, action)) return children;
  return (
    <Alert color="orange" variant="light" icon={<IconLock />} title={t('errors.forbiddenTitle')} maw={560}>
      {t('errors.forbidden')}{' '}
      <Anchor component={Link} to="/">{t('errors.backHome')}</Anchor>
    </Alert>
  );
}
