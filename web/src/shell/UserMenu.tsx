import { Avatar, Badge, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconDevices, IconKey, IconLogout, IconShieldLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSignedIn } from '../auth/me-context.js';
import { useLogout } from '../auth/use-logout.js';
import { currentLang } from '../i18n/index.js';

const initials = (fullName: string) => fullName.split(/\s+/).filter(Boolean).slice(-2).map((w) => w[0]?.toUpperCase() ?? '').join('');

/** Who is signed in (full name, roles, unit) and what they may do with their own account. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const navigate = useNavigate();
  const logout = useLogout();
  const lang = currentLang();
  return (
    <Menu position="bottom-end" width={280} withinPortal shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={t('user.menu')} data-testid="user-menu">
          <Group gap="xs" wrap="nowrap">
            <Avatar color="blue" radius="xl" size={34}>{initials(me.user.fullName)}</Avatar>
            <Stack gap={0} visibleFrom="sm">
              <Text size="sm" fw={600} lh={1.2}>{me.user.fullName}</Text>
              <Text size="xs" c="dimmed" lh={1.2}>{me.user.roles.map((r) => r.label[lang]).join(', ')}</Text>
            </Stack>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Stack gap={4} p="xs">
          <Text fw={600}>{me.user.fullName}</Text>
          <Group gap={4}>
            {me.user.roles.map((r) => <Badge key={r.role} variant="light" size="sm" tt="none">{r.label[lang]}</Badge>)}
          </Group>
          <Text size="xs" c="dimmed">{me.user.unit?.name ?? t('user.noUnit')} · {me.user.username}</Text>
        </Stack>
        <Menu.Divider />
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => void navigate('/account/password')}>{t('user.changePassword')}</Menu.Item>
        <Menu.Item leftSection={<IconShieldLock size={16} />} onClick={() => void navigate('/account/two-factor')}>{t('user.twoFactor')}</Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate(false)}>{t('user.logout')}</Menu.Item>
        <Menu.Item leftSection={<IconDevices size={16} />} color="red" onClick={() => logout.mutate(true)}>{t('user.logoutEverywhere')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
