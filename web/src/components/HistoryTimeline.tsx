import { Text, Timeline } from '@mantine/core';
import type { HistoryEntry } from '../contract.js';
import { formatDateTime } from '../lib/time.js';

/** A workflow's history, oldest first: who did what, when, and what they wrote (R7.1, R4.3). */
export function HistoryTimeline({ entries, label, testId }: { entries: readonly HistoryEntry[]; label(entry: HistoryEntry): string; testId: string }) {
  const sorted = [...entries].sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  return (
    <Timeline active={sorted.length - 1} bulletSize={14} lineWidth={2} data-testid={testId}>
      {sorted.map((e) => (
        <Timeline.Item key={e.id} title={<Text size="sm" fw={600}>{label(e)}</Text>} data-event={e.event}>
          <Text size="xs" c="dimmed">{formatDateTime(e.atMs)} · {e.actorName || e.actor}</Text>
          {e.note && <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.note}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
