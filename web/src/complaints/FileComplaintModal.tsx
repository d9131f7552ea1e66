import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { complaintsApi, useComplaintChange } from './api.js';
import { ComplaintFields } from './ComplaintFields.js';
import { type ComplaintValues, complaintInput, complaintValidation, emptyComplaint } from './complaint-form.js';
import { useComplaintsT } from './i18n.js';

/** R3.3: a member of staff (or a parent with an account) files from inside the app; it opens once filed. */
export function FileComplaintModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const tc = useComplaintsT();
  return (
    <Modal opened={opened} onClose={onClose} title={tc('file.title')} size="lg" centered>
      {opened && <FileForm onCancel={onClose} />}
    </Modal>
  );
}

function FileForm({ onCancel }: { onCancel(): void }) {
  const tc = useComplaintsT();
  const navigate = useNavigate();
  const [now] = useState(() => Date.now());
  const form = useForm<ComplaintValues>({ mode: 'controlled', initialValues: emptyComplaint(now), validate: complaintValidation(tc, false) });
  const file = useComplaintChange((v: ComplaintValues) => complaintsApi.file(complaintInput(v)));
  return (
    <form
      noValidate data-testid="file-complaint-form"
      onSubmit={form.onSubmit((v) => file.mutate(v, { onSuccess: (c) => navigate(`/complaints/${c.id}`), onError: (err) => form.setErrors(serverFieldErrors(err)) }))}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{tc('file.intro')}</Text>
        <FormError error={file.error} />
        <ComplaintFields form={form} isPublic={false} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>{tc('cancel')}</Button>
          <Button type="submit" leftSection={<IconSend size={18} />} loading={file.isPending} data-testid="file-complaint-send">{tc('form.send')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
