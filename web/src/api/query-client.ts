import { notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import i18n from '../i18n/index.js';
import { signedOut } from './auth.js';
import { ApiError } from './client.js';

/** A session that ended on the server (idle, expired, signed out elsewhere) sends the user back to sign in. */
function onError(err: unknown): void {
  if (!(err instanceof ApiError) || err.code !== 'auth.required') return;
  signedOut(queryClient);
  notifications.show({ id: 'session-expired', color: 'yellow', message: i18n.t('user.sessionExpired') });
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: { retry: (n, err) => !(err instanceof ApiError && err.status > 0) && n < 2 },
  },
});
