import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { CameraHealthReport } from '../contract.js';

export type { CameraHealthReport } from '../contract.js';

export type HealthWindow = '24h' | '7d';
const WINDOW_HOURS: Record<HealthWindow, number> = { '24h': 24, '7d': 7 * 24 };
const HOUR_MS = 3_600_000;

/** The last `hours` whole hours up to the end of the current one. */
function windowOf(hours: number, nowMs: number): { from: number; to: number } {
  const to = Math.ceil(nowMs / HOUR_MS) * HOUR_MS;
  return { from: to - hours * HOUR_MS, to };
}

export function cameraHealthQuery(cameraId: number, window: HealthWindow) {
  return {
    queryKey: ['camera-health', cameraId, window] as const,
    queryFn: () => {
      const { from, to } = windowOf(WINDOW_HOURS[window], Date.now());
      return api<CameraHealthReport>('GET', `/api/cameras/${cameraId}/health?from=${from}&to=${to}&bucket=hour`);
    },
    refetchInterval: 60_000,
  };
}

export const useCameraHealth = (cameraId: number, window: HealthWindow = '24h') => useQuery(cameraHealthQuery(cameraId, window));

/** Green when (nearly) everything was recorded, yellow for small holes, red for real loss. */
export const coverageColor = (percent: number): 'green' | 'yellow' | 'red' => (percent >= 99 ? 'green' : percent >= 90 ? 'yellow' : 'red');
