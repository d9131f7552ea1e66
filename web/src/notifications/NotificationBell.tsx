import { ActionIcon, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notification } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { useMarkRead, useNotifications } from './api.js';
import { countLabel, notificationPath, unreadCount } from './paths.js';

/** The header's bell: what happened for this user (a new incident, an assignment…), unread ones counted. */
export function NotificationBell() {
  const { t } = useTranslation();
  const list = useNotifications();
  const mark = useMarkRead();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const items = list.data ?? [];
  const count = unreadCount(items);
  const unread = countLabel(count);
  const follow = (n: Notification) => {
    if (n.readAtMs === null) mark.mutate(n.id);
    setOpened(false);
    const path = notificationPath(n);
    if (path) void navigate(path);
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator label={unread} disabled={unread === null} size={18} color="red" offset={4} data-testid="notification-count">
          <ActionIcon variant="subtle" color="gray" size={36} aria-label={count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell')}
            onClick={() => setOpened((o) => !o)} data-testid="notification-bell">
            <IconBell size={22} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} maw="calc(100vw - 16px)">
        <Group justify="space-between" px="sm" py="xs" gap="xs">
          <Text fw={600} size="sm">{t('notifications.title')}</Text>
          {unread && (
            <Button size="compact-xs" variant="subtle" leftSection={<IconChecks size={14} />} onClick={() => mark.mutate('all')} data-testid="notifications-read-all">
              {t('notifications.readAll')}
            </Button>
          )}
        </Group>
        <Divider />
        {items.length === 0 && <Text size="sm" c="dimmed" p="sm">{t('notifications.none')}</Text>}
        <ScrollArea.Autosize mah={400}>
          <Stack gap={0} data-testid="notification-list">
            {items.slice(0, 50).map((n) => <Item key={n.id} n={n} onOpen={() => follow(n)} />)}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

function Item({ n, onOpen }: { n: Notification; onOpen(): void }) {
  const unread = n.readAtMs === null;
  return (
    <UnstyledButton
      onClick={onOpen} px="sm" py={8} data-testid="notification" data-unread={unread} data-subject={`${n.subjectKind}:${n.subjectId}`}
      style={{ borderBottom: '1px solid var(--mantine-color-gray-2)', background: unread ? 'var(--mantine-color-blue-0)' : undefined }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <span style={{ width: 8, height: 8, marginTop: 6, borderRadius: 4, flexShrink: 0, background: unread ? 'var(--mantine-color-red-6)' : 'transparent' }} />
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={unread ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>{n.title[currentLang()]}</Text>
          <Text size="xs" c="dimmed">{formatDateTime(n.createdAtMs)}</Text>
        </div>
      </Group>
    </UnstyledButton>
  );
}
