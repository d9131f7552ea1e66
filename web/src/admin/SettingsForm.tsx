import { Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { serverFieldErrors } from './form-errors.js';
import { FormError } from './FormError.js';

export interface SettingField<K extends string> {
  name: K;
  label: string;
  description?: string;
  min: number;
  max: number;
  suffix: string;
}

interface SettingsFormProps<K extends string> {
  title: string;
  intro?: string;
  values: Record<K, number>;
  fields: readonly SettingField<K>[];
  save: (values: Record<K, number>) => Promise<unknown>;
  /** The queries the saved settings change. */
  invalidates: readonly (readonly string[])[];
  /** Refusals of the service without a field list, and the field they are about. */
  fieldOfCode?: Record<string, K>;
  canEdit: boolean;
  testId: string;
}

/** A card of numeric settings; who may not change them reads them. The server's refusal shows under its field. */
export function SettingsForm<K extends string>({ title, intro, values, fields, save, invalidates, fieldOfCode, canEdit, testId }: SettingsFormProps<K>) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<Record<K, number>>({ mode: 'controlled', initialValues: values });
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: async () => {
      for (const key of invalidates) await client.invalidateQueries({ queryKey: key });
      form.resetDirty();
      notifications.show({ color: 'green', message: t('admin.form.saved') });
    },
    onError: (err) => form.setErrors(serverFieldErrors(err, fieldOfCode)),
  });
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" data-testid={testId}>
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">{title}</Title>
          {intro && <Text size="sm" c="dimmed">{intro}</Text>}
          <FormError error={mutation.error} fieldOfCode={fieldOfCode} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {fields.map((f) => (
              <NumberInput
                key={f.name} label={f.label} description={f.description} name={f.name} min={f.min} max={f.max} suffix={` ${f.suffix}`}
                allowDecimal={false} readOnly={!canEdit} variant={canEdit ? 'default' : 'filled'} {...form.getInputProps(f.name)}
              />
            ))}
          </SimpleGrid>
          {canEdit ? (
            <Group><Button type="submit" loading={mutation.isPending} disabled={!form.isDirty()}>{t('admin.form.save')}</Button></Group>
          ) : <Text size="xs" c="dimmed">{t('admin.form.readOnly')}</Text>}
        </Stack>
      </form>
    </Paper>
  );
}
