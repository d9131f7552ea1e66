import { Button, Checkbox, Group, Image, Modal, MultiSelect, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CameraRow } from '../api/cameras.js';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { DateTimeInput } from '../components/DateTimeInput.js';
import {
  INCIDENT_CATEGORIES, INCIDENT_CATEGORY_LABELS, INCIDENT_URGENCIES, INCIDENT_URGENCY_LABELS, type IncidentCategory, type IncidentUrgency,
  MIN_INCIDENT_DESCRIPTION,
} from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { INCIDENTS_KEY, reportIncident } from './api.js';

/** What the screen the report starts from already knows: the cameras, the moment, the picture. */
export interface IncidentPreset {
  cameraIds: number[];
  atMs: number;
  snapshot: string | null;
  snapshotCameraId: number | null;
  place: string;
}

interface Values {
  cameraIds: string[];
  occurredAt: number | null;
  endedAt: number | null;
  place: string;
  category: IncidentCategory | null;
  urgency: IncidentUrgency;
  description: string;
  withSnapshot: boolean;
}

/** R7.1: the guard reports what they see — time, place, cameras, what happened, urgency — and leadership is told at once. */
export function ReportIncidentModal({ preset, cameras, onClose }: { preset: IncidentPreset | null; cameras: readonly CameraRow[]; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={preset !== null} onClose={onClose} title={t('incidents.report.title')} size="lg" centered data-testid="incident-report-modal">
      {preset && <ReportForm key={preset.atMs} preset={preset} cameras={cameras} onDone={onClose} />}
    </Modal>
  );
}

function ReportForm({ preset, cameras, onDone }: { preset: IncidentPreset; cameras: readonly CameraRow[]; onDone(): void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const client = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      cameraIds: preset.cameraIds.map(String), occurredAt: preset.atMs, endedAt: null, place: preset.place, category: null,
      urgency: 'medium', description: '', withSnapshot: preset.snapshot !== null,
    },
    validate: {
      occurredAt: (v) => (v === null ? t('workflow.dateTimeFormat') : null),
      endedAt: (v, all) => (v !== null && all.occurredAt !== null && v < all.occurredAt ? t('incidents.report.endBeforeStart') : null),
      place: (v) => (v.trim().length >= 2 ? null : t('incidents.report.placeRequired')),
      category: (v) => (v ? null : t('incidents.report.categoryRequired')),
      description: (v) => (v.trim().length >= MIN_INCIDENT_DESCRIPTION ? null : t('incidents.report.describe', { min: MIN_INCIDENT_DESCRIPTION })),
    },
  });
  const send = useMutation({
    mutationFn: (v: Values) => reportIncident({
      cameraIds: v.cameraIds.map(Number), occurredAt: v.occurredAt ?? Date.now(), endedAt: v.endedAt, place: v.place.trim(),
      category: v.category ?? 'other', urgency: v.urgency, description: v.description.trim(),
      snapshot: v.withSnapshot ? preset.snapshot : null, snapshotCameraId: v.withSnapshot ? preset.snapshotCameraId : null,
    }),
    onSuccess: async (incident) => {
      await client.invalidateQueries({ queryKey: INCIDENTS_KEY });
      notifications.show({
        color: 'green', title: t('incidents.report.sent'), message: t('incidents.report.sentHint'), autoClose: 8000,
        onClick: () => void navigate(`/incidents/${incident.id}`), style: { cursor: 'pointer' },
      });
      onDone();
    },
    onError: (err) => form.setErrors(serverFieldErrors(err)),
  });
  const snapshotCamera = cameras.find((c) => c.id === preset.snapshotCameraId);
  return (
    <form onSubmit={form.onSubmit((v) => send.mutate(v))} noValidate data-testid="incident-report-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{t('incidents.report.intro')}</Text>
        <FormError error={send.error} />
        {preset.snapshot && (
          <Stack gap={4}>
            <Image src={preset.snapshot} alt={t('incidents.snapshot')} radius="sm" mah={220} fit="contain" bg="black" data-testid="incident-snapshot-preview" />
            <Checkbox
              label={snapshotCamera ? t('incidents.report.attachSnapshotOf', { name: snapshotCamera.name }) : t('incidents.report.attachSnapshot')}
              {...form.getInputProps('withSnapshot', { type: 'checkbox' })}
            />
          </Stack>
        )}
        {/* Cameras are optional (src/contract/workflows.ts): staff without a camera in their sight report by place alone. */}
        {cameras.length > 0 && (
          <MultiSelect
            label={t('incidents.cameras')} description={t('incidents.report.camerasHint')} data={cameras.map((c) => ({ value: String(c.id), label: c.name }))} searchable
            comboboxProps={{ withinPortal: true }} name="cameraIds" data-testid="incident-cameras" {...form.getInputProps('cameraIds')}
          />
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <DateTimeInput label={t('incidents.occurredAt')} name="occurredAt" required value={form.values.occurredAt} onChange={(v) => form.setFieldValue('occurredAt', v)} error={form.errors.occurredAt as string | undefined} />
          <DateTimeInput label={t('incidents.endedAt')} name="endedAt" description={t('incidents.report.endedHint')} value={form.values.endedAt} onChange={(v) => form.setFieldValue('endedAt', v)} error={form.errors.endedAt as string | undefined} />
        </SimpleGrid>
        <TextInput label={t('incidents.place')} name="place" withAsterisk {...form.getInputProps('place')} />
        <Select
          label={t('incidents.category')} name="category" withAsterisk placeholder={t('incidents.report.categoryPlaceholder')} comboboxProps={{ withinPortal: true }}
          data={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: INCIDENT_CATEGORY_LABELS[c][lang] }))} allowDeselect={false}
          data-testid="incident-category" {...form.getInputProps('category')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>{t('incidents.urgency')}</Text>
          <SegmentedControl
            fullWidth size="xs" aria-label={t('incidents.urgency')} data-testid="incident-urgency" color={form.values.urgency === 'emergency' ? 'red' : undefined}
            data={INCIDENT_URGENCIES.map((u) => ({ value: u, label: INCIDENT_URGENCY_LABELS[u][lang] }))}
            value={form.values.urgency} onChange={(v) => form.setFieldValue('urgency', v as IncidentUrgency)}
          />
        </Stack>
        <Textarea
          label={t('incidents.description')} name="description" withAsterisk autosize minRows={3} maxRows={8} maxLength={5000}
          placeholder={t('incidents.report.descriptionPlaceholder')} {...form.getInputProps('description')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>{t('admin.form.cancel')}</Button>
          <Button type="submit" color="red" leftSection={<IconSend size={18} />} loading={send.isPending} data-testid="incident-send">{t('incidents.report.send')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
