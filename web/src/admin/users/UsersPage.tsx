import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may, useSignedIn } from '../../auth/me-context.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FullPageLoader } from '../../components/FullPage.js';
import { PageTitle } from '../../components/PageTitle.js';
import { currentLang } from '../../i18n/index.js';
import { foldAccents as fold, formatDate } from '../format.js';
import { WHOLE_BADGE, WRAPPING_BADGE } from '../badge.js';
import { type Column, DataList } from '../DataList.js';
import { useUnits } from '../units/api.js';
import { type UserView, useUsers } from './api.js';
import { CreateUser } from './CreateUser.js';
import { OneTimePassword } from './OneTimePassword.js';
import { UserActions } from './UserActions.js';

/** Accounts and their roles: the admin manages them, leadership reads them. */
export function UsersPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const manage = may(useSignedIn(), 'account.manage');
  const users = useUsers();
  const units = useUnits();
  const [creating, { open, close }] = useDisclosure(false);
  const [given, setGiven] = useState<{ username: string; password: string } | null>(null);
  const [query, setQuery] = useState('');
  if (users.isPending) return <FullPageLoader inline />;
  if (users.isError) return <ErrorAlert error={users.error} />;
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  const q = fold(query.trim());
  const shown = users.data.filter((u) => !q || fold(`${u.username} ${u.fullName} ${u.roles.map((r) => r.label[lang]).join(' ')}`).includes(q));
  const showPassword = (username: string, password: string) => setGiven({ username, password });
  const state = (u: UserView) => {
    if (u.disabledAt !== null) return <Badge color="gray" variant="light" tt="none" styles={WHOLE_BADGE}>{t('admin.users.disabled')}</Badge>;
    if (u.mustChangePassword) return <Badge color="yellow" variant="light" tt="none" styles={WHOLE_BADGE}>{t('admin.users.mustChange')}</Badge>;
    return <Badge color="green" variant="light" tt="none" styles={WHOLE_BADGE}>{t('admin.users.active')}</Badge>;
  };
  const columns: Column<UserView>[] = [
    { key: 'name', label: t('admin.users.person'), render: (u) => <><Text fw={600}>{u.fullName}</Text><Text size="xs" c="dimmed">{u.username}</Text></> },
    { key: 'roles', label: t('admin.users.roles'), render: (u) => <Group gap={4} justify="inherit">{u.roles.map((r) => <Badge key={r.role} variant="light" tt="none" size="sm" styles={WRAPPING_BADGE}>{r.label[lang]}</Badge>)}</Group> },
    { key: 'unit', label: t('admin.users.unit'), nowrap: true, render: (u) => <Text size="sm">{u.unitId ? (unitName.get(u.unitId) ?? '—') : '—'}</Text> },
    { key: 'twoFactor', label: t('admin.users.twoFactor'), nowrap: true, render: (u) => <Text size="sm">{u.twoFactor ? t('admin.users.twoFactorOn') : t('admin.users.twoFactorOff')}</Text> },
    { key: 'state', label: t('admin.users.state'), nowrap: true, render: state },
    { key: 'created', label: t('admin.users.created'), nowrap: true, render: (u) => <Text size="sm">{formatDate(u.createdAt)}</Text> },
    ...(manage ? [{ key: 'actions', label: t('admin.users.actions'), hideInCard: true, render: (u: UserView) => <UserActions user={u} onPassword={showPassword} /> }] : []),
  ];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="xs">
        <PageTitle title={t('admin.users.title')}>{t('admin.users.intro', { count: users.data.length })}</PageTitle>
        {manage && <Button leftSection={<IconUserPlus size={18} />} onClick={open} data-testid="add-user">{t('admin.users.add')}</Button>}
      </Group>
      <TextInput leftSection={<IconSearch size={16} />} placeholder={t('admin.users.search')} aria-label={t('admin.users.search')} maw={400} type="search" value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
      <DataList
        rows={shown} rowKey={(u) => u.username} columns={columns} testId="user-list" minWidth={900} rowData={(u) => ({ 'data-user': u.username })}
        cardTitle={(u) => <><Text fw={700}>{u.fullName}</Text><Text size="xs" c="dimmed">{u.username}</Text></>}
        cardAside={(u) => (manage ? <UserActions user={u} onPassword={showPassword} /> : state(u))}
      />
      {manage && <CreateUser opened={creating} onClose={close} units={units.data ?? []} onCreated={(username, password) => { close(); showPassword(username, password); }} />}
      <OneTimePassword given={given} onClose={() => setGiven(null)} />
    </Stack>
  );
}
