import { Alert, Anchor, Button, Code, Group, List, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck, IconSend, IconShieldLock } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { AuthLayout } from '../components/AuthLayout.js';
import { formatVnDate } from '../playback/vn-time.js';
import { filePublicComplaint } from './api.js';
import { ComplaintFields } from './ComplaintFields.js';
import { type ComplaintValues, complaintValidation, emptyComplaint, publicComplaintInput } from './complaint-form.js';
import { useComplaintsT } from './i18n.js';
import type { ComplaintStatus } from './shared.js';

/** R3.3: anyone recorded — a parent for their child — complains or asks, with no account, and gets a tracking code. */
export function PublicComplaintPage() {
  const tc = useComplaintsT();
  const [sent, setSent] = useState<ComplaintStatus | null>(null);
  return (
    <AuthLayout title={tc('form.title')} width={720}>
      {sent ? <Sent status={sent} onAnother={() => setSent(null)} /> : <PublicForm onSent={setSent} />}
    </AuthLayout>
  );
}

function Sent({ status, onAnother }: { status: ComplaintStatus; onAnother(): void }) {
  const tc = useComplaintsT();
  return (
    <Stack gap="md" data-testid="complaint-sent">
      <Alert color="green" variant="light" icon={<IconCircleCheck />} title={tc('form.sent')}>{tc('form.sentHint')}</Alert>
      <Stack gap={4} align="center">
        <Text size="sm" c="dimmed">{tc('trackingCode')}</Text>
        <Code fz={28} fw={700} px="md" py="xs" data-testid="tracking-code">{status.trackingCode}</Code>
      </Stack>
      <Stack gap={6}>
        <Text fw={600}>{tc('form.nextTitle')}</Text>
        <List size="sm" spacing={6} type="ordered">
          <List.Item>{tc('form.nextHeld')}</List.Item>
          <List.Item>{tc('form.nextAcknowledge', { date: formatVnDate(status.acknowledgeByMs) })}</List.Item>
          <List.Item>{tc('form.nextAnswer', { date: formatVnDate(status.answerByMs) })}</List.Item>
          <List.Item>{tc('form.nextClip')}</List.Item>
        </List>
      </Stack>
      <Group justify="center" gap="sm">
        <Button component={Link} to={`/khieu-nai/tra-cuu?ma=${encodeURIComponent(status.trackingCode)}`} variant="light">{tc('form.lookup')}</Button>
        <Button variant="default" onClick={onAnother}>{tc('form.another')}</Button>
      </Group>
    </Stack>
  );
}

function PublicForm({ onSent }: { onSent(status: ComplaintStatus): void }) {
  const tc = useComplaintsT();
  const [now] = useState(() => Date.now());
  const form = useForm<ComplaintValues>({ mode: 'controlled', initialValues: emptyComplaint(now), validate: complaintValidation(tc, true) });
  const send = useMutation({
    mutationFn: (v: ComplaintValues) => filePublicComplaint(publicComplaintInput(v)),
    onSuccess: onSent,
    onError: (err) => form.setErrors(serverFieldErrors(err)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => send.mutate(v))} noValidate data-testid="complaint-form">
      <Stack gap="sm">
        <Text size="sm">{tc('form.intro')}</Text>
        <Alert color="blue" variant="light" icon={<IconShieldLock />} p="xs">
          <Text size="sm">{tc('form.deadlinesHint')}</Text>
        </Alert>
        <FormError error={send.error} />
        <ComplaintFields form={form} isPublic />
        <Group justify="space-between" gap="sm" mt="xs">
          <Anchor component={Link} to="/khieu-nai/tra-cuu" size="sm">{tc('form.lookup')}</Anchor>
          <Button type="submit" leftSection={<IconSend size={18} />} loading={send.isPending} data-testid="complaint-send">{tc('form.send')}</Button>
        </Group>
        <Group justify="space-between" gap="sm">
          <Anchor component={Link} to="/yeu-cau" size="sm">{tc('form.footageRequest')}</Anchor>
          <Anchor component={Link} to="/" size="sm">{tc('form.signIn')}</Anchor>
        </Group>
      </Stack>
    </form>
  );
}
