import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../components/PageTitle.js';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('errors.notFoundTitle')}>{t('errors.notFound')}</PageTitle>
      <Anchor component={Link} to="/">{t('errors.backHome')}</Anchor>
    </>
  );
}
