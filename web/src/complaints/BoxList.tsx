import { ActionIcon, Button, Checkbox, Group, NumberInput, Paper, Stack, Text } from '@mantine/core';
import { IconCheck, IconFocus2, IconTrash, IconX } from '@tabler/icons-react';
import { useComplaintsT } from './i18n.js';
import { formatSeconds, retimed, shownAt } from './redaction-boxes.js';
import type { RedactionBox } from './shared.js';

interface BoxListProps {
  boxes: readonly RedactionBox[];
  durationS: number;
  atS: number;
  selected: number | null;
  editable: boolean;
  onSelect(i: number): void;
  onChange(i: number, box: RedactionBox): void;
  onDelete(i: number): void;
  onSeek(s: number): void;
}

/** The rectangles drawn, each with its time range in seconds (editable, or "until the end"), beside the video. */
export function BoxList({ boxes, durationS, atS, selected, editable, onSelect, onChange, onDelete, onSeek }: BoxListProps) {
  const tc = useComplaintsT();
  if (boxes.length === 0) return <Text size="sm" c="dimmed" data-testid="no-boxes">{editable ? tc('editor.noBoxesHint') : tc('editor.noBoxes')}</Text>;
  return (
    <Stack gap={6} data-testid="box-list">
      {boxes.map((b, i) => {
        const toEnd = b.endS >= durationS;
        return (
          <Paper
            key={i} withBorder p={6} radius="sm" data-testid="box-row" onClick={() => onSelect(i)}
            style={{ borderColor: i === selected ? 'var(--mantine-color-blue-5)' : undefined, background: shownAt(b, atS) ? 'var(--mantine-color-red-0)' : undefined }}
          >
            <Group gap={6} wrap="nowrap" justify="space-between">
              <Text size="sm" fw={700}>{tc('editor.boxN', { n: i + 1 })}</Text>
              <Group gap={2} wrap="nowrap">
                <ActionIcon variant="subtle" size="sm" onClick={() => onSeek(b.startS)} aria-label={tc('editor.goTo')}><IconFocus2 size={16} /></ActionIcon>
                {editable && (
                  <ActionIcon variant="subtle" color="red" size="sm" onClick={(e) => { e.stopPropagation(); onDelete(i); }} aria-label={tc('editor.delete', { n: i + 1 })} data-testid="box-delete">
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            </Group>
            {editable ? (
              <Group gap={6} wrap="wrap" align="flex-end">
                <NumberInput
                  size="xs" w={86} label={tc('editor.startS')} min={0} max={durationS} step={0.5} decimalScale={1} decimalSeparator="," value={b.startS}
                  onChange={(v) => onChange(i, retimed(b, Number(v) || 0, b.endS, durationS))} name={`box-${i}-start`}
                />
                <NumberInput
                  size="xs" w={86} label={tc('editor.endS')} min={0} max={durationS} step={0.5} decimalScale={1} decimalSeparator="," value={b.endS} disabled={toEnd}
                  onChange={(v) => onChange(i, retimed(b, b.startS, Number(v) || 0, durationS))} name={`box-${i}-end`}
                />
                <Checkbox
                  size="xs" mb={6} label={tc('editor.toEnd')} checked={toEnd}
                  onChange={(e) => onChange(i, retimed(b, b.startS, e.currentTarget.checked ? durationS : Math.min(b.startS + 5, durationS - 0.1), durationS))}
                />
              </Group>
            ) : <Text size="xs">{formatSeconds(b.startS)} – {formatSeconds(b.endS)} s</Text>}
          </Paper>
        );
      })}
    </Stack>
  );
}

/** Face detection's proposals (R3.3): accepted one by one or all at once, or discarded. */
export function ProposalList({ proposals, onAccept, onDiscard, onAcceptAll, onDiscardAll, onSeek }: {
  proposals: readonly RedactionBox[];
  onAccept(i: number): void;
  onDiscard(i: number): void;
  onAcceptAll(): void;
  onDiscardAll(): void;
  onSeek(s: number): void;
}) {
  const tc = useComplaintsT();
  if (proposals.length === 0) return null;
  return (
    <Paper withBorder p="xs" radius="sm" style={{ borderColor: 'var(--mantine-color-yellow-5)' }} data-testid="proposal-list">
      <Stack gap={6}>
        <Text size="sm" fw={700}>{tc('editor.proposals', { count: proposals.length })}</Text>
        <Group gap={6} wrap="wrap">
          <Button size="xs" color="yellow" leftSection={<IconCheck size={14} />} onClick={onAcceptAll} data-testid="proposals-accept-all">{tc('editor.acceptAll')}</Button>
          <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={onDiscardAll}>{tc('editor.discardAll')}</Button>
        </Group>
        {proposals.map((p, i) => (
          <Group key={i} gap={4} wrap="nowrap" justify="space-between">
            <Text size="xs" style={{ cursor: 'pointer' }} onClick={() => onSeek(p.startS)}>{tc('editor.proposalN', { n: i + 1 })}: {formatSeconds(p.startS)} – {formatSeconds(p.endS)} s</Text>
            <Group gap={2} wrap="nowrap">
              <ActionIcon variant="subtle" color="green" size="sm" onClick={() => onAccept(i)} aria-label={tc('editor.accept')}><IconCheck size={16} /></ActionIcon>
              <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => onDiscard(i)} aria-label={tc('editor.discard')}><IconX size={16} /></ActionIcon>
            </Group>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
