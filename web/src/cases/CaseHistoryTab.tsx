import { Button, Card, Group, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconNote } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { HistoryTimeline } from '../components/HistoryTimeline.js';
import type { EvidenceCaseDetail } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { casesApi, useCaseChange } from './api.js';
import { caseEventLabel } from './labels.js';

/** "Nhật ký": everything done to the case, with the notes leadership adds (R4.3). */
export function CaseHistoryTab({ c, mayNote }: { c: EvidenceCaseDetail; mayNote: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const form = useForm({ mode: 'controlled', initialValues: { text: '' }, validate: { text: (v) => (v.trim() ? null : t('admin.form.required')) } });
  const note = useCaseChange((text: string) => casesApi.addNote(c.id, text));
  return (
    <Stack gap="md">
      {mayNote && (
        <Card withBorder radius="md" padding="md">
          <form noValidate onSubmit={form.onSubmit((v) => note.mutate(v.text.trim(), { onSuccess: () => form.reset(), onError: (err) => form.setErrors(serverFieldErrors(err)) }))}>
            <Stack gap="sm">
              <FormError error={note.error} />
              <Textarea label={t('cases.note')} name="note" autosize minRows={2} maxRows={8} maxLength={5000} {...form.getInputProps('text')} />
              <Group justify="flex-end">
                <Button type="submit" variant="light" leftSection={<IconNote size={18} />} loading={note.isPending}>{t('cases.addNote')}</Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
      <HistoryTimeline entries={c.history} label={(e) => caseEventLabel(e.event, lang)} testId="case-history" />
    </Stack>
  );
}
