import { z } from 'zod';
import { TimeRangeQuery } from './common.js';

/** GET /api/cameras/:id/health?from&to&bucket=hour */
export const HealthQuery = z.intersection(TimeRangeQuery, z.object({ bucket: z.enum(['hour']).default('hour') }));

/** The recorded video stream of a segment, as ffprobe reads it. */
export interface StreamFacts {
  codec: string;
  width: number;
  height: number;
  fps: number | null;
}

export interface HealthBucket {
  startMs: number;
  segments: number;
  bytes: number;
  recordedSeconds: number;
  /** Of the segments that started in the bucket; null when none did. */
  bitrateKbps: number | null;
  /** Recorded time over the time the camera existed in the bucket (up to now); null when it did not exist yet. */
  coveragePercent: number | null;
}

export interface HealthSummary {
  segments: number;
  bytes: number;
  recordedSeconds: number;
  observedSeconds: number;
  coveragePercent: number | null;
  bitrateKbps: number | null;
}

export interface CameraStorage {
  bytes: number;
  segments: number;
  oldestMs: number | null;
  newestMs: number | null;
}

/** What the health page shows of one camera over a window (R8.2): all from the index and the latest file. */
export interface CameraHealthReport {
  cameraId: number;
  fromMs: number;
  toMs: number;
  bucketMs: number;
  buckets: HealthBucket[];
  summary: HealthSummary;
  lastSegment: { startMs: number; endMs: number; sizeBytes: number; bitrateKbps: number | null } | null;
  stream: StreamFacts | null;
  storage: CameraStorage;
}
