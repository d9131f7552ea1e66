import { Alert, Anchor, Button, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, Switch, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconBan } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { CameraRow } from '../../api/cameras.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FullPageLoader } from '../../components/FullPage.js';
import { PageTitle } from '../../components/PageTitle.js';
import { currentLang } from '../../i18n/index.js';
import { AREA_TYPES, AREA_TYPE_LABELS, isBannedArea } from '../contract.js';
import { DayInput } from '../DayInput.js';
import { type Unit, useUnits } from '../units/api.js';
import { cameraApi, cameraKey, useCamera } from './api.js';
import { serverFieldErrors } from '../form-errors.js';
import { FormError } from '../FormError.js';
import { type CameraFormValues, FIELD_OF_CODE, payloadOf, valuesOf } from './camera-form.js';
import { ConnectionTest } from './ConnectionTest.js';
import { DeleteCamera } from './DeleteCamera.js';

/** R8.1: add a camera to the registry (/cameras/new) or edit one (/cameras/:id/edit). */
export function CameraFormPage() {
  const { id } = useParams();
  const units = useUnits();
  if (units.isPending) return <FullPageLoader inline />;
  if (units.isError) return <ErrorAlert error={units.error} />;
  return id ? <EditCamera id={Number(id)} units={units.data} /> : <CameraForm camera={null} units={units.data} />;
}

function EditCamera({ id, units }: { id: number; units: readonly Unit[] }) {
  const camera = useCamera(id);
  if (camera.isPending) return <FullPageLoader inline />;
  if (camera.isError) return <ErrorAlert error={camera.error} />;
  return <CameraForm key={camera.data.updatedAt} camera={camera.data} units={units} />;
}

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md">
    <Title order={2} size="h4" mb="sm">{title}</Title>
    <Stack gap="sm">{children}</Stack>
  </Paper>
);

