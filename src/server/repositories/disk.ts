import { statfs } from 'node:fs/promises';
import type { DiskUsage } from '../../domain/retention.js';

/** The storage boundary's disk figures; tests may inject their own. */
export interface DiskProbe {
  usage(): Promise<DiskUsage>;
}

export function statfsProbe(dir: string): DiskProbe {
  return {
    async usage() {
      const s = await statfs(dir);
      const totalBytes = s.blocks * s.bsize;
      return { totalBytes, usedBytes: totalBytes - s.bavail * s.bsize };
    },
  };
}
