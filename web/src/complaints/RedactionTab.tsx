import { Button, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconScissors } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { useCameras } from '../api/cameras.js';
import { DateTimeInput } from '../components/DateTimeInput.js';
import { formatVnDateTime } from '../playback/vn-time.js';
import { complaintsApi, useComplaintChange } from './api.js';
import { ClipStateBadge } from './Badges.js';
import { useComplaintsT } from './i18n.js';
import { MAX_CLIP_MS, clipRange } from './redaction-boxes.js';
import { RedactionEditor } from './RedactionEditor.js';
import type { ComplaintDetail } from './shared.js';

/** R3.3: clips of the footage concerned, cut (≤ 10 minutes) and redacted before anything goes out. */
export function RedactionTab({ c, editable }: { c: ComplaintDetail; editable: boolean }) {
  const tc = useComplaintsT();
  const [selected, setSelected] = useState<number | null>(c.clips.at(-1)?.id ?? null);
  const clip = c.clips.find((x) => x.id === selected) ?? null;
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">{tc('clip.intro')}</Text>
      {c.clips.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          {c.clips.map((x) => (
            <Card
              key={x.id} withBorder radius="md" padding="sm" data-testid="redaction-clip" data-clip={x.id}
              style={{ cursor: 'pointer', borderColor: x.id === selected ? 'var(--mantine-color-blue-6)' : undefined }} onClick={() => setSelected(x.id)}
            >
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text fw={700} size="sm">{x.cameraName} · #{x.id}</Text>
                  <Text size="xs">{formatVnDateTime(x.fromMs)} ({Math.round(x.durationS)} s)</Text>
                  <Text size="xs" c="dimmed">{tc('clip.boxCount', { count: x.boxes.length })}</Text>
                </div>
                <ClipStateBadge clip={x} />
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {clip && <RedactionEditor key={clip.id} complaintId={c.id} initial={clip} editable={editable} />}
      {editable && <CutClip c={c} onCut={setSelected} />}
    </Stack>
  );
}

interface CutValues {
  cameraId: string | null;
  from: number | null;
  to: number | null;
}

function CutClip({ c, onCut }: { c: ComplaintDetail; onCut(id: number): void }) {
  const tc = useComplaintsT();
  const cameras = useCameras();
  const [preset] = useState(() => clipRange(c, Date.now()));
  const form = useForm<CutValues>({
    mode: 'controlled',
    initialValues: { cameraId: c.cameraIds[0] ? String(c.cameraIds[0]) : null, from: preset.fromMs, to: preset.toMs },
    validate: {
      cameraId: (v) => (v ? null : tc('clip.pickCamera')),
      from: (v) => (v === null ? tc('form.rangeRequired') : null),
      to: (v, all) => {
        if (v === null) return tc('form.rangeRequired');
        if (all.from !== null && v <= all.from) return tc('form.rangeOrder');
        return all.from !== null && v - all.from > MAX_CLIP_MS ? tc('clip.tooLong') : null;
      },
    },
  });
  const cut = useComplaintChange((v: CutValues) => complaintsApi.cutClip(c.id, { cameraId: Number(v.cameraId), from: v.from ?? 0, to: v.to ?? 0 }));
  return (
    <Card withBorder radius="md" padding="md">
      <form noValidate data-testid="cut-clip-form" onSubmit={form.onSubmit((v) => cut.mutate(v, { onSuccess: (clip) => onCut(clip.id), onError: (err) => form.setErrors(serverFieldErrors(err)) }))}>
        <Stack gap="sm">
          <Title order={3} fz="md">{tc('clip.cutTitle')}</Title>
          <FormError error={cut.error} />
          <Select
            label={tc('clip.camera')} withAsterisk name="clipCamera" allowDeselect={false} searchable comboboxProps={{ withinPortal: true }} data-testid="clip-camera"
            data={(cameras.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))} {...form.getInputProps('cameraId')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <DateTimeInput label={tc('from')} name="clipFrom" seconds required value={form.values.from} onChange={(v) => form.setFieldValue('from', v)} error={form.errors.from as string | undefined} />
            <DateTimeInput label={tc('to')} name="clipTo" seconds required value={form.values.to} onChange={(v) => form.setFieldValue('to', v)} error={form.errors.to as string | undefined} />
          </SimpleGrid>
          <Text size="xs" c="dimmed">{tc('clip.cutHint')}</Text>
          {cut.isPending && <Text size="sm" c="dimmed">{tc('clip.cutting')}</Text>}
          <Group justify="flex-end">
            <Button type="submit" leftSection={<IconScissors size={18} />} loading={cut.isPending} data-testid="cut-clip">{tc('clip.cut')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
