import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FullPageLoader } from '../../components/FullPage.js';
import { PageTitle } from '../../components/PageTitle.js';
import { CalendarCard } from '../../complaints/CalendarCard.js';
import { SettingsForm } from '../SettingsForm.js';
import { SchoolSettingsForm } from './SchoolSettingsForm.js';
import { SIGN_IN_KEY, settingsApi, useSignInSettings } from './api.js';

/** "From Vietnamese law": lockout after failed sign-ins and session lengths, for the admin and the principal. */
export function SignInSettingsPage() {
  const { t } = useTranslation();
  const settings = useSignInSettings();
  if (settings.isPending) return <FullPageLoader inline />;
  if (settings.isError) return <ErrorAlert error={settings.error} />;
  return (
    <Stack gap="md" maw={900}>
      <PageTitle title={t('admin.settings.title')}>{t('admin.settings.intro')}</PageTitle>
      <SettingsForm
        title={t('admin.settings.signInTitle')} values={settings.data} testId="sign-in-settings" canEdit save={settingsApi.signIn} invalidates={[SIGN_IN_KEY]}
        fields={[
          { name: 'maxFailures', label: t('admin.settings.maxFailures'), description: t('admin.settings.maxFailuresHint'), min: 3, max: 20, suffix: t('admin.settings.times') },
          { name: 'lockoutMinutes', label: t('admin.settings.lockoutMinutes'), min: 1, max: 1440, suffix: t('admin.settings.minutes') },
          { name: 'sessionIdleMinutes', label: t('admin.settings.sessionIdleMinutes'), description: t('admin.settings.sessionIdleHint'), min: 5, max: 1440, suffix: t('admin.settings.minutes') },
          { name: 'sessionAbsoluteHours', label: t('admin.settings.sessionAbsoluteHours'), min: 1, max: 168, suffix: t('admin.settings.hours') },
        ]}
      />
      {/* The header is public facts: whoever may open this page (settings.manage) reads and saves it. */}
      <SchoolSettingsForm />
      {/* R3.3: the public holidays that complaint deadlines (working days) skip. */}
      <CalendarCard />
    </Stack>
  );
}
