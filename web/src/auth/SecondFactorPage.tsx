import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi, signedIn } from '../api/auth.js';
import { AuthLayout } from '../components/AuthLayout.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { SecondFactorInput } from '../contract.js';
import { useLogout } from './use-logout.js';

/** The second step: the 6-digit code from the phone, or a recovery code when the phone is lost. */
export function SecondFactorPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const logout = useLogout();
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [formatError, setFormatError] = useState<string | null>(null);
  const check = useMutation({ mutationFn: authApi.secondFactor, onSuccess: (me) => signedIn(client, me) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = recovery ? { recoveryCode: value.trim().toLowerCase() } : { code: value.replace(/\s/g, '') };
    const parsed = SecondFactorInput.safeParse(input);
    if (!parsed.success) {
      setFormatError(recovery ? t('auth.totp.recoveryFormat') : t('auth.totp.codeFormat'));
      return;
    }
    setFormatError(null);
    check.mutate(parsed.data);
  };
  const toggle = () => {
    setRecovery(!recovery);
    setValue('');
    setFormatError(null);
    check.reset();
  };

  return (
    <AuthLayout title={t('auth.totp.title')}>
      <Text size="sm">{recovery ? t('auth.totp.recoveryIntro') : t('auth.totp.intro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={check.error} />
          {recovery ? (
            <TextInput
              key="recovery" name="recoveryCode" label={t('auth.totp.recoveryCode')} placeholder="xxxxx-xxxxx" autoFocus size="md"
              autoComplete="off" autoCapitalize="none" spellCheck={false} value={value} onChange={(e) => setValue(e.currentTarget.value)} error={formatError}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: 1 } }}
            />
          ) : (
            <TextInput
              key="code" name="code" label={t('auth.totp.code')} placeholder="123456" autoFocus size="lg" inputMode="numeric"
              autoComplete="one-time-code" maxLength={7} value={value} onChange={(e) => setValue(e.currentTarget.value)} error={formatError}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: 6, textAlign: 'center' } }}
            />
          )}
          <Button type="submit" loading={check.isPending} fullWidth>{t('auth.totp.submit')}</Button>
          <Anchor component="button" type="button" size="sm" onClick={toggle}>
            {recovery ? t('auth.totp.useCode') : t('auth.totp.useRecovery')}
          </Anchor>
          <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => logout.mutate(false)}>{t('auth.totp.cancel')}</Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
