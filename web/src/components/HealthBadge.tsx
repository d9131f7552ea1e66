import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ShownState } from '../api/cameras.js';
import type { CameraHealth } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';

export const HEALTH_COLOR: Record<CameraHealth, string> = { recording: 'green', reconnecting: 'yellow', offline: 'red', disabled: 'gray' };

/** Recording / reconnecting / offline / disabled, since when, and why (the recorder's last error). */
export function HealthBadge({ state }: { state: ShownState }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} align="flex-start" style={{ flexShrink: 0 }}>
      <Badge
        color={HEALTH_COLOR[state.health]} variant={state.health === 'recording' ? 'filled' : 'light'} size="md" tt="none" data-health={state.health}
        styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}
      >
        {t(`health.${state.health}`)}
      </Badge>
      {state.sinceMs !== null && <Text size="xs" c="dimmed">{t('health.since', { time: formatDateTime(state.sinceMs) })}</Text>}
      {state.lastError && <Text size="xs" c="red.8">{state.lastError[currentLang()]}</Text>}
    </Stack>
  );
}
