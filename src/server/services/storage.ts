import { z } from 'zod';
import {
  DEFAULT_RETENTION, DEFAULT_REVIEW_CYCLE, type RetentionSettings, checkRetentionSettings, diskLevel,
} from '../../domain/retention.js';
import { invalid } from '../errors.js';
import type { DiskProbe } from '../repositories/disk.js';
import type { SegmentRepository } from '../repositories/segments.js';
import type { SettingsRepository } from '../repositories/settings.js';
import type { SweepReport } from '../recorder/sweeper.js';
import type { AuditRepository } from '../repositories/audit.js';
import { type Actor, factsOf } from './actor.js';

export const RetentionSettingsSchema = z.object({
  retentionDays: z.number().int().min(1).max(3650),
  highWaterPercent: z.number().min(50).max(99),
  warnPercent: z.number().min(40).max(98),
});

const KEY = 'retention';

/** Storage usage and the retention settings (R3.2, R5.2). */
export class StorageService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly segments: SegmentRepository,
    private readonly disk: DiskProbe,
    private readonly lastSweep: () => SweepReport | null,
    private readonly audit: AuditRepository,
    private readonly now: () => number,
  ) {}

  retention(): Promise<RetentionSettings> {
    return this.settings.get(KEY, RetentionSettingsSchema, DEFAULT_RETENTION);
  }

  async setRetention(patch: Partial<RetentionSettings>, actor: Actor): Promise<RetentionSettings> {
    const next = { ...(await this.retention()), ...patch };
    const problem = checkRetentionSettings(next, DEFAULT_REVIEW_CYCLE);
    if (problem?.code === 'retention.tooShort') {
      throw invalid(problem.code, {
        vi: `Thời hạn lưu trữ phải từ ${problem.minimumDays} ngày trở lên: dài hơn chu kỳ rà soát ${DEFAULT_REVIEW_CYCLE.reviewIntervalDays} ngày cộng ${DEFAULT_REVIEW_CYCLE.reviewGraceDays} ngày gia hạn (Điều 3.2, 5.2).`,
        en: `Retention must be at least ${problem.minimumDays} days: longer than the ${DEFAULT_REVIEW_CYCLE.reviewIntervalDays}-day review cycle plus ${DEFAULT_REVIEW_CYCLE.reviewGraceDays} days' grace (R3.2, R5.2).`,
      });
    }
    if (problem?.code === 'retention.marksOrder') {
      throw invalid(problem.code, {
        vi: 'Ngưỡng cảnh báo phải thấp hơn ngưỡng bắt đầu xóa dữ liệu cũ.',
        en: 'The warning mark must be lower than the mark at which old footage is deleted.',
      });
    }
    await this.settings.transaction(async (trx) => {
      await this.settings.set(KEY, next, trx);
      await this.audit.append(trx, factsOf(actor, this.now(), { action: 'settings.retention', resourceType: 'settings', resourceId: KEY, detail: { ...next } }));
    });
    return next;
  }

  async usage() {
    const [disk, perCamera, retention] = await Promise.all([this.disk.usage(), this.segments.usageByCamera(), this.retention()]);
    const usedPercent = disk.totalBytes > 0 ? Math.round((disk.usedBytes / disk.totalBytes) * 1000) / 10 : 0;
    return {
      disk: { ...disk, freeBytes: disk.totalBytes - disk.usedBytes, usedPercent, level: diskLevel(disk, retention) },
      recordings: {
        bytes: perCamera.reduce((n, c) => n + c.bytes, 0),
        segments: perCamera.reduce((n, c) => n + c.segments, 0),
        perCamera,
      },
      retention,
      lastSweep: this.lastSweep(),
    };
  }
}
