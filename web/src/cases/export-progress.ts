import type { ExportJob } from '../contract.js';

/** How far an export has gone, 0–100; done is 100 whatever the byte counts say. */
export function exportPercent(job: Pick<ExportJob, 'state' | 'bytesDone' | 'bytesTotal'>): number {
  if (job.state === 'done') return 100;
  if (job.bytesTotal <= 0) return 0;
  return Math.min(99, Math.max(0, Math.floor((job.bytesDone / job.bytesTotal) * 100)));
}
