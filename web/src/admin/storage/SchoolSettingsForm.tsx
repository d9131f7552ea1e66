import { Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FullPageLoader } from '../../components/FullPage.js';
import { DocumentSchool } from '../../contract.js';
import { FormError } from '../FormError.js';
import { serverFieldErrors } from '../form-errors.js';
import { SCHOOL_KEY, type SchoolSettings, settingsApi, useSchoolSettings } from './api.js';

type Values = Pick<SchoolSettings, 'parentBody' | 'name' | 'abbreviation' | 'place'>;
const FIELDS = ['parentBody', 'name', 'abbreviation', 'place'] as const;

/** The server's own schema (src/contract/documents.ts), its refusals in words, one per field. */
function validate(values: Values, timeZone: string, t: TFunction): Partial<Record<keyof Values, string>> {
  const parsed = DocumentSchool.safeParse({ ...values, timeZone });
  if (parsed.success) return {};
  const errors: Partial<Record<keyof Values, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = FIELDS.find((f) => f === issue.path[0]);
    if (!field || errors[field]) continue;
    errors[field] = issue.code === 'too_big'
      ? t('admin.settings.school.tooLong', { max: Number(issue.maximum) })
      : issue.message === 'document.abbreviation' ? t('admin.settings.school.abbreviationSpaces') : t('admin.form.required');
  }
  return errors;
}

/**
 * The school as its biên bản names it (Decree 30/2020 header): the body it answers to, its name,
 * the abbreviation in document numbers and the place of the date line. A preview shows the result.
 */
export function SchoolSettingsForm() {
  const school = useSchoolSettings();
  if (school.isPending) return <FullPageLoader inline />;
  if (school.isError) return <ErrorAlert error={school.error} />;
  return <SchoolForm values={school.data} />;
}

function SchoolForm({ values }: { values: SchoolSettings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { parentBody: values.parentBody, name: values.name, abbreviation: values.abbreviation, place: values.place },
    validate: (v) => validate(v, values.timeZone, t),
  });
  const save = useMutation({
    mutationFn: (v: Values) => settingsApi.school({
      parentBody: v.parentBody.trim(), name: v.name.trim(), abbreviation: v.abbreviation.trim(), place: v.place.trim(), timeZone: values.timeZone,
    }),
    onSuccess: (saved) => {
      client.setQueryData(SCHOOL_KEY, saved);
      const next = { parentBody: saved.parentBody, name: saved.name, abbreviation: saved.abbreviation, place: saved.place };
      form.setValues(next);
      form.resetDirty(next);
      notifications.show({ color: 'green', message: t('admin.form.saved') });
    },
    onError: (err) => form.setErrors(serverFieldErrors(err)),
  });
  const v = form.getValues();
  // The date line as the biên bản prints it: today on the school's calendar.
  const [day, month, year] = new Intl.DateTimeFormat('en-GB', { timeZone: values.timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date()).split('/');
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="school-settings">
      <form onSubmit={form.onSubmit((x) => save.mutate(x))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('admin.settings.school.title')}</Title>
          <Text size="sm" c="dimmed">{t('admin.settings.school.intro')}</Text>
          <FormError error={save.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('admin.settings.school.parentBody')} description={t('admin.settings.school.parentBodyHint')} withAsterisk name="parentBody"
              maxLength={120} {...form.getInputProps('parentBody')}
            />
            <TextInput label={t('admin.settings.school.name')} withAsterisk name="schoolName" maxLength={120} description={t('admin.settings.school.nameHint')} {...form.getInputProps('name')} />
            <TextInput
              label={t('admin.settings.school.abbreviation')} description={t('admin.settings.school.abbreviationHint')} withAsterisk name="abbreviation"
              maxLength={20} {...form.getInputProps('abbreviation')}
            />
            <TextInput label={t('admin.settings.school.place')} description={t('admin.settings.school.placeHint')} withAsterisk name="place" maxLength={60} {...form.getInputProps('place')} />
          </SimpleGrid>
          <Paper bg="gray.0" p="sm" radius="sm" data-testid="school-preview" aria-label={t('admin.settings.school.preview')}>
            <Text size="xs" c="dimmed" mb={4}>{t('admin.settings.school.preview')}</Text>
            <Text size="sm" ff="serif" tt="uppercase">{v.parentBody.trim() || '…'}</Text>
            <Text size="sm" ff="serif" fw={700} tt="uppercase">{v.name.trim() || '…'}</Text>
            <Text size="sm" ff="serif" mt={4}>{t('admin.settings.school.numberLine', { abbreviation: v.abbreviation.trim() || '…' })}</Text>
            <Text size="sm" ff="serif" fs="italic">{t('admin.settings.school.dateLine', { place: v.place.trim() || '…', day, month, year })}</Text>
          </Paper>
          <Group><Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>{t('admin.form.save')}</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}
