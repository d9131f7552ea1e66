import { Anchor, Button, Card, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { may, useSignedIn } from '../auth/me-context.js';
import type { EvidenceCaseDetail } from '../contract.js';
import { formatDateTime } from '../lib/time.js';
import { casesApi, useCaseChange } from './api.js';

/** The case's facts: what it is about, who opened it, how long its evidence is held (R4.3, R3.2). */
export function CaseInfoTab({ c, editable }: { c: EvidenceCaseDetail; editable: boolean }) {
  const { t } = useTranslation();
  const me = useSignedIn();
  const [editing, setEditing] = useState(false);
  if (editing) return <EditCase c={c} onDone={() => setEditing(false)} />;
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="case-description">{c.description || t('cases.noDescription')}</Text>
        <Text size="sm" c="dimmed">{t('cases.openedByAt', { name: c.openedBy, time: formatDateTime(c.openedAtMs) })}</Text>
        {c.closedAtMs !== null && <Text size="sm" c="dimmed">{t('cases.closedAt', { time: formatDateTime(c.closedAtMs) })}</Text>}
        <Text size="sm">{c.holdUntilMs === null ? t('cases.heldWhileOpen') : t('cases.heldUntil', { time: formatDateTime(c.holdUntilMs) })}</Text>
        {c.incidentId !== null && may(me, 'incident.read') && (
          <Anchor component={Link} to={`/incidents/${c.incidentId}`} size="sm">
            <Group gap={4}><IconAlertTriangle size={16} />{t('cases.fromIncident', { id: c.incidentId })}</Group>
          </Anchor>
        )}
        {editable && (
          <Button variant="light" size="xs" w="fit-content" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>{t('cases.edit')}</Button>
        )}
      </Stack>
    </Card>
  );
}

function EditCase({ c, onDone }: { c: EvidenceCaseDetail; onDone(): void }) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: { title: c.title, description: c.description },
    validate: { title: (v) => (v.trim().length >= 5 ? null : t('cases.titleMin')) },
  });
  const save = useCaseChange((v: { title: string; description: string }) => casesApi.patch(c.id, { title: v.title.trim(), description: v.description.trim() }));
  return (
    <Card withBorder radius="md" padding="md">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v, { onSuccess: onDone, onError: (err) => form.setErrors(serverFieldErrors(err)) }))}>
        <Stack gap="sm">
          <FormError error={save.error} />
          <TextInput label={t('cases.caseTitle')} withAsterisk name="title" maxLength={200} {...form.getInputProps('title')} />
          <Textarea label={t('cases.description')} name="description" autosize minRows={3} maxRows={12} {...form.getInputProps('description')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onDone}>{t('admin.form.cancel')}</Button>
            <Button type="submit" loading={save.isPending}>{t('admin.form.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
