import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCircleCheck, IconSignature, IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { DayInput } from '../admin/DayInput.js';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { complaintsApi, useComplaintChange } from './api.js';
import { type Giver, giversNeeded } from './consents.js';
import { useComplaintsT } from './i18n.js';
import {
  CHILD_OWN_CONSENT_AGE, type ComplaintDetail, type ComplaintPerson, type ImageConsentView, PERSON_ROLES, type PersonRole, ageOn, localDate,
} from './shared.js';

/** The people left visible in the clip given out, and the consents recorded for each child (R3.3). */
export function PeopleTab({ c, editable }: { c: ComplaintDetail; editable: boolean }) {
  const tc = useComplaintsT();
  const lang = currentLang();
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">{tc('people.intro')}</Text>
      {c.consentStatus.problem ? (
        <Alert color="orange" variant="filled" icon={<IconAlertTriangle />} title={tc('people.consentsMissing')} data-testid="consent-problem">
          {c.consentStatus.problem[lang]}
        </Alert>
      ) : c.people.some((p) => p.isChild) && (
        <Alert color="green" variant="light" icon={<IconCircleCheck />} data-testid="consents-complete">{tc('people.consentsComplete')}</Alert>
      )}
      {c.people.length === 0 && <Text c="dimmed" size="sm">{tc('people.none')}</Text>}
      {c.people.map((p) => <PersonCard key={p.id} c={c} p={p} editable={editable} />)}
      {editable && <AddPerson id={c.id} />}
    </Stack>
  );
}

