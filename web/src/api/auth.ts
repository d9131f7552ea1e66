import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { Action, Role } from '../contract.js';
import { ApiError, api, setCsrfToken } from './client.js';

export type Stage = 'ok' | 'totp' | 'enrol' | 'password';

/** GET /api/auth/me (src/server/http/routes/auth.ts). */
export interface Me {
  user: {
    username: string;
    fullName: string;
    roles: Array<{ role: Role; label: { vi: string; en: string } }>;
    unit: { id: number; name: string } | null;
  };
  stage: Stage;
  csrfToken: string;
  twoFactor: { enabled: boolean; required: boolean; relaxedForDemo: boolean; recoveryCodesLeft: number };
  mustChangePassword: boolean;
  session: { idleMinutes: number; expiresAt: number };
  actions: Action[];
}

export interface Enrolment {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export const ME_KEY = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('GET', '/api/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

/**
 * Who is signed in (null: nobody), and at which stage. Not refetched on window focus: the
 * enrolment screen must keep its recovery codes on screen until the user says they are saved.
 */
export const useMe = () =>
  useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, refetchOnWindowFocus: false, retry: (n, err) => !(err instanceof ApiError) && n < 2 });

/** A fresh `me` from a sign-in step: the gate moves on to the next stage. */
export function signedIn(client: QueryClient, me: Me): void {
  setCsrfToken(me.csrfToken);
  client.setQueryData(ME_KEY, me);
}

/** Forget everything of the session that ended: cached answers, the token. */
export function signedOut(client: QueryClient): void {
  setCsrfToken(null);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  client.setQueryData(ME_KEY, null);
}

export const authApi = {
  login: (username: string, password: string) => api<Me>('POST', '/api/auth/login', { username, password }),
  secondFactor: (input: { code: string } | { recoveryCode: string }) => api<Me>('POST', '/api/auth/second-factor', input),
  beginEnrol: () => api<Enrolment>('POST', '/api/auth/totp/enrol'),
  confirmEnrol: (code: string) => api<{ recoveryCodes: string[]; next: Stage }>('POST', '/api/auth/totp/confirm', { code }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api<{ sessionsEnded: number }>('POST', '/api/auth/password', { currentPassword, newPassword }),
  logout: (everywhere: boolean) => api<{ sessionsEnded: number }>('POST', '/api/auth/logout', { everywhere }),
};
