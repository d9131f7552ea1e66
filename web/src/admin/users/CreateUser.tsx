import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../contract.js';
import { serverFieldErrors } from '../form-errors.js';
import { FormError } from '../FormError.js';
import type { Unit } from '../units/api.js';
import { USERS_KEY, usersApi } from './api.js';
import { RoleChecklist } from './RoleChecklist.js';

const FIELD_OF_CODE = { 'account.exists': 'username', 'account.username': 'username' };

interface Values {
  username: string;
  fullName: string;
  roles: Role[];
  unitId: string;
}

/** A new account: the server makes its one-time password, handed to `onCreated` to be shown once. */
export function CreateUser({ opened, onClose, units, onCreated }: { opened: boolean; onClose: () => void; units: readonly Unit[]; onCreated: (username: string, password: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { username: '', fullName: '', roles: [], unitId: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('admin.form.required')),
      fullName: (v) => (v.trim() ? null : t('admin.form.required')),
      roles: (v) => (v.length > 0 ? null : t('admin.users.pickRole')),
    },
  });
  const create = useMutation({
    mutationFn: (v: Values) => usersApi.create({ username: v.username, fullName: v.fullName, roles: v.roles, unitId: v.unitId ? Number(v.unitId) : null }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: USERS_KEY });
      form.reset();
      onCreated(created.username, created.oneTimePassword);
    },
    onError: (err) => form.setErrors(serverFieldErrors(err, FIELD_OF_CODE)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('admin.users.createTitle')} size="lg" centered>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate data-testid="create-user-form">
        <Stack gap="sm">
          <FormError error={create.error} fieldOfCode={FIELD_OF_CODE} />
          <TextInput label={t('admin.users.username')} name="newUsername" description={t('admin.users.usernameHint')} withAsterisk autoComplete="off" {...form.getInputProps('username')} />
          <TextInput label={t('admin.users.fullName')} name="fullName" withAsterisk autoComplete="off" {...form.getInputProps('fullName')} />
          <RoleChecklist label={t('admin.users.roles')} value={form.values.roles} onChange={(r) => form.setFieldValue('roles', r)} error={form.errors.roles as string | undefined} />
          <Select
            label={t('admin.users.unit')} description={t('admin.users.unitHint')} clearable name="unitId"
            data={units.map((u) => ({ value: String(u.id), label: u.name }))} {...form.getInputProps('unitId')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('admin.form.cancel')}</Button>
            <Button type="submit" loading={create.isPending}>{t('admin.users.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
