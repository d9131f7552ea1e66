import { List, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { HOLD_KIND_LABELS, type Hold } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';

/** R3.2: which footage this record keeps from deletion, and until when. */
export function HoldList({ holds, cameraName, emptyText }: { holds: readonly Hold[]; cameraName(id: number): string; emptyText?: string | undefined }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const active = holds.filter((h) => h.releasedAtMs === null);
  if (active.length === 0) return <Text size="sm" c="dimmed" data-testid="no-holds">{emptyText ?? t('workflow.noHolds')}</Text>;
  return (
    <List spacing={4} size="sm" icon={<IconLock size={14} color="var(--mantine-color-teal-7)" />} data-testid="hold-list">
      {active.map((h) => (
        <List.Item key={h.id}>
          <Text size="sm" span fw={600}>{h.cameraId === null ? t('workflow.allCameras') : cameraName(h.cameraId)}</Text>
          <Text size="sm" span>: {formatDateTime(h.startMs)} – {formatDateTime(h.endMs)}</Text>
          <Text size="xs" c="dimmed">
            {HOLD_KIND_LABELS[h.kind][lang]} — {h.untilMs === null ? HOLD_KIND_LABELS[h.kind].lasts[lang] : t('workflow.heldUntil', { time: formatDateTime(h.untilMs) })}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
