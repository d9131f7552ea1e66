import { Radio, Select, SimpleGrid, Stack, TextInput, Textarea, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { DateTimeInput } from '../components/DateTimeInput.js';
import { currentLang } from '../i18n/index.js';
import type { ComplaintValues } from './complaint-form.js';
import { useComplaintsT } from './i18n.js';
import { COMPLAINT_KINDS, COMPLAINT_KIND_LABELS, FILER_RELATIONS } from './shared.js';

/** The fields of a complaint or request (R3.3), on the public form and in the signed-in dialog. */
export function ComplaintFields({ form, isPublic }: { form: UseFormReturnType<ComplaintValues>; isPublic: boolean }) {
  const tc = useComplaintsT();
  const lang = currentLang();
  const parent = form.values.relation === 'parent_of_pupil';
  return (
    <Stack gap="sm">
      <Select
        label={tc('kind')} name="kind" withAsterisk allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="complaint-kind"
        description={tc('form.kindHint')} data={COMPLAINT_KINDS.map((k) => ({ value: k, label: COMPLAINT_KIND_LABELS[k][lang] }))} {...form.getInputProps('kind')}
      />
      <Radio.Group label={tc('relation')} withAsterisk {...form.getInputProps('relation')}>
        <Stack gap={6} mt={6}>
          {FILER_RELATIONS.map((r) => <Radio key={r} value={r} label={tc(`relations.${r}`)} data-relation={r} />)}
        </Stack>
      </Radio.Group>
      {parent && (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label={tc('pupilName')} name="pupilName" withAsterisk maxLength={120} {...form.getInputProps('pupilName')} />
          <TextInput label={tc('pupilClass')} name="pupilClass" placeholder="3A" maxLength={40} {...form.getInputProps('pupilClass')} />
        </SimpleGrid>
      )}
      <Title order={3} size="h5" mt="xs">{tc('form.whatSection')}</Title>
      <Textarea label={tc('place')} name="place" description={tc('form.placeHint')} autosize minRows={2} maxLength={300} {...form.getInputProps('place')} />
      <TextInput label={tc('cameraNumbers')} name="cameraNumbers" description={tc('form.cameraNumbersHint')} inputMode="numeric" {...form.getInputProps('cameraNumbers')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <DateTimeInput label={tc('from')} name="from" required value={form.values.from} onChange={(v) => form.setFieldValue('from', v)} error={form.errors.from as string | undefined} />
        <DateTimeInput label={tc('to')} name="to" required value={form.values.to} onChange={(v) => form.setFieldValue('to', v)} error={form.errors.to as string | undefined} />
      </SimpleGrid>
      <Textarea
        label={tc('description')} name="description" withAsterisk description={tc('form.descriptionHint')} autosize minRows={3} maxRows={10} maxLength={5000}
        {...form.getInputProps('description')}
      />
      <Title order={3} size="h5" mt="xs">{tc('form.whoSection')}</Title>
      {isPublic && <TextInput label={tc('filerName')} name="filerName" withAsterisk autoComplete="name" maxLength={120} {...form.getInputProps('filerName')} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={tc('contactEmail')} name="contactEmail" type="email" autoComplete="email" description={isPublic ? tc('form.contactHint') : undefined}
          {...form.getInputProps('contactEmail')}
        />
        <TextInput label={tc('contactPhone')} name="contactPhone" type="tel" autoComplete="tel" {...form.getInputProps('contactPhone')} />
      </SimpleGrid>
    </Stack>
  );
}
