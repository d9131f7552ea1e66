import { ActionIcon, Button, Card, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import type { EvidenceCaseDetail } from '../contract.js';
import { casesApi, useCaseChange } from './api.js';

interface Values {
  name: string;
  role: string;
  className: string;
}

/** R4.3: the people involved — names, their role, a pupil's class. */
export function CasePeopleTab({ c, editable }: { c: EvidenceCaseDetail; editable: boolean }) {
  const { t } = useTranslation();
  const remove = useCaseChange((personId: number) => casesApi.removePerson(c.id, personId));
  return (
    <Stack gap="md">
      {c.people.length === 0 && <Text c="dimmed" size="sm">{t('cases.people.none')}</Text>}
      <ErrorAlert error={remove.error} />
      {c.people.map((p) => (
        <Card key={p.id} withBorder radius="md" padding="sm" data-testid="case-person">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <div style={{ minWidth: 0 }}>
              <Text fw={600}>{p.name}</Text>
              <Text size="sm" c="dimmed">{p.role}{p.className ? ` · ${t('cases.people.classOf', { name: p.className })}` : ''}</Text>
            </div>
            {editable && (
              <ActionIcon variant="subtle" color="red" aria-label={t('cases.people.remove', { name: p.name })} loading={remove.isPending && remove.variables === p.id} onClick={() => remove.mutate(p.id)}>
                <IconTrash size={18} />
              </ActionIcon>
            )}
          </Group>
        </Card>
      ))}
      {editable && <AddPerson caseId={c.id} />}
    </Stack>
  );
}

function AddPerson({ caseId }: { caseId: number }) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', role: '', className: '' },
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : t('cases.people.nameMin')),
      role: (v) => (v.trim().length >= 2 ? null : t('cases.people.roleMin')),
    },
  });
  const add = useCaseChange((v: Values) => casesApi.addPerson(caseId, { name: v.name.trim(), role: v.role.trim(), className: v.className.trim() || null }));
  return (
    <Card withBorder radius="md" padding="md">
      <form
        noValidate data-testid="add-person-form"
        onSubmit={form.onSubmit((v) => add.mutate(v, { onSuccess: () => form.reset(), onError: (err) => form.setErrors(serverFieldErrors(err)) }))}
      >
        <Stack gap="sm">
          <FormError error={add.error} />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label={t('cases.people.name')} withAsterisk name="personName" {...form.getInputProps('name')} />
            <TextInput label={t('cases.people.role')} withAsterisk name="personRole" placeholder={t('cases.people.rolePlaceholder')} {...form.getInputProps('role')} />
            <TextInput label={t('cases.people.className')} name="personClass" placeholder="3A" maxLength={20} {...form.getInputProps('className')} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" variant="light" leftSection={<IconUserPlus size={18} />} loading={add.isPending}>{t('cases.people.add')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
