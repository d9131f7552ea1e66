import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconScissors } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import type { CameraRow } from '../api/cameras.js';
import { DateTimeInput } from '../components/DateTimeInput.js';
import { clipProblem } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { CASES_KEY, casesApi } from './api.js';
import type { ClipPreset } from './clip-preset.js';

interface Values {
  cameraId: string | null;
  from: number | null;
  to: number | null;
  note: string;
}

/** R4.3: a clip is one camera between a start and an end; the server cuts it, hashes it and holds its footage. */
export function AddClipForm({ caseId, cameras, preset, onAdded }: { caseId: number; cameras: readonly CameraRow[]; preset: ClipPreset; onAdded?: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { cameraId: preset.cameraId === null ? null : String(preset.cameraId), from: preset.fromMs, to: preset.toMs, note: '' },
    validate: {
      cameraId: (v) => (v ? null : t('cases.clips.pickCamera')),
      from: (v) => (v === null ? t('workflow.dateTimeFormat') : null),
      to: (v, all) => {
        if (v === null) return t('workflow.dateTimeFormat');
        if (all.from === null) return null;
        return clipProblem({ cameraId: Number(all.cameraId), startMs: all.from, endMs: v }, Date.now())?.[currentLang()] ?? null;
      },
    },
  });
  const add = useMutation({
    mutationFn: (v: Values) => casesApi.addClip(caseId, {
      cameraId: Number(v.cameraId), from: v.from ?? 0, to: v.to ?? 0, ...(v.note.trim() ? { note: v.note.trim() } : {}),
    }),
    onSuccess: async (clip) => {
      await client.invalidateQueries({ queryKey: CASES_KEY });
      notifications.show({ color: 'green', message: t('cases.clips.added', { name: clip.cameraName }) });
      form.setFieldValue('note', '');
      onAdded?.();
    },
    onError: (err) => form.setErrors(serverFieldErrors(err)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => add.mutate(v))} noValidate data-testid="add-clip-form">
      <Stack gap="sm">
        <FormError error={add.error} />
        <Select
          label={t('cases.clips.camera')} withAsterisk name="cameraId" data={cameras.map((c) => ({ value: String(c.id), label: c.name }))}
          allowDeselect={false} searchable comboboxProps={{ withinPortal: true }} data-testid="clip-camera" {...form.getInputProps('cameraId')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <DateTimeInput label={t('cases.clips.from')} name="clipFrom" seconds required value={form.values.from} onChange={(v) => form.setFieldValue('from', v)} error={form.errors.from as string | undefined} />
          <DateTimeInput label={t('cases.clips.to')} name="clipTo" seconds required value={form.values.to} onChange={(v) => form.setFieldValue('to', v)} error={form.errors.to as string | undefined} />
        </SimpleGrid>
        <TextInput label={t('cases.clips.note')} name="clipNote" maxLength={500} {...form.getInputProps('note')} />
        {add.isPending && <Text size="sm" c="dimmed">{t('cases.clips.cutting')}</Text>}
        <Group justify="flex-end">
          <Button
            type="submit" leftSection={<IconScissors size={18} />} loading={add.isPending} data-testid="add-clip" maw="100%" h="auto" mih={36} py={6}
            styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
          >{t('cases.clips.add')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
