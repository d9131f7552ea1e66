import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type DiskLevel, type RetentionSettings, planRetention } from '../../domain/retention.js';
import type { DiskProbe } from '../repositories/disk.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { SystemEventRepository } from '../repositories/events.js';
import type { HoldRepository } from '../repositories/holds.js';
import type { SegmentRepository, SegmentRow } from '../repositories/segments.js';

export interface SweepReport {
  atMs: number;
  deleted: number;
  freedBytes: number;
  expired: number;
  diskPressure: number;
  keptHeld: number;
  level: DiskLevel;
  usedPercent: number;
}

/** Applies the retention rule (R3.2) periodically and records what it deleted. */
export class RetentionSweeper {
  last: SweepReport | null = null;

  constructor(
    private readonly recordingsDir: string,
    private readonly segments: SegmentRepository,
    private readonly holds: HoldRepository,
    private readonly disk: DiskProbe,
    private readonly events: SystemEventRepository,
    private readonly audit: AuditRepository,
    private readonly settings: () => Promise<RetentionSettings>,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  async sweep(batchSize = 2000): Promise<SweepReport> {
    const nowMs = this.now();
    const settings = await this.settings();
    const holds = await this.holds.active(nowMs);
    let disk = await this.disk.usage();
    const report: SweepReport = { atMs: nowMs, deleted: 0, freedBytes: 0, expired: 0, diskPressure: 0, keptHeld: 0, level: 'ok', usedPercent: 0 };
    let cursor: { startMs: number; id: number } | null = null;
    for (;;) {
      const batch: SegmentRow[] = await this.segments.oldest(cursor, batchSize);
      const plan = planRetention({ oldestFirst: batch, holds, settings, disk, nowMs });
      report.keptHeld += plan.keptHeld;
      report.level = plan.level;
      const byId = new Map(batch.map((s) => [s.id, s]));
      for (const reason of ['expired', 'disk_pressure'] as const) {
        const doomed = plan.delete.filter((d) => d.reason === reason).map((d) => byId.get(d.id)).filter((s): s is SegmentRow => !!s);
        if (doomed.length === 0) continue;
        // Rows first (with the log), files after: a crash in between leaves files the reconciler
        // re-indexes, never index rows pointing at nothing.
        // R2.3: footage is deleted only by retention, and every deletion is audited with it.
        await this.segments.removeForRetention(doomed, reason, nowMs, (trx, cameraId, list) =>
          this.audit.append(trx, {
            atMs: nowMs, actor: 'system', actorRole: null, action: 'footage.delete', resourceType: 'recording',
            resourceId: null, cameraId, reasonCode: reason, reasonText: null, ip: null, userAgent: null, outcome: 'allowed',
            detail: {
              segments: list.length, bytes: list.reduce((n, x) => n + x.sizeBytes, 0),
              fromMs: Math.min(...list.map((x) => x.startMs)), toMs: Math.max(...list.map((x) => x.endMs)),
              sha256: list.map((x) => x.sha256),
            },
          }).then(() => undefined));
        for (const s of doomed) await unlink(join(this.recordingsDir, s.path)).catch(() => undefined);
        report.deleted += doomed.length;
        report.freedBytes += doomed.reduce((n, s) => n + s.sizeBytes, 0);
        report[reason === 'expired' ? 'expired' : 'diskPressure'] += doomed.length;
      }
      disk = { ...disk, usedBytes: plan.usedBytesAfter };
      const last = batch[batch.length - 1];
      if (!plan.wantsMore || !last) break;
      cursor = { startMs: last.startMs, id: last.id };
    }
    report.usedPercent = disk.totalBytes > 0 ? Math.round((disk.usedBytes / disk.totalBytes) * 1000) / 10 : 0;
    if (report.level !== 'ok') this.log.warn({ usedPercent: report.usedPercent, level: report.level }, 'recordings disk is filling up');
    if (report.diskPressure > 0) {
      await this.events.record('disk_pressure', null, { deleted: report.diskPressure, freedBytes: report.freedBytes, usedPercent: report.usedPercent }, nowMs);
    }
    if (report.level !== (this.last?.level ?? 'ok')) {
      await this.events.record('disk_level', null, { level: report.level, usedPercent: report.usedPercent }, nowMs);
    }
    if (report.deleted > 0) this.log.info(report, 'retention sweep deleted footage');
    this.last = report;
    return report;
  }
}
