import { Alert, Anchor, Button, Checkbox, Code, Group, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck, IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useComplaintsT } from '../complaints/i18n.js';
import { useRequestsT } from './i18n.js';
import { Link } from 'react-router';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { AuthLayout } from '../components/AuthLayout.js';
import { DateTimeInput } from '../components/DateTimeInput.js';
import { currentLang } from '../i18n/index.js';
import { submitRequest } from './api.js';
import { cameraNumbers } from './camera-numbers.js';
import { DEFAULT_REQUEST_SETTINGS, REQUEST_NEEDS, REQUEST_NEED_LABELS, REQUEST_PURPOSES, REQUEST_PURPOSE_LABELS, type RequestNeed, type RequestPurpose } from './shared.js';

interface Values {
  requesterName: string;
  organisation: string;
  contactEmail: string;
  contactPhone: string;
  purpose: RequestPurpose | null;
  cameraNumbers: string;
  places: string;
  from: number | null;
  to: number | null;
  needs: RequestNeed[];
  legalBasis: string;
  description: string;
}


const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

/** R4.2: the public form — no account — that ends with a tracking code to look the outcome up. */
export function PublicRequestPage() {
  const tr = useRequestsT();
  const [code, setCode] = useState<string | null>(null);
  return (
    <AuthLayout title={tr('form.title')} width={720}>
      {code ? <Sent code={code} onAnother={() => setCode(null)} /> : <RequestForm onSent={setCode} />}
    </AuthLayout>
  );
}

function Sent({ code, onAnother }: { code: string; onAnother(): void }) {
  const tr = useRequestsT();
  return (
    <Stack gap="md" data-testid="request-sent">
      <Alert color="green" variant="light" icon={<IconCircleCheck />} title={tr('form.sent')}>{tr('form.sentHint')}</Alert>
      <Stack gap={4} align="center">
        <Text size="sm" c="dimmed">{tr('code')}</Text>
        <Code fz={28} fw={700} px="md" py="xs" data-testid="tracking-code">{code}</Code>
      </Stack>
      <Group justify="center" gap="sm">
        <Button component={Link} to={`/yeu-cau/tra-cuu?ma=${encodeURIComponent(code)}`} variant="light">{tr('form.lookup')}</Button>
        <Button variant="default" onClick={onAnother}>{tr('form.another')}</Button>
      </Group>
    </Stack>
  );
}

