import { ActionIcon, Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BienBanValues } from './bien-ban-form.js';

/** "Thành phần tham dự": a name and a position a line, as many as came (at least one). */
export function PresentFields({ form }: { form: UseFormReturnType<BienBanValues> }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} data-testid="present-list">
      <Text size="sm" fw={500}>{t('cases.doc.present')} <Text span c="red">*</Text></Text>
      {form.values.present.map((_, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          {/* Name and position side by side; one under the other on a phone. */}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing={4} style={{ flex: 1, minWidth: 0 }}>
            <TextInput aria-label={t('cases.doc.personName')} placeholder={t('cases.doc.personName')} name={`present.${i}.name`} {...form.getInputProps(`present.${i}.name`)} />
            <TextInput aria-label={t('cases.doc.position')} placeholder={t('cases.doc.position')} name={`present.${i}.position`} {...form.getInputProps(`present.${i}.position`)} />
          </SimpleGrid>
          <ActionIcon variant="subtle" color="red" size={36} aria-label={t('cases.doc.removePerson')} disabled={form.values.present.length <= 1} onClick={() => form.removeListItem('present', i)}>
            <IconTrash size={18} />
          </ActionIcon>
        </Group>
      ))}
      <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('present', { name: '', position: '' })} data-testid="add-present">
        {t('cases.doc.addPerson')}
      </Button>
    </Stack>
  );
}

/** The chair or the secretary: who, and their position. */
export function RoleFields({ form, field, label }: { form: UseFormReturnType<BienBanValues>; field: 'chair' | 'secretary'; label: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" grow wrap="wrap" align="flex-start">
      <TextInput label={label} withAsterisk placeholder={t('cases.doc.personName')} name={`${field}.name`} miw={140} {...form.getInputProps(`${field}.name`)} />
      <TextInput label={t('cases.doc.position')} withAsterisk name={`${field}.position`} miw={140} {...form.getInputProps(`${field}.position`)} />
    </Group>
  );
}
