import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { Incident, IncidentDetail, IncidentEventInput, IncidentInput, IncidentState } from '../contract.js';

/** Which incidents the list shows: the open ones, all of them, or those in one state. */
export type IncidentFilter = 'open' | 'all' | IncidentState;

export const INCIDENTS_KEY = ['incidents'] as const;
const incidentKey = (id: number) => [...INCIDENTS_KEY, 'one', id] as const;

/** GET /api/incidents?state=… (src/server/http/routes/incidents.ts); open ones refresh like a duty board. */
export const useIncidents = (state: IncidentFilter) =>
  useQuery({ queryKey: [...INCIDENTS_KEY, 'list', state], queryFn: () => api<Incident[]>('GET', `/api/incidents?state=${state}`), refetchInterval: 30_000 });

export const useIncident = (id: number, enabled = true) =>
  useQuery({ queryKey: incidentKey(id), queryFn: () => api<IncidentDetail>('GET', `/api/incidents/${id}`), refetchInterval: 30_000, enabled });

export const snapshotUrl = (id: number) => `/api/incidents/${id}/snapshot`;

/** The answer (201) is the incident as reported, with its history and holds. */
export const reportIncident = (input: IncidentInput) => api<IncidentDetail>('POST', '/api/incidents', input);

/** One step of the incident's state machine (R7.1, R4.1); the answer is the incident as it now is. */
export function useIncidentEvent(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: IncidentEventInput) => api<IncidentDetail>('POST', `/api/incidents/${id}/events`, input),
    onSuccess: async (detail) => {
      client.setQueryData(incidentKey(id), detail);
      await client.invalidateQueries({ queryKey: INCIDENTS_KEY });
      await client.invalidateQueries({ queryKey: ['cases'] });
      await client.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}
