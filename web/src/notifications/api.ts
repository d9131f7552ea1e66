import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { Notification } from '../contract.js';

const KEY = ['notifications'] as const;

/** GET /api/notifications, newest first, asked again every 20 s: an incident must reach leadership at once (R7.1). */
export const useNotifications = () =>
  useQuery({ queryKey: KEY, queryFn: () => api<Notification[]>('GET', '/api/notifications'), refetchInterval: 20_000, refetchIntervalInBackground: true });

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number | 'all') => (id === 'all' ? api<unknown>('POST', '/api/notifications/read-all') : api<unknown>('POST', `/api/notifications/${id}/read`)),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
