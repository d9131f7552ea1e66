import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';

/** A unit of the school (GET /api/units): it owns cameras (R6) and may give them to the guards' watch. */
export interface Unit {
  id: number;
  name: string;
  kind: 'guards' | 'room' | 'department' | 'other';
  guardsWatch: boolean;
}

export const UNITS_KEY = ['units'] as const;

export const useUnits = (enabled = true) => useQuery({ queryKey: UNITS_KEY, queryFn: () => api<Unit[]>('GET', '/api/units'), enabled });

export const unitsApi = {
  create: (input: { name: string; kind: Exclude<Unit['kind'], 'guards'>; guardsWatch: boolean }) => api<Unit>('POST', '/api/units', input),
  update: (id: number, patch: { name?: string; guardsWatch?: boolean }) => api<Unit>('PATCH', `/api/units/${id}`, patch),
};
