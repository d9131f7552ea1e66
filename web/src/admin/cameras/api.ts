import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { CameraRow } from '../../api/cameras.js';
import type { CameraInput, CameraPatch } from '../contract.js';

/** POST /api/cameras/:id/probe: what the camera sends now, or why it cannot be reached. */
export interface ProbeResult {
  reachable: boolean;
  video: { codec: string; width: number; height: number; fps: number } | null;
  error: { code: string; vi: string; en: string } | null;
}

export const cameraKey = (id: number) => ['cameras', id] as const;

export const useCamera = (id: number) => useQuery({ queryKey: cameraKey(id), queryFn: () => api<CameraRow>('GET', `/api/cameras/${id}`) });

export const cameraApi = {
  create: (input: CameraInput) => api<CameraRow>('POST', '/api/cameras', input),
  update: (id: number, input: CameraPatch) => api<CameraRow>('PATCH', `/api/cameras/${id}`, input),
  remove: (id: number) => api<null>('DELETE', `/api/cameras/${id}`),
  probe: (id: number) => api<ProbeResult>('POST', `/api/cameras/${id}/probe`),
};