function PersonCard({ c, p, editable }: { c: ComplaintDetail; p: ComplaintPerson; editable: boolean }) {
  const tc = useComplaintsT();
  const remove = useComplaintChange(() => complaintsApi.removePerson(c.id, p.id));
  const today = localDate(Date.now());
  const consents = c.consents.filter((x) => x.personId === p.id);
  const facts = [
    tc(`roles.${p.role}`),
    p.className ? tc('classOf', { name: p.className }) : '',
    p.birthDate ? tc('people.born', { date: p.birthDate.split('-').reverse().join('/'), age: ageOn(p.birthDate, today) }) : p.isChild ? tc('people.ageUnknown') : '',
  ].filter(Boolean).join(' · ');
  return (
    <Card withBorder radius="md" padding="sm" data-testid="complaint-person" data-person={p.name}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600}>{p.name}</Text>
          <Text size="sm" c="dimmed">{facts}</Text>
        </div>
        {editable && (
          <ActionIcon variant="subtle" color="red" aria-label={tc('people.remove', { name: p.name })} loading={remove.isPending} onClick={() => remove.mutate(undefined)}>
            <IconTrash size={18} />
          </ActionIcon>
        )}
      </Group>
      <ErrorAlert error={remove.error} />
      {giversNeeded(p, today).length > 0 && (
        <Stack gap={6} mt="xs">
          {giversNeeded(p, today).map((g) => (
            <ConsentLine
              key={g} c={c} p={p} giver={g} editable={editable}
              given={consents.find((x) => x.givenBy === g && x.withdrawnAtMs === null) ?? null}
              missing={c.consentStatus.missing.some((m) => m.personId === p.id && m.missing === g)}
            />
          ))}
          {consents.filter((x) => x.withdrawnAtMs !== null).map((x) => (
            <Text key={x.id} size="xs" c="dimmed">
              {tc('consent.withdrawnLine', { who: tc(`consent.by.${x.givenBy}`), name: x.giverName, time: formatDateTime(x.withdrawnAtMs ?? 0), reason: x.withdrawReason ?? '' })}
            </Text>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function ConsentLine({ c, p, giver, given, missing, editable }: {
  c: ComplaintDetail; p: ComplaintPerson; giver: Giver; given: ImageConsentView | null; missing: boolean; editable: boolean;
}) {
  const tc = useComplaintsT();
  const [open, setOpen] = useState<'record' | 'withdraw' | null>(null);
  return (
    <Group justify="space-between" gap="xs" wrap="wrap" data-testid="consent-line" data-giver={giver} data-given={given ? 'yes' : 'no'}>
      {given ? (
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge color="green" variant="light" tt="none" leftSection={<IconCircleCheck size={12} />}>{tc(`consent.given.${giver}`)}</Badge>
          <Text size="xs" c="dimmed">{tc('consent.givenLine', { name: given.giverName, time: formatDateTime(given.givenAtMs), by: given.recordedBy })}</Text>
        </Group>
      ) : (
        <Badge color={missing ? 'red' : 'gray'} variant="light" tt="none" leftSection={<IconAlertTriangle size={12} />}>{tc(`consent.missing.${giver}`)}</Badge>
      )}
      {editable && (given
        ? <Button size="compact-xs" variant="subtle" color="red" onClick={() => setOpen('withdraw')}>{tc('consent.withdraw')}</Button>
        : <Button size="xs" variant="light" leftSection={<IconSignature size={14} />} onClick={() => setOpen('record')} data-testid="consent-record">{tc(`consent.record.${giver}`)}</Button>)}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open === 'withdraw' ? tc('consent.withdraw') : tc(`consent.record.${giver}`)} centered>
        {open === 'record' && <RecordConsent c={c} p={p} giver={giver} onDone={() => setOpen(null)} />}
        {open === 'withdraw' && given && <WithdrawConsent c={c} consent={given} onDone={() => setOpen(null)} />}
      </Modal>
    </Group>
  );
}

function RecordConsent({ c, p, giver, onDone }: { c: ComplaintDetail; p: ComplaintPerson; giver: Giver; onDone(): void }) {
  const tc = useComplaintsT();
  const form = useForm({
    mode: 'controlled',
    initialValues: { giverName: giver === 'child' ? p.name : '', note: '' },
    validate: { giverName: (v) => (v.trim().length >= 2 ? null : tc('form.required')) },
  });
  const record = useComplaintChange((v: { giverName: string; note: string }) =>
    complaintsApi.recordConsent(c.id, { personId: p.id, givenBy: giver, giverName: v.giverName.trim(), note: v.note.trim() }));
  return (
    <form noValidate data-testid="consent-form" onSubmit={form.onSubmit((v) => record.mutate(v, { onSuccess: onDone, onError: (err) => form.setErrors(serverFieldErrors(err)) }))}>
      <Stack gap="sm">
        <Text size="sm">{tc(`consent.recordIntro.${giver}`, { name: p.name })}</Text>
        <FormError error={record.error} />
        <TextInput label={tc(`consent.giverName.${giver}`)} name="giverName" withAsterisk maxLength={120} {...form.getInputProps('giverName')} />
        <Textarea label={tc('consent.note')} name="consentNote" placeholder={tc('consent.notePlaceholder')} autosize minRows={2} maxLength={500} {...form.getInputProps('note')} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>{tc('cancel')}</Button>
          <Button type="submit" loading={record.isPending} data-testid="consent-save">{tc('consent.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function WithdrawConsent({ c, consent, onDone }: { c: ComplaintDetail; consent: ImageConsentView; onDone(): void }) {
  const tc = useComplaintsT();
  const form = useForm({ mode: 'controlled', initialValues: { reason: '' }, validate: { reason: (v) => (v.trim() ? null : tc('form.required')) } });
  const withdraw = useComplaintChange((reason: string) => complaintsApi.withdrawConsent(c.id, consent.id, reason));
  return (
    <form noValidate onSubmit={form.onSubmit((v) => withdraw.mutate(v.reason.trim(), { onSuccess: onDone, onError: (err) => form.setErrors(serverFieldErrors(err)) }))}>
      <Stack gap="sm">
        <FormError error={withdraw.error} />
        <Textarea label={tc('consent.withdrawReason')} name="withdrawReason" withAsterisk autosize minRows={2} maxLength={500} {...form.getInputProps('reason')} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>{tc('cancel')}</Button>
          <Button type="submit" color="red" loading={withdraw.isPending}>{tc('consent.withdraw')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

interface PersonValues {
  name: string;
  role: PersonRole;
  className: string;
  birthDate: string;
}

function AddPerson({ id }: { id: number }) {
  const tc = useComplaintsT();
  const form = useForm<PersonValues>({
    mode: 'controlled',
    initialValues: { name: '', role: 'pupil', className: '', birthDate: '' },
    validate: { name: (v) => (v.trim().length >= 2 ? null : tc('form.required')) },
  });
  const add = useComplaintChange((v: PersonValues) => complaintsApi.addPerson(id, {
    name: v.name.trim(), role: v.role, className: v.className.trim(), birthDate: v.role === 'pupil' && v.birthDate ? v.birthDate : null,
  }));
  const pupil = form.values.role === 'pupil';
  return (
    <Card withBorder radius="md" padding="md">
      <form noValidate data-testid="add-person-form" onSubmit={form.onSubmit((v) => add.mutate(v, { onSuccess: () => form.reset(), onError: (err) => form.setErrors(serverFieldErrors(err)) }))}>
        <Stack gap="sm">
          <Text fw={600}>{tc('people.addTitle')}</Text>
          <FormError error={add.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={tc('people.name')} withAsterisk name="personName" maxLength={120} {...form.getInputProps('name')} />
            <Select
              label={tc('people.role')} name="personRole" allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="person-role"
              data={PERSON_ROLES.map((r) => ({ value: r, label: tc(`roles.${r}`) }))} {...form.getInputProps('role')}
            />
            {pupil && <TextInput label={tc('pupilClass')} name="personClass" placeholder="3A" maxLength={40} {...form.getInputProps('className')} />}
            {pupil && <DayInput label={tc('people.birthDate')} name="birthDate" value={form.values.birthDate} onChange={(v) => form.setFieldValue('birthDate', v)} error={form.errors.birthDate as string | undefined} />}
          </SimpleGrid>
          {pupil && <Text size="xs" c="dimmed">{tc('people.birthDateHint', { age: CHILD_OWN_CONSENT_AGE })}</Text>}
          <Group justify="flex-end">
            <Button type="submit" variant="light" leftSection={<IconUserPlus size={18} />} loading={add.isPending} data-testid="add-person">{tc('people.add')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
