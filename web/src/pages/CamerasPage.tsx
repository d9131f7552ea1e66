import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CameraRow, shownState, useCameras } from '../api/cameras.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { HealthBadge } from '../components/HealthBadge.js';
import { PageTitle } from '../components/PageTitle.js';
import { foldAccents as fold } from '../admin/format.js';
import { currentLang } from '../i18n/index.js';


/** The cameras in the user's scope (R8.1): where, whose, and whether they record. */
export function CamerasPage() {
  const { t } = useTranslation();
  const cameras = useCameras();
  const manage = may(useSignedIn(), 'camera.manage');
  const [query, setQuery] = useState('');
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  if (cameras.isPending) return <FullPageLoader inline />;
  if (cameras.isError) return <ErrorAlert error={cameras.error} />;
  const lang = currentLang();
  // Typing without accents finds "Cổng chính" from "cong chinh": many keyboards here lack a Vietnamese IME.
  const q = fold(query.trim());
  const shown = cameras.data.filter((c) => !q || fold(`${c.name} ${c.location} ${c.ownerUnit.name} ${c.areaLabel[lang]}`).includes(q));
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="xs">
        <PageTitle title={t('cameras.title')}>{t('cameras.count', { count: cameras.data.length })} · {t('cameras.refreshed')}</PageTitle>
        {manage && <Button component={Link} to="/cameras/new" leftSection={<IconPlus size={18} />} data-testid="add-camera">{t('admin.camera.add')}</Button>}
      </Group>
      {cameras.data.length > 0 && (
        <TextInput
          leftSection={<IconSearch size={16} />} placeholder={t('cameras.search')} aria-label={t('cameras.search')} maw={400}
          value={query} onChange={(e) => setQuery(e.currentTarget.value)} type="search"
        />
      )}
      {cameras.data.length === 0 && <Text c="dimmed">{t('cameras.empty')}</Text>}
      {cameras.data.length > 0 && shown.length === 0 && <Text c="dimmed">{t('cameras.noMatch')}</Text>}
      {shown.length > 0 && (wide ? <CameraTable cameras={shown} manage={manage} /> : <CameraCards cameras={shown} manage={manage} />)}
    </Stack>
  );
}

function Credentials({ c }: { c: CameraRow }) {
  const { t } = useTranslation();
  if (!c.credentials) return <Text size="sm" c="dimmed">{t('cameras.noCredentials')}</Text>;
  return <Text size="sm" ff="monospace">{c.credentials.username} / {c.credentials.password}</Text>;
}

/** R8.1: the equipment officer and the admin keep the registry. */
function EditLink({ c }: { c: CameraRow }) {
  const { t } = useTranslation();
  return (
    <Button component={Link} to={`/cameras/${c.id}/edit`} size="xs" variant="light" leftSection={<IconPencil size={14} />} aria-label={t('admin.camera.editNamed', { name: c.name })}>
      {t('admin.camera.edit')}
    </Button>
  );
}

const device = (c: CameraRow) => [c.make, c.model].filter(Boolean).join(' ') || '—';

function SignBadge({ c }: { c: CameraRow }) {
  const { t } = useTranslation();
  return c.signInPlace
    ? <Badge variant="outline" color="gray" size="sm" tt="none">{t('cameras.signYes')}</Badge>
    : <Badge variant="outline" color="orange" size="sm" tt="none">{t('cameras.signNo')}</Badge>;
}

function CameraTable({ cameras, manage }: { cameras: CameraRow[]; manage: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="camera-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cameras.name')}</Table.Th>
            <Table.Th>{t('cameras.location')}</Table.Th>
            <Table.Th>{t('cameras.area')}</Table.Th>
            <Table.Th>{t('cameras.owner')}</Table.Th>
            <Table.Th>{t('cameras.state')}</Table.Th>
            <Table.Th>{t('cameras.device')}</Table.Th>
            <Table.Th>{t('cameras.credentials')}</Table.Th>
            {manage && <Table.Th aria-label={t('admin.camera.actions')} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cameras.map((c) => (
            <Table.Tr key={c.id} data-camera={c.name}>
              <Table.Td><Text fw={600}>{c.name}</Text><SignBadge c={c} /></Table.Td>
              <Table.Td>{c.location}</Table.Td>
              <Table.Td>{c.areaLabel[lang]}</Table.Td>
              <Table.Td>{c.ownerUnit.name}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}><HealthBadge state={shownState(c)} /></Table.Td>
              <Table.Td><Text size="sm">{device(c)}</Text>{c.serial && <Text size="xs" c="dimmed">{c.serial}</Text>}</Table.Td>
              <Table.Td><Credentials c={c} /></Table.Td>
              {manage && <Table.Td><EditLink c={c} /></Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CameraCards({ cameras, manage }: { cameras: CameraRow[]; manage: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const line = (label: string, value: ReactNode) => (
    <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
      <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>{label}</Text>
      <div style={{ textAlign: 'right', minWidth: 0 }}>{value}</div>
    </Group>
  );
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="camera-cards">
      {cameras.map((c) => (
        <Card key={c.id} withBorder radius="md" padding="md" data-camera={c.name}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
            <div style={{ minWidth: 0 }}>
              <Text fw={700}>{c.name}</Text>
              <Text size="sm" c="dimmed">{c.location}</Text>
            </div>
            <HealthBadge state={shownState(c)} />
          </Group>
          <Stack gap={4}>
            {line(t('cameras.area'), <Text size="sm">{c.areaLabel[lang]}</Text>)}
            {line(t('cameras.owner'), <Text size="sm">{c.ownerUnit.name}</Text>)}
            {line(t('cameras.device'), <Text size="sm">{device(c)}</Text>)}
            {line(t('cameras.credentials'), <Credentials c={c} />)}
            {line(t('cameras.sign'), <SignBadge c={c} />)}
            {manage && <Group justify="flex-end"><EditLink c={c} /></Group>}
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}