function RequestForm({ onSent }: { onSent(code: string): void }) {
  const tr = useRequestsT();
  const tc = useComplaintsT();
  const lang = currentLang();
  const [now] = useState(() => minute(Date.now()));
  const required = (v: string) => (v.trim().length >= 2 ? null : tr('form.required'));
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      requesterName: '', organisation: '', contactEmail: '', contactPhone: '', purpose: null, cameraNumbers: '', places: '',
      from: now - 3_600_000, to: now, needs: ['view_on_site'], legalBasis: '', description: '',
    },
    validate: {
      requesterName: required,
      organisation: required,
      contactEmail: (v, all) => (v.trim() || all.contactPhone.trim() ? null : tr('form.contactRequired')),
      purpose: (v) => (v ? null : tr('form.required')),
      cameraNumbers: (v) => (cameraNumbers(v) === null ? tr('cameraNumbersWrong') : null),
      places: (v, all) => (v.trim() || (cameraNumbers(all.cameraNumbers) ?? []).length > 0 ? null : tr('form.placesOrCameras')),
      from: (v) => (v === null ? tr('form.rangeRequired') : null),
      to: (v) => (v === null ? tr('form.rangeRequired') : null),
      needs: (v) => (v.length > 0 ? null : tr('form.needsRequired')),
      legalBasis: (v) => (v.trim().length >= 5 ? null : tr('form.required')),
      description: (v) => (v.trim().length >= DEFAULT_REQUEST_SETTINGS.minReasonChars ? null : tr('form.describe')),
    },
  });
  const send = useMutation({
    mutationFn: (v: Values) => submitRequest({
      requesterName: v.requesterName.trim(), organisation: v.organisation.trim(), contactEmail: v.contactEmail.trim() || null,
      contactPhone: v.contactPhone.trim() || null, purpose: v.purpose ?? 'other', cameraIds: cameraNumbers(v.cameraNumbers) ?? [], places: v.places.trim(),
      from: v.from ?? 0, to: v.to ?? 0, needs: v.needs, legalBasis: v.legalBasis.trim(), description: v.description.trim(),
    }),
    onSuccess: (status) => onSent(status.trackingCode),
    onError: (err) => form.setErrors(serverFieldErrors(err, { 'request.camera': 'cameraNumbers' })),
  });
  return (
    <form onSubmit={form.onSubmit((v) => send.mutate(v))} noValidate data-testid="request-form">
      <Stack gap="sm">
        <Text size="sm">{tr('form.intro')}</Text>
        <FormError error={send.error} fieldOfCode={{ 'request.camera': 'cameraNumbers' }} />
        <Title order={3} size="h5">{tr('form.whoSection')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={tr('requester')} name="requesterName" withAsterisk autoComplete="name" {...form.getInputProps('requesterName')} />
          <TextInput label={tr('organisation')} name="organisation" withAsterisk autoComplete="organization" {...form.getInputProps('organisation')} />
          <TextInput label={tr('contactEmail')} name="contactEmail" type="email" autoComplete="email" description={tr('form.contactHint')} {...form.getInputProps('contactEmail')} />
          <TextInput label={tr('contactPhone')} name="contactPhone" type="tel" autoComplete="tel" {...form.getInputProps('contactPhone')} />
        </SimpleGrid>
        <Select
          label={tr('purpose')} name="purpose" withAsterisk allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="request-purpose"
          data={REQUEST_PURPOSES.map((p) => ({ value: p, label: REQUEST_PURPOSE_LABELS[p][lang] }))} {...form.getInputProps('purpose')}
        />
        <Title order={3} size="h5" mt="xs">{tr('form.whatSection')}</Title>
        <Textarea label={tr('places')} name="places" description={tr('placesHint')} autosize minRows={2} maxLength={500} {...form.getInputProps('places')} />
        <TextInput label={tr('cameraNumbers')} name="cameraNumbers" description={tr('cameraNumbersHint')} inputMode="numeric" {...form.getInputProps('cameraNumbers')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateTimeInput label={tr('from')} name="from" required value={form.values.from} onChange={(v) => form.setFieldValue('from', v)} error={form.errors.from as string | undefined} />
          <DateTimeInput label={tr('to')} name="to" required value={form.values.to} onChange={(v) => form.setFieldValue('to', v)} error={form.errors.to as string | undefined} />
        </SimpleGrid>
        <Checkbox.Group label={tr('needs')} withAsterisk {...form.getInputProps('needs')}>
          <Stack gap={6} mt={6}>
            {REQUEST_NEEDS.map((n) => <Checkbox key={n} value={n} label={REQUEST_NEED_LABELS[n][lang]} data-need={n} />)}
          </Stack>
        </Checkbox.Group>
        <Textarea label={tr('legalBasis')} name="legalBasis" withAsterisk description={tr('legalBasisHint')} autosize minRows={2} maxLength={1000} {...form.getInputProps('legalBasis')} />
        <Textarea label={tr('description')} name="description" withAsterisk autosize minRows={3} maxRows={10} maxLength={5000} {...form.getInputProps('description')} />
        <Group justify="space-between" gap="sm" mt="xs">
          <Anchor component={Link} to="/yeu-cau/tra-cuu" size="sm">{tr('form.lookup')}</Anchor>
          <Button type="submit" leftSection={<IconSend size={18} />} loading={send.isPending} data-testid="request-send">{tr('form.send')}</Button>
        </Group>
        <Group justify="space-between" gap="sm">
          <Anchor component={Link} to="/" size="sm">{tr('form.signIn')}</Anchor>
          {/* R3.3: someone recorded who wants to complain or see their own footage files there instead. */}
          <Anchor component={Link} to="/khieu-nai" size="sm">{tc('publicLink')}</Anchor>
        </Group>
      </Stack>
    </form>
  );
}
