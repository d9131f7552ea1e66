import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { authApi, signedOut } from '../api/auth.js';
import { messageOf } from '../api/client.js';

/** Sign out here, or on every device (every session of the account ends). */
export function useLogout() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (everywhere: boolean) => authApi.logout(everywhere),
    onSuccess: ({ sessionsEnded }, everywhere) => {
      signedOut(client);
      // The next person at this PC starts from the overview, not from where this one left off.
      void navigate('/', { replace: true });
      notifications.show({ color: 'green', message: everywhere ? t('user.loggedOutEverywhere', { count: sessionsEnded }) : t('user.loggedOut') });
    },
    onError: (err) => notifications.show({ color: 'red', message: messageOf(err) }),
  });
}
