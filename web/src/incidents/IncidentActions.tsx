import { Button, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowForwardUp, IconCheck, IconFolderPlus, IconLock, IconMessage, IconUserShare } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { useUsers } from '../admin/users/api.js';
import { may, useSignedIn } from '../auth/me-context.js';
import type { IncidentDetail, IncidentEvent, IncidentEventInput } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { useIncidentEvent } from './api.js';
import { defaultCaseTitle } from './case-title.js';
import { incidentEventLabel } from './labels.js';

type FormEvent = Exclude<IncidentEvent, 'report' | 'acknowledge'>;

const ICONS: Record<FormEvent | 'acknowledge', ReactNode> = {
  acknowledge: <IconCheck size={18} />,
  assign: <IconUserShare size={18} />,
  comment: <IconMessage size={18} />,
  propose_close: <IconArrowForwardUp size={18} />,
  close: <IconLock size={18} />,
  turn_into_case: <IconFolderPlus size={18} />,
};

/** Fewest characters the server wants in the note of each event (src/contract/workflows.ts). */
const MIN_NOTE: Record<FormEvent, number> = { assign: 0, comment: 1, propose_close: 1, close: 5, turn_into_case: 0 };

/** The buttons of what this viewer may do next — the server's allowedEvents, nothing more. */
export function IncidentActions({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const event = useIncidentEvent(incident.id);
  const [open, setOpen] = useState<FormEvent | null>(null);
  const allowed = incident.allowedEvents.filter((e) => e !== 'report');
  // Kept while a form is open: the event just sent may leave nothing allowed (a case, a close), and
  // the form must outlive the answer to finish (close itself, go to the new case).
  if (allowed.length === 0 && open === null) return null;
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        {allowed.map((e) => (
          <Button
            key={e} size="sm" leftSection={ICONS[e as FormEvent | 'acknowledge']} data-testid={`incident-event-${e}`}
            variant={e === 'acknowledge' || e === 'turn_into_case' ? 'filled' : e === 'close' ? 'default' : 'light'}
            loading={e === 'acknowledge' && event.isPending}
            onClick={() => (e === 'acknowledge' ? event.mutate({ event: 'acknowledge' }) : setOpen(e as FormEvent))}
          >
            {incidentEventLabel(e, lang)}
          </Button>
        ))}
      </Group>
      {open === null && <FormError error={event.error} />}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open ? incidentEventLabel(open, lang) : ''} size="lg" centered data-testid="incident-event-modal">
        {open && <EventForm key={open} event={open} incident={incident} onDone={() => setOpen(null)} />}
      </Modal>
    </Stack>
  );
}

interface Values {
  note: string;
  assignee: string | null;
  title: string;
}

function EventForm({ event, incident, onDone }: { event: FormEvent; incident: IncidentDetail; onDone(): void }) {
  const { t } = useTranslation();
  const me = useSignedIn();
  const navigate = useNavigate();
  const send = useIncidentEvent(incident.id);
  const pickUser = may(me, 'account.read');
  const users = useUsers(event === 'assign' && pickUser);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { note: '', assignee: incident.assignee?.username ?? null, title: defaultCaseTitle(incident) },
    validate: {
      note: (v) => (v.trim().length >= MIN_NOTE[event] ? null : t('incidents.event.noteMin', { min: MIN_NOTE[event] })),
      assignee: (v) => (event !== 'assign' || (v && v.trim().length >= 3) ? null : t('incidents.event.assigneeRequired')),
      title: (v) => (event !== 'turn_into_case' || v.trim().length >= 5 ? null : t('incidents.event.titleMin')),
    },
  });
  const submit = (v: Values) => {
    const note = v.note.trim();
    const input: IncidentEventInput = event === 'assign' ? { event, assignee: (v.assignee ?? '').trim(), ...(note ? { note } : {}) }
      : event === 'turn_into_case' ? { event, title: v.title.trim(), ...(note ? { note } : {}) }
      : { event, note };
    send.mutate(input, {
      onSuccess: (detail) => {
        onDone();
        if (event === 'turn_into_case' && detail.caseId !== null) {
          notifications.show({ color: 'green', message: t('incidents.event.caseOpened') });
          void navigate(`/cases/${detail.caseId}`);
        }
      },
      onError: (err) => form.setErrors(serverFieldErrors(err)),
    });
  };
  const people = (users.data ?? []).filter((u) => u.disabledAt === null).map((u) => ({
    value: u.username, label: `${u.fullName} — ${u.roles.map((r) => r.label[currentLang()]).join(', ')}`,
  }));
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate data-testid="incident-event-form">
      <Stack gap="sm">
        <FormError error={send.error} />
        {event === 'assign' && (pickUser
          ? <Select label={t('incidents.event.assignee')} withAsterisk searchable data={people} comboboxProps={{ withinPortal: true }} name="assignee" {...form.getInputProps('assignee')} />
          : <TextInput label={t('incidents.event.assigneeUsername')} withAsterisk name="assignee" autoComplete="off"
              value={form.values.assignee ?? ''} onChange={(e) => form.setFieldValue('assignee', e.currentTarget.value)} error={form.errors.assignee} />)}
        {event === 'turn_into_case' && (
          <TextInput label={t('incidents.event.caseTitle')} description={t('incidents.event.caseTitleHint')} withAsterisk name="title" maxLength={200} {...form.getInputProps('title')} />
        )}
        <Textarea
          label={t(MIN_NOTE[event] > 0 ? 'incidents.event.note' : 'incidents.event.noteOptional')} withAsterisk={MIN_NOTE[event] > 0}
          autosize minRows={3} maxRows={8} maxLength={2000} name="note" {...form.getInputProps('note')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>{t('admin.form.cancel')}</Button>
          <Button type="submit" loading={send.isPending} data-testid="incident-event-submit">{incidentEventLabel(event, currentLang())}</Button>
        </Group>
      </Stack>
    </form>
  );
}
