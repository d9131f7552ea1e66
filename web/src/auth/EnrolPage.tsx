import { Alert, Button, Center, Code, Group, Image, Loader, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconShieldLock } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ME_KEY, type Enrolment, authApi, useMe } from '../api/auth.js';
import { AuthLayout } from '../components/AuthLayout.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageTitle } from '../components/PageTitle.js';
import { TotpConfirmInput } from '../contract.js';
import { RecoveryCodes } from './RecoveryCodes.js';

/**
 * TOTP enrolment: scan the QR code (or type the key), confirm with a first code, then keep the
 * 10 recovery codes, shown this once. `forced`: the sign-in step of leadership and admin.
 */
export function EnrolPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const client = useQueryClient();
  const navigate = useNavigate();
  const [started, setStarted] = useState(forced);
  const [codes, setCodes] = useState<string[] | null>(null);
  // A POST, asked once: a new secret each time would leave the phone with a stale one.
  const enrolment = useQuery({
    queryKey: ['totp-enrol'], queryFn: authApi.beginEnrol, enabled: started && codes === null,
    staleTime: Infinity, gcTime: 0, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false,
  });

  const done = async () => {
    await client.invalidateQueries({ queryKey: ME_KEY });
    if (!forced) {
      notifications.show({ color: 'green', message: t('auth.enrol.done') });
      void navigate('/');
    }
  };

  let body: ReactNode;
  if (codes) body = <RecoveryCodes codes={codes} username={me?.user.username ?? ''} onSaved={() => void done()} />;
  else if (!started) body = <Intro enabled={me?.twoFactor.enabled ?? false} left={me?.twoFactor.recoveryCodesLeft ?? 0} onStart={() => setStarted(true)} />;
  else if (enrolment.isPending) body = <Center h={240}><Loader /></Center>;
  else if (enrolment.isError) body = <ErrorAlert error={enrolment.error} />;
  else body = <ScanAndConfirm enrolment={enrolment.data} onConfirmed={setCodes} />;

  if (forced) {
    return (
      <AuthLayout title={codes ? t('auth.enrol.codesTitle') : t('auth.enrol.title')} width={520}>
        {!codes && <Text size="sm">{t('auth.enrol.forcedIntro')}</Text>}
        {body}
      </AuthLayout>
    );
  }
  return (
    <Stack maw={560}>
      <PageTitle title={codes ? t('auth.enrol.codesTitle') : t('auth.enrol.title')}>{!codes && t('auth.enrol.intro')}</PageTitle>
      {body}
    </Stack>
  );
}

function Intro({ enabled, left, onStart }: { enabled: boolean; left: number; onStart: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start">
      {enabled && (
        <Alert color="blue" variant="light" icon={<IconShieldLock />}>
          {t('auth.enrol.enabledIntro', { count: left })} {t('auth.enrol.resetWarning')}
        </Alert>
      )}
      <Button onClick={onStart}>{enabled ? t('auth.enrol.restart') : t('auth.enrol.start')}</Button>
    </Stack>
  );
}

function ScanAndConfirm({ enrolment, onConfirmed }: { enrolment: Enrolment; onConfirmed: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [formatError, setFormatError] = useState<string | null>(null);
  const confirm = useMutation({ mutationFn: authApi.confirmEnrol, onSuccess: (r) => onConfirmed(r.recoveryCodes) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = TotpConfirmInput.safeParse({ code: code.replace(/\s/g, '') });
    if (!parsed.success) {
      setFormatError(t('auth.totp.codeFormat'));
      return;
    }
    setFormatError(null);
    confirm.mutate(parsed.data.code);
  };
  // The server's QR code is an SVG document; shown as an image, never injected as markup.
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`;
  const secret = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <Stack gap="md">
      <Text size="sm" fw={500}>{t('auth.enrol.step1')}</Text>
      <Center>
        <Image src={qr} alt={t('auth.enrol.qrAlt')} w={220} h={220} bg="white" radius="sm" data-testid="totp-qr" />
      </Center>
      <Stack gap={4}>
        <Text size="sm" c="dimmed">{t('auth.enrol.secretLabel')}</Text>
        <Code block fz="md" ta="center" data-testid="totp-secret" style={{ wordBreak: 'break-all', letterSpacing: 1 }}>{secret}</Code>
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" fw={500}>{t('auth.enrol.step2')}</Text>
          <ErrorAlert error={confirm.error} />
          <Group align="flex-start" wrap="nowrap">
            <TextInput
              name="code" aria-label={t('auth.totp.code')} placeholder="123456" inputMode="numeric" autoComplete="one-time-code" maxLength={7}
              size="md" value={code} onChange={(e) => setCode(e.currentTarget.value)} error={formatError} style={{ flex: 1 }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: 4, textAlign: 'center' } }}
            />
            <Button type="submit" loading={confirm.isPending}>{t('auth.enrol.confirm')}</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
