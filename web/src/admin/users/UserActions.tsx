import { ActionIcon, Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconKey, IconShieldOff, IconUserCog, IconUserOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { Role } from '../../contract.js';
import { USERS_KEY, type UserView, usersApi } from './api.js';
import { RoleChecklist } from './RoleChecklist.js';

type Step = 'roles' | 'password' | 'twoFactor' | 'disable';

/** The admin's actions on one account, each confirmed first (R: every one is on the audit log). */
export function UserActions({ user, onPassword }: { user: UserView; onPassword: (username: string, password: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [step, setStep] = useState<Step | null>(null);
  const [roles, setRoles] = useState<Role[]>(user.roles.map((r) => r.role));
  const close = () => setStep(null);
  const act = useMutation({
    mutationFn: async (s: Step) => {
      if (s === 'roles') return usersApi.setRoles(user.username, roles);
      if (s === 'twoFactor') return usersApi.resetTwoFactor(user.username);
      if (s === 'disable') return usersApi.disable(user.username);
      const r = await usersApi.resetPassword(user.username);
      onPassword(r.username, r.oneTimePassword);
      return r;
    },
    onSuccess: async (_r, s) => {
      await client.invalidateQueries({ queryKey: USERS_KEY });
      if (s !== 'password') notifications.show({ color: 'green', message: t(`admin.users.done.${s}`, { name: user.fullName }) });
      close();
    },
  });
  const open = (s: Step) => {
    act.reset();
    setRoles(user.roles.map((r) => r.role));
    setStep(s);
  };
  const disabled = user.disabledAt !== null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" size="lg" aria-label={t('admin.users.actionsFor', { name: user.fullName })} data-testid={`actions-${user.username}`}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconUserCog size={16} />} onClick={() => open('roles')} disabled={disabled}>{t('admin.users.changeRoles')}</Menu.Item>
          <Menu.Item leftSection={<IconKey size={16} />} onClick={() => open('password')} disabled={disabled}>{t('admin.users.resetPassword')}</Menu.Item>
          <Menu.Item leftSection={<IconShieldOff size={16} />} onClick={() => open('twoFactor')} disabled={disabled || !user.twoFactor}>{t('admin.users.resetTwoFactor')}</Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconUserOff size={16} />} onClick={() => open('disable')} disabled={disabled}>{t('admin.users.disable')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={step !== null} onClose={close} title={step ? t(`admin.users.confirm.${step}Title`, { name: user.fullName }) : ''} centered size={step === 'roles' ? 'lg' : 'md'}>
        <Stack gap="sm">
          <ErrorAlert error={act.error} />
          {step === 'roles'
            ? <RoleChecklist label={t('admin.users.roles')} value={roles} onChange={setRoles} />
            : step && <Text size="sm">{t(`admin.users.confirm.${step}`, { name: user.fullName, username: user.username })}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('admin.form.cancel')}</Button>
            <Button color={step === 'disable' ? 'red' : 'blue'} loading={act.isPending} disabled={step === 'roles' && roles.length === 0} onClick={() => step && act.mutate(step)}>
              {step ? t(`admin.users.confirm.${step}Button`) : ''}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
