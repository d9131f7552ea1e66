import { ActionIcon, Badge, Button, Group, Paper, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FullPageLoader } from '../../components/FullPage.js';
import { PageTitle } from '../../components/PageTitle.js';
import { WHOLE_BADGE } from '../badge.js';
import { type Column, DataList } from '../DataList.js';
import { serverFieldErrors } from '../form-errors.js';
import { FormError } from '../FormError.js';
import { UNITS_KEY, type Unit, unitsApi, useUnits } from './api.js';

type NewKind = Exclude<Unit['kind'], 'guards'>;

/** R6: the units that own cameras, and whether they give their cameras to the guards' watch. */
export function UnitsPage() {
  const { t } = useTranslation();
  const units = useUnits();
  if (units.isPending) return <FullPageLoader inline />;
  if (units.isError) return <ErrorAlert error={units.error} />;
  const columns: Column<Unit>[] = [
    { key: 'name', label: t('admin.units.name'), render: (u) => <UnitName unit={u} /> },
    { key: 'kind', label: t('admin.units.kind'), nowrap: true, render: (u) => <Badge variant="light" color={u.kind === 'guards' ? 'teal' : 'gray'} tt="none" styles={WHOLE_BADGE}>{t(`admin.units.kinds.${u.kind}`)}</Badge> },
    { key: 'guards', label: t('admin.units.guardsWatch'), render: (u) => <GuardsWatch unit={u} /> },
  ];
  return (
    <Stack gap="md" maw={1000}>
      <PageTitle title={t('admin.units.title')}>{t('admin.units.intro')}</PageTitle>
      <DataList rows={units.data} rowKey={(u) => u.id} columns={columns} testId="unit-list" minWidth={640} rowData={(u) => ({ 'data-unit': u.name })} cardTitle={(u) => <UnitName unit={u} />} />
      <NewUnit />
    </Stack>
  );
}

function useUnitUpdate(unit: Unit, done?: () => void) {
  const { t } = useTranslation();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: { name?: string; guardsWatch?: boolean }) => unitsApi.update(unit.id, patch),
    onSuccess: async (u) => {
      await client.invalidateQueries({ queryKey: UNITS_KEY });
      notifications.show({ color: 'green', message: t('admin.units.updated', { name: u.name }) });
      done?.();
    },
  });
}

/** Rename in place. */
function UnitName({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(unit.name);
  const update = useUnitUpdate(unit, () => setEditing(false));
  if (!editing) {
    return (
      <Group gap={4} wrap="nowrap">
        <Text fw={600}>{unit.name}</Text>
        <ActionIcon variant="subtle" size="sm" aria-label={t('admin.units.rename', { name: unit.name })} onClick={() => { setName(unit.name); setEditing(true); }}>
          <IconPencil size={14} />
        </ActionIcon>
      </Group>
    );
  }
  return (
    <Stack gap={4}>
      <Group gap={4} wrap="nowrap">
        <TextInput size="xs" value={name} onChange={(e) => setName(e.currentTarget.value)} aria-label={t('admin.units.name')} error={serverFieldErrors(update.error).name} autoFocus />
        <ActionIcon color="green" variant="light" aria-label={t('admin.form.save')} loading={update.isPending} onClick={() => update.mutate({ name })}><IconCheck size={16} /></ActionIcon>
        <ActionIcon variant="subtle" color="gray" aria-label={t('admin.form.cancel')} onClick={() => setEditing(false)}><IconX size={16} /></ActionIcon>
      </Group>
    </Stack>
  );
}

/** R6: "giao cho bảo vệ trông" — the guards' post always watches its own cameras. */
function GuardsWatch({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  const update = useUnitUpdate(unit);
  return (
    <Stack gap={2} align="flex-start">
      <Switch
        checked={unit.guardsWatch} disabled={unit.kind === 'guards' || update.isPending} onChange={(e) => update.mutate({ guardsWatch: e.currentTarget.checked })}
        label={unit.guardsWatch ? t('admin.units.watched') : t('admin.units.notWatched')} data-testid={`guards-watch-${unit.id}`}
      />
      <ErrorAlert error={update.error} />
    </Stack>
  );
}

function NewUnit() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<{ name: string; kind: NewKind; guardsWatch: boolean }>({
    mode: 'controlled', initialValues: { name: '', kind: 'room', guardsWatch: false },
    validate: { name: (v) => (v.trim() ? null : t('admin.form.required')) },
  });
  const create = useMutation({
    mutationFn: unitsApi.create,
    onSuccess: async (u) => {
      await client.invalidateQueries({ queryKey: UNITS_KEY });
      form.reset();
      notifications.show({ color: 'green', message: t('admin.units.created', { name: u.name }) });
    },
    onError: (err) => form.setErrors(serverFieldErrors(err)),
  });
  const kinds: NewKind[] = ['room', 'department', 'other'];
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md">
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('admin.units.add')}</Title>
          <FormError error={create.error} />
          <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
            <TextInput label={t('admin.units.name')} name="unitName" withAsterisk miw={220} {...form.getInputProps('name')} />
            <Select label={t('admin.units.kind')} allowDeselect={false} miw={180} data={kinds.map((k) => ({ value: k, label: t(`admin.units.kinds.${k}`) }))} {...form.getInputProps('kind')} />
          </Group>
          <Switch label={t('admin.units.guardsWatchNew')} {...form.getInputProps('guardsWatch', { type: 'checkbox' })} />
          <Group><Button type="submit" loading={create.isPending}>{t('admin.units.create')}</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}
