import { Alert, Anchor, Badge, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { HEALTHS, shownState, useCameras } from '../api/cameras.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { HEALTH_COLOR, HealthBadge } from '../components/HealthBadge.js';
import { FullPageLoader } from '../components/FullPage.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { MyGrantsCard } from '../requests/MyGrantsCard.js';

/** The overview: how the user's cameras are doing, and their account. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const lang = currentLang();
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Title order={1} fz={{ base: 22, sm: 28 }}>{t('home.greeting', { name: me.user.fullName })}</Title>
        <Group gap={6}>
          {me.user.roles.map((r) => <Badge key={r.role} variant="light" tt="none">{r.label[lang]}</Badge>)}
          {me.user.unit && <Text size="sm" c="dimmed">{me.user.unit.name}</Text>}
        </Group>
      </Stack>
      <MyGrantsCard />
      {may(me, 'camera.read') ? <CameraStatus /> : (
        <Alert color="blue" variant="light" icon={<IconInfoCircle />} title={t('home.noCameraRight')} maw={640}>
          {t('home.noCameraRightHint')}
        </Alert>
      )}
      <AccountCard />
    </Stack>
  );
}

function CameraStatus() {
  const { t } = useTranslation();
  const cameras = useCameras();
  if (cameras.isPending) return <FullPageLoader inline />;
  if (cameras.isError) return <ErrorAlert error={cameras.error} />;
  const rows = cameras.data.map((c) => ({ camera: c, shown: shownState(c) }));
  const count = (h: (typeof HEALTHS)[number]) => rows.filter((r) => r.shown.health === h).length;
  const attention = rows.filter((r) => r.shown.health === 'offline' || r.shown.health === 'reconnecting');
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="baseline">
        <Title order={2} fz={{ base: 18, sm: 22 }}>{t('home.camerasTitle')}</Title>
        <Anchor component={Link} to="/cameras" size="sm">{t('home.seeCameras')}</Anchor>
      </Group>
      <Text size="sm" c="dimmed">{t('home.camerasTotal', { count: rows.length })}</Text>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        {HEALTHS.map((h) => (
          <Paper key={h} withBorder p="md" radius="md" data-testid={`count-${h}`} style={{ borderLeft: `4px solid var(--mantine-color-${HEALTH_COLOR[h]}-6)` }}>
            <Text size="sm" c="dimmed">{t(`health.${h}`)}</Text>
            <Text fz={32} fw={700} lh={1.1} c={count(h) > 0 && h !== 'recording' ? `${HEALTH_COLOR[h]}.8` : undefined}>{count(h)}</Text>
          </Paper>
        ))}
      </SimpleGrid>
      {rows.length === 0 && <Text c="dimmed">{t('home.noCameras')}</Text>}
      {rows.length > 0 && attention.length === 0 && (
        <Alert color="green" variant="light" icon={<IconCheck />}>{t('home.allRecording')}</Alert>
      )}
      {attention.length > 0 && (
        <Card withBorder radius="md">
          <Group gap="xs" mb="xs">
            <IconAlertTriangle size={18} color="var(--mantine-color-red-7)" />
            <Text fw={600}>{t('home.needAttention')}</Text>
          </Group>
          <Stack gap="sm">
            {attention.map(({ camera, shown }) => (
              // On a phone the state (with its error, which can be long) goes under the name rather than squeezing it.
              <Group key={camera.id} justify="space-between" wrap="wrap" align="flex-start" gap="xs">
                <div style={{ flex: '1 1 160px', minWidth: 0 }}>
                  <Text fw={500}>{camera.name}</Text>
                  <Text size="xs" c="dimmed">{camera.location}</Text>
                </div>
                <div style={{ flex: '0 1 auto', minWidth: 0, maxWidth: '100%' }}><HealthBadge state={shown} /></div>
              </Group>
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

function AccountCard() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const tf = me.twoFactor;
  const row = (label: string, value: string) => (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size="sm" c="dimmed">{label}</Text>
      <Text size="sm" ta="right">{value}</Text>
    </Group>
  );
  return (
    <Card withBorder radius="md" maw={640} data-testid="account-card">
      <Title order={2} size="h4" mb="sm">{t('home.accountTitle')}</Title>
      <Stack gap={6}>
        {row(t('home.username'), me.user.username)}
        {row(t('home.unit'), me.user.unit?.name ?? t('user.noUnit'))}
        {row(t('home.twoFactor'), tf.enabled ? t('home.twoFactorOn', { count: tf.recoveryCodesLeft }) : t('home.twoFactorOff'))}
        {row(t('home.sessionEnds'), formatDateTime(me.session.expiresAt))}
        <Text size="xs" c="dimmed">{t('home.idle', { minutes: me.session.idleMinutes })}</Text>
        {tf.enabled && tf.recoveryCodesLeft <= 3 && (
          <Alert color="yellow" variant="light" p="xs">
            <Anchor component={Link} to="/account/two-factor" size="sm">{t('home.recoveryLow')}</Anchor>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
