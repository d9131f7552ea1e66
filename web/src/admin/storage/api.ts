import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';

export interface RetentionSettings {
  retentionDays: number;
  highWaterPercent: number;
  warnPercent: number;
}

export interface SignInSettings {
  maxFailures: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

/** GET /api/storage (src/server/services/storage.ts). */
export interface StorageUsage {
  disk: { totalBytes: number; usedBytes: number; freeBytes: number; usedPercent: number; level: 'ok' | 'warning' | 'critical' };
  recordings: { bytes: number; segments: number; perCamera: Array<{ cameraId: number; bytes: number; segments: number; oldestMs: number | null; newestMs: number | null }> };
  retention: RetentionSettings;
  lastSweep: { atMs: number; deleted: number; freedBytes: number; expired: number; diskPressure: number; keptHeld: number } | null;
}

/** GET/PUT /api/settings/school: the biên bản's header (src/contract/documents.ts DocumentSchool). */
export interface SchoolSettings {
  parentBody: string;
  name: string;
  abbreviation: string;
  place: string;
  timeZone: string;
}

export const STORAGE_KEY = ['storage'] as const;
export const SIGN_IN_KEY = ['settings', 'sign-in'] as const;
export const SCHOOL_KEY = ['settings', 'school'] as const;

export const useStorage = () => useQuery({ queryKey: STORAGE_KEY, queryFn: () => api<StorageUsage>('GET', '/api/storage'), refetchInterval: 30_000 });
export const useSignInSettings = () => useQuery({ queryKey: SIGN_IN_KEY, queryFn: () => api<SignInSettings>('GET', '/api/settings/sign-in') });

export const useSchoolSettings = () => useQuery({ queryKey: SCHOOL_KEY, queryFn: () => api<SchoolSettings>('GET', '/api/settings/school') });

export const settingsApi = {
  retention: (s: RetentionSettings) => api<RetentionSettings>('PUT', '/api/settings/retention', s),
  signIn: (s: SignInSettings) => api<SignInSettings>('PUT', '/api/settings/sign-in', s),
  school: (s: SchoolSettings) => api<SchoolSettings>('PUT', '/api/settings/school', s),
};
