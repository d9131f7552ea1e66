import { Button, List, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ME_KEY, authApi, useMe } from '../api/auth.js';
import { AuthLayout } from '../components/AuthLayout.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageTitle } from '../components/PageTitle.js';
import { ChangePasswordInput, checkPassword } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { fieldErrors } from '../lib/fields.js';

/** One's own password: forced after a password given by the admin (stage `password`), or from the user menu. */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const client = useQueryClient();
  const navigate = useNavigate();
  const [next, setNext] = useState('');
  const [problems, setProblems] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const change = useMutation({
    mutationFn: (p: { currentPassword: string; newPassword: string }) => authApi.changePassword(p.currentPassword, p.newPassword),
    onSuccess: async ({ sessionsEnded }) => {
      await client.invalidateQueries({ queryKey: ME_KEY });
      if (forced) return;
      notifications.show({ color: 'green', message: t('auth.password.done', { count: sessionsEnded }) });
      void navigate('/');
    },
  });
  // The same policy as the server (src/domain/password-policy.ts), in the user's language, as they type.
  const weak = next ? checkPassword(next, me?.user.username ?? '').map((p) => p[currentLang()]) : [];

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = ChangePasswordInput.safeParse({ currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') });
    const confirmed = form.get('confirmPassword') === form.get('newPassword');
    const found = {
      ...(parsed.success || !parsed.error.issues.some((i) => i.path[0] === 'currentPassword') ? {} : { current: t('auth.login.required') }),
      ...(weak.length > 0 || !next ? { next: weak.join(' ') || t('auth.login.required') } : {}),
      ...(confirmed ? {} : { confirm: t('auth.password.mismatch') }),
    };
    setProblems(found);
    if (!parsed.success || Object.keys(found).length > 0) return;
    change.mutate(parsed.data);
  };
  const server = fieldErrors(change.error);

  const form: ReactNode = (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={change.error} />
        <PasswordInput name="currentPassword" label={t('auth.password.current')} autoComplete="current-password" size="md" error={problems.current ?? server.currentPassword} />
        <PasswordInput
          name="newPassword" label={t('auth.password.new')} autoComplete="new-password" size="md" value={next}
          onChange={(e) => setNext(e.currentTarget.value)} description={t('auth.password.rules')} error={problems.next ?? server.newPassword}
        />
        {weak.length > 0 && !problems.next && (
          <List size="xs" c="orange.9" spacing={2}>{weak.map((w) => <List.Item key={w}>{w}</List.Item>)}</List>
        )}
        <PasswordInput name="confirmPassword" label={t('auth.password.confirm')} autoComplete="new-password" size="md" error={problems.confirm} />
        <Button type="submit" loading={change.isPending} fullWidth={forced}>{t('auth.password.submit')}</Button>
      </Stack>
    </form>
  );

  if (forced) {
    return (
      <AuthLayout title={t('auth.password.title')}>
        <Text size="sm">{t('auth.password.forcedIntro')}</Text>
        {form}
      </AuthLayout>
    );
  }
  return (
    <Stack maw={480}>
      <PageTitle title={t('auth.password.title')}>{t('auth.password.intro')}</PageTitle>
      {form}
    </Stack>
  );
}
