import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { OutsiderRequest, OutsiderRequestDetail, RequestApprovalInput, RequestApproved, RequestInput, RequestStatus } from './shared.js';

export const REQUESTS_KEY = ['requests'] as const;
const requestKey = (id: number) => [...REQUESTS_KEY, 'one', id] as const;

/** POST /api/requests (public, src/server/http/routes/requests.ts): the answer carries the tracking code. */
export const submitRequest = (input: RequestInput) => api<RequestStatus>('POST', '/api/requests', input);

/** GET /api/requests/status/:code (public): the state, the decision, the reason, the validity. */
export const requestStatus = (code: string) => api<RequestStatus>('GET', `/api/requests/status/${encodeURIComponent(code.trim())}`);

/** POST /api/requests/status/:code/withdraw (public, R4.2): a request still waiting; the answer is its new status. */
export const withdrawRequest = (v: { code: string; note: string }) =>
  api<RequestStatus>('POST', `/api/requests/status/${encodeURIComponent(v.code)}/withdraw`, v.note.trim() ? { note: v.note.trim() } : {});

export const useRequests = (state: 'open' | 'all') =>
  useQuery({ queryKey: [...REQUESTS_KEY, 'list', state], queryFn: () => api<OutsiderRequest[]>('GET', `/api/requests?state=${state}`), refetchInterval: 60_000 });

export const useRequest = (id: number) =>
  useQuery({ queryKey: requestKey(id), queryFn: () => api<OutsiderRequestDetail>('GET', `/api/requests/${id}`) });

type Decision =
  | { event: 'approve'; input: RequestApprovalInput }
  | { event: 'refuse' | 'revoke'; reason: string };

/** R4.2: the principal's decisions; the answer is the request as it now is (with the one-time password on approval). */
export function useDecision(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (d: Decision) =>
      d.event === 'approve'
        ? api<RequestApproved>('POST', `/api/requests/${id}/approve`, d.input)
        : api<OutsiderRequestDetail>('POST', `/api/requests/${id}/${d.event}`, { reason: d.reason }),
    onSuccess: async (detail) => {
      client.setQueryData(requestKey(id), detail);
      await client.invalidateQueries({ queryKey: REQUESTS_KEY });
    },
  });
}
