import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { CASES_KEY, casesApi } from './api.js';

/** R4.3: leadership opens a case for a matter to handle; the rest is added on its page. */
export function OpenCaseModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    mode: 'controlled',
    initialValues: { title: '', description: '' },
    validate: { title: (v) => (v.trim().length >= 5 ? null : t('cases.titleMin')) },
  });
  const open = useMutation({
    mutationFn: (v: { title: string; description: string }) => casesApi.open({ title: v.title.trim(), description: v.description.trim() }),
    onSuccess: async (c) => {
      await client.invalidateQueries({ queryKey: CASES_KEY });
      form.reset();
      onClose();
      void navigate(`/cases/${c.id}`);
    },
    onError: (err) => form.setErrors(serverFieldErrors(err)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('cases.openTitle')} size="lg" centered>
      <form onSubmit={form.onSubmit((v) => open.mutate(v))} noValidate data-testid="open-case-form">
        <Stack gap="sm">
          <FormError error={open.error} />
          <TextInput label={t('cases.caseTitle')} withAsterisk name="title" maxLength={200} placeholder={t('cases.titlePlaceholder')} {...form.getInputProps('title')} />
          <Textarea label={t('cases.description')} name="description" autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>{t('admin.form.cancel')}</Button>
            <Button type="submit" loading={open.isPending}>{t('cases.open')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
