/**
 * Retention (R3.2): what the sweeper may delete. Pure: the sweeper passes the oldest segments,
 * the holds, the settings, the disk figures and the time; this says what goes and why.
 */

export const DAY_MS = 86_400_000;

export interface RetentionSettings {
  /** R3.2: recordings are kept this many days (default 30). */
  retentionDays: number;
  /** Past this disk usage (percent) the oldest unheld footage is deleted early. */
  highWaterPercent: number;
  /** Past this disk usage (percent) a warning is raised. */
  warnPercent: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { retentionDays: 30, highWaterPercent: 90, warnPercent: 85 };

/** R5.2: footage must not expire before its review cycle is reviewed or overdue. */
export interface ReviewCycleSettings {
  reviewIntervalDays: number;
  reviewGraceDays: number;
}
export const DEFAULT_REVIEW_CYCLE: ReviewCycleSettings = { reviewIntervalDays: 15, reviewGraceDays: 3 };

export type RetentionProblem =
  | { code: 'retention.tooShort'; minimumDays: number }
  | { code: 'retention.marksOrder' };

/** R3.2 + R5.2: retention must be longer than the review interval plus its grace. */
export function checkRetentionSettings(s: RetentionSettings, review: ReviewCycleSettings = DEFAULT_REVIEW_CYCLE): RetentionProblem | null {
  const minimumDays = review.reviewIntervalDays + review.reviewGraceDays + 1;
  if (s.retentionDays < minimumDays) return { code: 'retention.tooShort', minimumDays };
  if (s.warnPercent >= s.highWaterPercent) return { code: 'retention.marksOrder' };
  return null;
}

export interface StoredSegment {
  id: number;
  cameraId: number;
  startMs: number;
  endMs: number;
  sizeBytes: number;
}

/** Footage that must be kept: case evidence, archive extracts, open requests and complaints. */
export interface Hold {
  /** null: every camera. */
  cameraId: number | null;
  startMs: number;
  endMs: number;
  /** null: until released. */
  untilMs: number | null;
}

export interface DiskUsage {
  totalBytes: number;
  usedBytes: number;
}

export type DeletionReason = 'expired' | 'disk_pressure';
export type DiskLevel = 'ok' | 'warning' | 'critical';

export interface RetentionPlan {
  delete: Array<{ id: number; reason: DeletionReason }>;
  /** Segments kept only because a hold covers them. */
  keptHeld: number;
  /** Disk usage expected once the deletions are done. */
  usedBytesAfter: number;
  level: DiskLevel;
  /** True when more segments than those passed in may need looking at (call again with the next batch). */
  wantsMore: boolean;
}

export function isHeld(segment: StoredSegment, holds: readonly Hold[], nowMs: number): boolean {
  return holds.some(
    (h) =>
      (h.cameraId === null || h.cameraId === segment.cameraId) &&
      (h.untilMs === null || h.untilMs > nowMs) &&
      h.startMs < segment.endMs &&
      h.endMs > segment.startMs,
  );
}

function percent(used: number, total: number): number {
  return total > 0 ? (used / total) * 100 : 0;
}

export function diskLevel(usage: DiskUsage, s: RetentionSettings): DiskLevel {
  const p = percent(usage.usedBytes, usage.totalBytes);
  if (p >= s.highWaterPercent) return 'critical';
  if (p >= s.warnPercent) return 'warning';
  return 'ok';
}

/**
 * `oldestFirst` must be sorted by start time, oldest first; it may be one batch of many.
 * Under disk pressure the oldest unheld footage goes first until usage falls below the warning
 * mark, so the sweeper does not delete a little every minute at the edge of the high-water mark.
 */
export function planRetention(input: {
  oldestFirst: readonly StoredSegment[];
  holds: readonly Hold[];
  settings: RetentionSettings;
  disk: DiskUsage;
  nowMs: number;
}): RetentionPlan {
  const { oldestFirst, holds, settings, disk, nowMs } = input;
  const cutoffMs = nowMs - settings.retentionDays * DAY_MS;
  const underPressure = percent(disk.usedBytes, disk.totalBytes) >= settings.highWaterPercent;
  const targetBytes = (settings.warnPercent / 100) * disk.totalBytes;
  const plan: RetentionPlan['delete'] = [];
  let used = disk.usedBytes;
  let keptHeld = 0;
  let lastExamined: StoredSegment | undefined;

  for (const seg of oldestFirst) {
    const expired = seg.endMs <= cutoffMs;
    const needSpace = underPressure && used > targetBytes;
    if (!expired && !needSpace) break;
    lastExamined = seg;
    if (isHeld(seg, holds, nowMs)) {
      keptHeld += 1;
      continue;
    }
    plan.push({ id: seg.id, reason: expired ? 'expired' : 'disk_pressure' });
    used -= seg.sizeBytes;
  }

  const examinedAll = lastExamined !== undefined && lastExamined === oldestFirst[oldestFirst.length - 1];
  return {
    delete: plan,
    keptHeld,
    usedBytesAfter: used,
    level: diskLevel({ totalBytes: disk.totalBytes, usedBytes: used }, settings),
    wantsMore: examinedAll,
  };
}
