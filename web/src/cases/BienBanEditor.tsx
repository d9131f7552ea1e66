import { Alert, Button, Group, Modal, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconDeviceFloppy, IconFileTypePdf } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { DateTimeInput } from '../components/DateTimeInput.js';
import type { CaseDocument } from '../contract.js';
import { CASES_KEY, casesApi, documentPdfUrl } from './api.js';
import { type BienBanValues, draftInput, splitParagraphs } from './bien-ban-form.js';
import { PresentFields, RoleFields } from './PeopleFields.js';

const need = (min: number, message: string) => (v: string) => (v.trim().length >= min ? null : message);

/**
 * R4.3: the biên bản's draft — edited and saved as often as needed, seen as the PDF it makes, then
 * finalised (numbered and never changed again). `doc` null: a new version, saved on the first save.
 */
export function BienBanEditor({ caseId, doc, initial, onCancel, onSaved }: {
  caseId: number;
  doc: CaseDocument | null;
  initial: BienBanValues;
  onCancel?: (() => void) | undefined;
  /** A new version was saved: from now on it is the draft to edit. */
  onSaved?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const required = t('admin.form.required');
  const form = useForm<BienBanValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      subject: need(5, t('cases.doc.subjectMin')),
      place: need(2, required),
      startedAt: (v) => (v === null ? t('workflow.dateTimeFormat') : null),
      endedAt: (v, all) => (v === null ? t('workflow.dateTimeFormat') : all.startedAt !== null && v <= all.startedAt ? t('cases.doc.endAfterStart') : null),
      present: { name: need(1, required), position: need(1, required) },
      chair: { name: need(1, required), position: need(1, required) },
      secretary: { name: need(1, required), position: need(1, required) },
      content: (v) => (splitParagraphs(v).length > 0 ? null : t('cases.doc.contentRequired')),
      recipients: (v) => (v.trim() ? null : required),
    },
  });
  const done = async () => {
    await client.invalidateQueries({ queryKey: CASES_KEY });
    onSaved?.();
  };
  const save = useMutation({
    mutationFn: async (v: BienBanValues) => {
      const input = draftInput(v);
      if (!input) throw new Error('times');
      return doc ? casesApi.editDraft(caseId, doc.id, input) : casesApi.draft(caseId, input);
    },
    onSuccess: async () => {
      form.resetDirty();
      await done();
      notifications.show({ color: 'green', message: t('cases.doc.saved') });
    },
    onError: (err) => form.setErrors(serverFieldErrors(err)),
  });
  const finalise = useMutation({
    mutationFn: async (v: BienBanValues) => {
      const input = draftInput(v);
      if (!input) throw new Error('times');
      const saved = !doc ? await casesApi.draft(caseId, input) : form.isDirty() ? await casesApi.editDraft(caseId, doc.id, input) : doc;
      return casesApi.finalise(caseId, saved.id);
    },
    onSuccess: async (final) => {
      setConfirming(false);
      await done();
      notifications.show({ color: 'green', message: t('cases.doc.finalised', { number: final.number ?? '' }) });
    },
    onError: (err) => {
      setConfirming(false);
      form.setErrors(serverFieldErrors(err));
    },
  });
  const askFinalise = () => {
    if (!form.validate().hasErrors) setConfirming(true);
  };
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate data-testid="bien-ban-editor">
      <Stack gap="sm">
        <Alert color="yellow" variant="light">{doc ? t('cases.doc.draftVersion', { version: doc.version }) : t('cases.doc.newVersion')}</Alert>
        <FormError error={save.error ?? finalise.error} />
        <TextInput label={t('cases.doc.subject')} withAsterisk name="subject" maxLength={300} {...form.getInputProps('subject')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <DateTimeInput label={t('cases.doc.startedAt')} name="startedAt" required value={form.values.startedAt} onChange={(v) => form.setFieldValue('startedAt', v)} error={form.errors.startedAt as string | undefined} />
          <DateTimeInput label={t('cases.doc.endedAt')} name="endedAt" required value={form.values.endedAt} onChange={(v) => form.setFieldValue('endedAt', v)} error={form.errors.endedAt as string | undefined} />
        </SimpleGrid>
        <TextInput label={t('cases.doc.place')} withAsterisk name="place" maxLength={200} {...form.getInputProps('place')} />
        <PresentFields form={form} />
        <RoleFields form={form} field="chair" label={t('cases.doc.chair')} />
        <RoleFields form={form} field="secretary" label={t('cases.doc.secretary')} />
        <Textarea
          label={t('cases.doc.content')} description={t('cases.doc.contentHint')} withAsterisk autosize minRows={8} maxRows={30} name="content"
          {...form.getInputProps('content')}
        />
        <Textarea label={t('cases.doc.recipients')} description={t('cases.doc.recipientsHint')} withAsterisk autosize minRows={2} maxRows={8} name="recipients" {...form.getInputProps('recipients')} />
        <Text size="xs" c="dimmed">{t('cases.doc.clipsNote')}</Text>
        <Group justify="flex-end" gap="sm" wrap="wrap">
          {onCancel && <Button variant="default" onClick={onCancel}>{t('admin.form.cancel')}</Button>}
          {doc && (
            <Button component="a" href={documentPdfUrl(caseId, doc.id)} target="_blank" rel="noopener" variant="light" leftSection={<IconFileTypePdf size={18} />} data-testid="bien-ban-pdf">
              {t('cases.doc.viewPdf')}
            </Button>
          )}
          <Button type="submit" variant="light" leftSection={<IconDeviceFloppy size={18} />} loading={save.isPending} data-testid="bien-ban-save">{t('cases.doc.save')}</Button>
          <Button leftSection={<IconCheck size={18} />} color="green" onClick={askFinalise} data-testid="bien-ban-finalise">{t('cases.doc.finalise')}</Button>
        </Group>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('cases.doc.finaliseTitle')} centered data-testid="finalise-confirm">
        <Stack gap="sm">
          <Text size="sm">{t('cases.doc.finaliseConfirm')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>{t('admin.form.cancel')}</Button>
            <Button color="green" loading={finalise.isPending} onClick={() => finalise.mutate(form.getValues())} data-testid="finalise-yes">{t('cases.doc.finaliseYes')}</Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}
