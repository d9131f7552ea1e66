import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { authApi, signedIn } from '../api/auth.js';
import { AuthLayout } from '../components/AuthLayout.js';
import { useComplaintsT } from '../complaints/i18n.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { LoginInput } from '../contract.js';
import { fieldErrors } from '../lib/fields.js';

/** The sign-in form; its fields are named `username` and `password` (issue 5). */
export function LoginPage() {
  const { t } = useTranslation();
  const tc = useComplaintsT();
  const client = useQueryClient();
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const login = useMutation({
    mutationFn: (input: { username: string; password: string }) => authApi.login(input.username, input.password),
    onSuccess: (me) => signedIn(client, me),
  });

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = LoginInput.safeParse({ username: form.get('username'), password: form.get('password') });
    if (!parsed.success) {
      setMissing(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), true])));
      return;
    }
    setMissing({});
    login.mutate(parsed.data);
  };
  const server = fieldErrors(login.error);

  return (
    <AuthLayout title={t('auth.login.title')}>
      <Text size="sm" c="dimmed">{t('auth.login.intro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={login.error} title={t('auth.login.failedTitle')} />
          <TextInput
            name="username" label={t('auth.login.username')} placeholder={t('auth.login.usernamePlaceholder')}
            autoComplete="username" autoCapitalize="none" autoCorrect="off" spellCheck={false} autoFocus size="md"
            error={missing.username ? t('auth.login.required') : server.username}
          />
          <PasswordInput
            name="password" label={t('auth.login.password')} autoComplete="current-password" size="md"
            error={missing.password ? t('auth.login.required') : server.password}
          />
          <Button type="submit" loading={login.isPending} fullWidth>{t('auth.login.submit')}</Button>
          <Text size="xs" c="dimmed" ta="center">{t('auth.login.forgot')}</Text>
        </Stack>
      </form>
      {/* R3.3: anyone recorded complains without an account. */}
      <Anchor component={Link} to="/khieu-nai" size="sm" ta="center" data-testid="complaint-public-link">{tc('publicLink')}</Anchor>
    </AuthLayout>
  );
}