function CameraForm({ camera, units }: { camera: CameraRow | null; units: readonly Unit[] }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const client = useQueryClient();
  const guards = units.find((u) => u.kind === 'guards');
  const form = useForm<CameraFormValues>({
    mode: 'controlled',
    initialValues: valuesOf(camera, guards?.id ?? null),
    validate: {
      name: (v) => (v.trim() ? null : t('admin.form.required')),
      location: (v) => (v.trim() ? null : t('admin.form.required')),
      mainUrl: (v) => (v.trim() ? null : t('admin.form.required')),
    },
  });
  const save = useMutation({
    mutationFn: (v: CameraFormValues) => (camera ? cameraApi.update(camera.id, payloadOf(v)) : cameraApi.create(payloadOf(v))),
    onSuccess: async (saved) => {
      client.setQueryData(cameraKey(saved.id), saved);
      await client.invalidateQueries({ queryKey: ['cameras'], exact: true });
      notifications.show({ color: 'green', message: t(camera ? 'admin.camera.saved' : 'admin.camera.created', { name: saved.name }) });
      if (!camera) void navigate(`/cameras/${saved.id}/edit`);
    },
    onError: (err) => form.setErrors(serverFieldErrors(err, FIELD_OF_CODE)),
  });

  const banned = isBannedArea(form.values.areaType);
  const areaData = [false, true].map((bannedGroup) => ({
    group: t(bannedGroup ? 'admin.camera.areaBanned' : 'admin.camera.areaCommon'),
    items: AREA_TYPES.filter((a) => isBannedArea(a) === bannedGroup).map((a) => ({
      value: a, label: bannedGroup ? `⛔ ${AREA_TYPE_LABELS[a][lang]} — ${t('admin.camera.bannedShort')}` : AREA_TYPE_LABELS[a][lang],
    })),
  }));
  const unitData = units.map((u) => ({ value: String(u.id), label: u.kind === 'guards' ? `${u.name} — ${t('admin.camera.guardsDefault')}` : u.name }));
  const stored = camera?.credentials;

  return (
    <Stack gap="md" maw={900}>
      <PageTitle title={camera ? t('admin.camera.editTitle', { name: camera.name }) : t('admin.camera.newTitle')}>
        <Anchor component={Link} to="/cameras" size="sm">{t('admin.camera.back')}</Anchor>
      </PageTitle>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate data-testid="camera-form">
        <Stack gap="md">
          <FormError error={save.error} fieldOfCode={FIELD_OF_CODE} />
          <Section title={t('admin.camera.placeSection')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('admin.camera.name')} name="name" withAsterisk {...form.getInputProps('name')} />
              <TextInput label={t('admin.camera.location')} name="location" withAsterisk {...form.getInputProps('location')} />
              <Select
                label={t('admin.camera.areaType')} name="areaType" data={areaData} allowDeselect={false} withAsterisk
                description={t('admin.camera.areaHint')} {...form.getInputProps('areaType')}
                onChange={(v) => {
                  if (!v) return;
                  form.setFieldValue('areaType', v as CameraFormValues['areaType']);
                  if (isBannedArea(v as CameraFormValues['areaType'])) form.setFieldValue('enabled', false);
                }}
              />
              <Select
                label={t('admin.camera.owner')} name="ownerUnitId" data={unitData} allowDeselect={false}
                description={t('admin.camera.ownerHint')} {...form.getInputProps('ownerUnitId')}
              />
            </SimpleGrid>
          </Section>
          <Section title={t('admin.camera.streamSection')}>
            <TextInput label={t('admin.camera.mainUrl')} name="mainUrl" withAsterisk placeholder="rtsp://192.168.1.10:554/stream1" autoComplete="off" {...form.getInputProps('mainUrl')} />
            <TextInput label={t('admin.camera.subUrl')} name="subUrl" placeholder="rtsp://192.168.1.10:554/stream2" description={t('admin.camera.subUrlHint')} autoComplete="off" {...form.getInputProps('subUrl')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('admin.camera.username')} name="cameraUsername" autoComplete="off"
                placeholder={stored ? t('admin.camera.keepIfEmpty') : undefined} {...form.getInputProps('username')}
              />
              <PasswordInput
                label={t('admin.camera.password')} name="cameraPassword" autoComplete="new-password"
                placeholder={stored ? t('admin.camera.keepIfEmpty') : undefined} {...form.getInputProps('password')}
              />
            </SimpleGrid>
            <Alert variant="light" color="gray" p="xs" data-testid="credentials-note">
              {stored ? t('admin.camera.credentialsStored', { username: stored.username }) : t('admin.camera.credentialsNone')}
            </Alert>
          </Section>
          <Section title={t('admin.camera.deviceSection')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label={t('admin.camera.make')} name="make" {...form.getInputProps('make')} />
              <TextInput label={t('admin.camera.model')} name="model" {...form.getInputProps('model')} />
              <TextInput label={t('admin.camera.serial')} name="serial" {...form.getInputProps('serial')} />
            </SimpleGrid>
          </Section>
          <Section title={t('admin.camera.signSection')}>
            <Switch label={t('admin.camera.signInPlace')} description={t('admin.camera.signHint')} {...form.getInputProps('signInPlace', { type: 'checkbox' })} />
            <DayInput
              label={t('admin.camera.signCheckedAt')} name="signCheckedAt" maw={320} value={form.values.signCheckedAt}
              onChange={(day) => form.setFieldValue('signCheckedAt', day)} error={form.errors.signCheckedAt as string | undefined}
            />
          </Section>
          <Section title={t('admin.camera.recordSection')}>
            <Switch
              label={t('admin.camera.enabled')} name="enabled" disabled={banned} data-testid="enabled-switch"
              description={banned ? undefined : t('admin.camera.enabledHint')}
              {...form.getInputProps('enabled', { type: 'checkbox' })}
              checked={form.values.enabled && !banned}
            />
            {banned && (
              <Alert color="red" variant="light" icon={<IconBan />} data-testid="banned-area">{t('admin.camera.bannedRule')}</Alert>
            )}
          </Section>
          <Group>
            <Button type="submit" loading={save.isPending}>{camera ? t('admin.camera.save') : t('admin.camera.create')}</Button>
            <Button component={Link} to="/cameras" variant="default">{t('admin.form.cancel')}</Button>
          </Group>
        </Stack>
      </form>
      {camera && <ConnectionTest cameraId={camera.id} unsaved={form.isDirty()} />}
      {camera && <DeleteCamera camera={camera} />}
    </Stack>
  );
}
