import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Role } from '../../contract.js';

/** GET /api/users (src/server/http/routes/users.ts): never a hash, a secret or a recovery code. */
export interface UserView {
  username: string;
  fullName: string;
  unitId: number | null;
  roles: Array<{ role: Role; label: { vi: string; en: string } }>;
  twoFactor: boolean;
  mustChangePassword: boolean;
  disabledAt: number | null;
  createdAt: number;
}

export interface NewUser {
  username: string;
  fullName: string;
  roles: Role[];
  unitId: number | null;
}

export const USERS_KEY = ['users'] as const;

export const useUsers = (enabled = true) => useQuery({ queryKey: USERS_KEY, queryFn: () => api<UserView[]>('GET', '/api/users'), enabled });

const path = (username: string) => `/api/users/${encodeURIComponent(username)}`;

export const usersApi = {
  create: (input: NewUser) => api<UserView & { oneTimePassword: string }>('POST', '/api/users', input),
  setRoles: (username: string, roles: Role[]) => api<UserView>('PUT', `${path(username)}/roles`, { roles }),
  disable: (username: string) => api<UserView>('POST', `${path(username)}/disable`),
  resetPassword: (username: string) => api<{ username: string; oneTimePassword: string }>('POST', `${path(username)}/password-reset`),
  resetTwoFactor: (username: string) => api<UserView>('POST', `${path(username)}/two-factor-reset`),
};
