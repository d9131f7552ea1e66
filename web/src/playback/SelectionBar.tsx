import { Button, Group, Paper, Text } from '@mantine/core';
import { IconDownload, IconFolderPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './duration.js';
import type { TimeRange } from './timeline-scale.js';
import { formatVnClock } from './vn-time.js';

/** The range selected on the timeline and what can be done with it: a clip to download, a clip for a case (R4.3). */
export function SelectionBar({ selection, mayClip, onClip, onClear, onAddToCase }: {
  selection: TimeRange;
  mayClip: boolean;
  onClip(): void;
  onClear(): void;
  onAddToCase?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xs" radius="md" data-testid="selection-bar">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          {t('playback.selection.label', { from: formatVnClock(selection.startMs), to: formatVnClock(selection.endMs), duration: formatDuration(t, selection.endMs - selection.startMs) })}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={onClear}>{t('playback.selection.clear')}</Button>
          {onAddToCase && <Button size="xs" variant="light" leftSection={<IconFolderPlus size={14} />} onClick={onAddToCase} data-testid="add-to-case">{t('cases.addToCase.button')}</Button>}
          {mayClip && <Button size="xs" leftSection={<IconDownload size={14} />} onClick={onClip} data-testid="clip-button">{t('playback.selection.download')}</Button>}
        </Group>
      </Group>
    </Paper>
  );
}
