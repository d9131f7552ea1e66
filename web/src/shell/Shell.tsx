import { AppShell, Box, Burger, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconActivityHeartbeat, IconAlertTriangle, IconBuildingCommunity, IconDatabase, IconDeviceCctv, IconFolders, IconHistory, IconLayoutDashboard, IconLayoutGrid,
  IconFileDescription, IconListCheck, IconMessageReport, IconSettings, IconShieldCheck, IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSignedIn } from '../auth/me-context.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { NotificationBell } from '../notifications/NotificationBell.js';
import { DemoNotice } from './DemoNotice.js';
import { type NavItem, navFor } from './nav.js';
import { UserMenu } from './UserMenu.js';

const ICONS: Record<NavItem['icon'], ReactNode> = {
  home: <IconLayoutDashboard size={20} stroke={1.6} />,
  cameras: <IconDeviceCctv size={20} stroke={1.6} />,
  health: <IconActivityHeartbeat size={20} stroke={1.6} />,
  storage: <IconDatabase size={20} stroke={1.6} />,
  users: <IconUsers size={20} stroke={1.6} />,
  units: <IconBuildingCommunity size={20} stroke={1.6} />,
  settings: <IconSettings size={20} stroke={1.6} />,
  audit: <IconListCheck size={20} stroke={1.6} />,
  live: <IconLayoutGrid size={20} stroke={1.6} />,
  playback: <IconHistory size={20} stroke={1.6} />,
  incidents: <IconAlertTriangle size={20} stroke={1.6} />,
  cases: <IconFolders size={20} stroke={1.6} />,
  requests: <IconFileDescription size={20} stroke={1.6} />,
  complaints: <IconMessageReport size={20} stroke={1.6} />,
  verify: <IconShieldCheck size={20} stroke={1.6} />,
};

/** Header (school, language, user), the menu of what this user may do, and the page. Burger menu below 768 px. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useSignedIn();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Box visibleFrom="xs" lh={0} style={{ flexShrink: 0 }}>
              <IconDeviceCctv size={28} color="var(--mantine-color-blue-6)" aria-hidden />
            </Box>
            <div style={{ minWidth: 0 }}>
              <Text fw={700} fz={{ base: 13, sm: 'sm' }} lh={1.2} lineClamp={2}>{t('app.school')}</Text>
              <Text size="xs" c="dimmed" lh={1.2} truncate visibleFrom="xs">{t('app.name')}</Text>
            </div>
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <LanguageSwitch />
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.title')}>
        {navFor(me.actions).map((item) => (
          <NavLink
            key={item.path} component={Link} to={item.path} label={t(item.label)} leftSection={ICONS[item.icon]}
            active={item.path === '/' ? pathname === '/' : pathname.startsWith(item.path)} onClick={close} data-nav={item.icon}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <DemoNotice />
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
