import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, MultiSelect, NumberInput, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestsT } from './i18n.js';
import type { CameraRow } from '../api/cameras.js';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { DateTimeInput } from '../components/DateTimeInput.js';
import { currentLang } from '../i18n/index.js';
import { useDecision } from './api.js';
import { DEFAULT_REQUEST_SETTINGS, type OutsiderRequest, REQUEST_NEEDS, REQUEST_NEED_LABELS, type RequestApproved, type RequestNeed } from './shared.js';

interface Values {
  cameraIds: string[];
  from: number | null;
  to: number | null;
  needs: RequestNeed[];
  validityDays: number | string;
  note: string;
}

/**
 * R4.2: the principal grants cameras, a range, actions and a validity (7 days by default), never
 * more than was asked; the requester's one-time password is shown once, to hand over in person.
 */
export function ApproveModal({ request, cameras, opened, onClose }: { request: OutsiderRequest; cameras: readonly CameraRow[]; opened: boolean; onClose(): void }) {
  const tr = useRequestsT();
  const [approved, setApproved] = useState<RequestApproved | null>(null);
  const close = () => {
    setApproved(null);
    onClose();
  };
  return (
    <Modal opened={opened || approved !== null} onClose={close} title={tr('approve.title')} size="lg" centered closeOnClickOutside={approved === null}>
      {approved ? <Credentials approved={approved} onClose={close} /> : <ApproveForm request={request} cameras={cameras} onApproved={setApproved} onCancel={close} />}
    </Modal>
  );
}

function ApproveForm({ request, cameras, onApproved, onCancel }: { request: OutsiderRequest; cameras: readonly CameraRow[]; onApproved(a: RequestApproved): void; onCancel(): void }) {
  const { t } = useTranslation();
  const tr = useRequestsT();
  const lang = currentLang();
  const decide = useDecision(request.id);
  // The principal may grant less than was asked, never more (approvalProblem): any camera when only places were named.
  const choosable = request.cameraIds.length > 0 ? cameras.filter((c) => request.cameraIds.includes(c.id)) : cameras;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      cameraIds: choosable.filter((c) => request.cameraIds.includes(c.id)).map((c) => String(c.id)), from: request.fromMs, to: request.toMs,
      needs: [...request.needs], validityDays: DEFAULT_REQUEST_SETTINGS.defaultValidityDays, note: '',
    },
    validate: {
      cameraIds: (v) => (v.length > 0 ? null : tr('form.required')),
      from: (v) => (v === null ? tr('form.rangeRequired') : null),
      to: (v) => (v === null ? tr('form.rangeRequired') : null),
      needs: (v) => (v.length > 0 ? null : tr('form.needsRequired')),
    },
  });
  const submit = (v: Values) => decide.mutate({
    event: 'approve',
    input: { cameraIds: v.cameraIds.map(Number), from: v.from ?? 0, to: v.to ?? 0, needs: v.needs, validityDays: Number(v.validityDays), ...(v.note.trim() ? { note: v.note.trim() } : {}) },
  }, {
    onSuccess: (d) => { if ('account' in d) onApproved(d as RequestApproved); },
    onError: (err) => form.setErrors(serverFieldErrors(err)),
  });
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate data-testid="approve-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{tr('approve.intro')}</Text>
        <FormError error={decide.error} />
        {request.cameraIds.length === 0 && <Text size="sm">{tr('onlyPlaces')} <b>{request.places}</b></Text>}
        <MultiSelect
          label={tr('approve.cameras')} withAsterisk data={choosable.map((c) => ({ value: String(c.id), label: `${c.id} · ${c.name}` }))}
          comboboxProps={{ withinPortal: true }} data-testid="approve-cameras" {...form.getInputProps('cameraIds')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateTimeInput label={tr('from')} name="from" required value={form.values.from} onChange={(v) => form.setFieldValue('from', v)} error={form.errors.from as string | undefined} />
          <DateTimeInput label={tr('to')} name="to" required value={form.values.to} onChange={(v) => form.setFieldValue('to', v)} error={form.errors.to as string | undefined} />
        </SimpleGrid>
        <Checkbox.Group label={tr('needs')} withAsterisk {...form.getInputProps('needs')}>
          <Stack gap={6} mt={6}>
            {REQUEST_NEEDS.filter((n) => request.needs.includes(n)).map((n) => <Checkbox key={n} value={n} label={REQUEST_NEED_LABELS[n][lang]} />)}
          </Stack>
        </Checkbox.Group>
        <NumberInput
          label={tr('approve.validityDays')} name="validityDays" min={1} max={DEFAULT_REQUEST_SETTINGS.maxValidityDays} allowDecimal={false} w={220}
          {...form.getInputProps('validityDays')}
        />
        <Textarea label={tr('approve.note')} name="note" autosize minRows={2} maxLength={2000} {...form.getInputProps('note')} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>{t('admin.form.cancel')}</Button>
          <Button type="submit" color="green" leftSection={<IconCheck size={18} />} loading={decide.isPending} data-testid="approve-confirm">{tr('approve.confirm')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function Credentials({ approved, onClose }: { approved: RequestApproved; onClose(): void }) {
  const { t } = useTranslation();
  const tr = useRequestsT();
  const row = (label: string, value: string, testId: string) => (
    <Group gap="xs" wrap="nowrap" justify="space-between">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed">{label}</Text>
        <Code fz="lg" data-testid={testId} style={{ overflowWrap: 'anywhere' }}>{value}</Code>
      </Stack>
      <CopyButton value={value}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? t('admin.users.copied') : t('admin.users.copy')}</Button>}</CopyButton>
    </Group>
  );
  return (
    <Stack gap="md" data-testid="approve-credentials">
      <Text size="sm">{tr('approve.done')}</Text>
      {row(tr('approve.username'), approved.account.username, 'requester-username')}
      {row(tr('approve.password'), approved.account.oneTimePassword, 'requester-password')}
      <Alert color="orange" variant="light" icon={<IconKey />}>{tr('approve.passwordOnce')}</Alert>
      <Group justify="flex-end"><Button onClick={onClose} data-testid="approve-close">{tr('approve.close')}</Button></Group>
    </Stack>
  );
}
