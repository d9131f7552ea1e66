import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { SPAN_TOLERANCE_MS } from '../../domain/timeline.js';
import type { SegmentRepository } from '../repositories/segments.js';
import { type SegmentIndexer, incomingDir, segmentRelPath } from './indexer.js';
import { probeDurationSeconds } from '../repositories/ffprobe.js';
import { inspectSegment } from './segment-file.js';

export interface ReconcileReport {
  salvaged: number;
  indexedFromDisk: number;
  markedMissing: number;
  gapsOpened: number;
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
  } catch {
    return [];
  }
}

/**
 * At start-up, make the index and the disk agree (never silently dropping either side):
 * files left in `.incoming/` are salvaged; files on disk not indexed are indexed; rows whose file
 * is gone are marked missing; a camera whose footage stops before now gets an open gap.
 */
export class Reconciler {
  constructor(
    private readonly recordingsDir: string,
    private readonly segments: SegmentRepository,
    private readonly indexer: SegmentIndexer,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  async run(cameraIds: number[]): Promise<ReconcileReport> {
    const report: ReconcileReport = { salvaged: 0, indexedFromDisk: 0, markedMissing: 0, gapsOpened: 0 };
    for (const cameraId of cameraIds) {
      report.salvaged += await this.salvageIncoming(cameraId);
      await this.compareHours(cameraId, report);
      const latest = await this.segments.latest(cameraId);
      if (latest && latest.endMs < this.now() - SPAN_TOLERANCE_MS) {
        await this.segments.openGap(cameraId, latest.endMs, 'recorder_stopped');
        report.gapsOpened += 1;
      }
    }
    if (report.salvaged + report.indexedFromDisk + report.markedMissing > 0) this.log.warn(report, 'reconciler repaired the index');
    return report;
  }

  private async salvageIncoming(cameraId: number): Promise<number> {
    const dir = incomingDir(this.recordingsDir, cameraId);
    let files: string[] = [];
    try {
      files = (await readdir(dir)).filter((f) => f.endsWith('.mp4')).sort();
    } catch {
      return 0;
    }
    let n = 0;
    for (const f of files) if ((await this.indexer.salvage(cameraId, join(dir, f), null)) === 'indexed') n += 1;
    return n;
  }

  /** Compare per-hour file counts with per-hour row counts; look closer only where they differ. */
  private async compareHours(cameraId: number, report: ReconcileReport): Promise<void> {
    const counts = await this.segments.hourCounts(cameraId);
    const seen = new Set<number>();
    const camDir = join(this.recordingsDir, String(cameraId));
    for (const day of await listDirs(camDir)) {
      for (const hh of await listDirs(join(camDir, day))) {
        const hour = Date.parse(`${day}T${hh}:00:00Z`) / 3_600_000;
        if (!Number.isInteger(hour)) continue;
        seen.add(hour);
        const files = (await readdir(join(camDir, day, hh))).filter((f) => /^\d+\.mp4$/.test(f));
        if (files.length === (counts.get(hour) ?? 0)) continue;
        await this.diffHour(cameraId, hour, files.map((f) => `${cameraId}/${day}/${hh}/${f}`), report);
      }
    }
    for (const hour of counts.keys()) if (!seen.has(hour)) await this.diffHour(cameraId, hour, [], report);
  }

  private async diffHour(cameraId: number, hour: number, relFiles: string[], report: ReconcileReport): Promise<void> {
    const rows = await this.segments.inHour(cameraId, hour);
    const onDisk = new Set(relFiles);
    const missing = rows.filter((r) => !onDisk.has(r.path));
    if (missing.length > 0) {
      await this.segments.markMissing(missing, this.now());
      report.markedMissing += missing.length;
    }
    const indexed = new Set(rows.map((r) => r.path));
    for (const rel of relFiles.filter((f) => !indexed.has(f))) {
      if (await this.indexFromDisk(cameraId, rel)) report.indexedFromDisk += 1;
    }
  }

  private async indexFromDisk(cameraId: number, rel: string): Promise<boolean> {
    const full = join(this.recordingsDir, rel);
    const startMs = Number(rel.split('/').pop()?.replace('.mp4', ''));
    const seconds = await probeDurationSeconds(full);
    if (!Number.isFinite(startMs) || seconds === null || segmentRelPath(cameraId, startMs) !== rel) {
      this.log.warn({ cameraId, file: rel }, 'unreadable file in the recordings folder left in place');
      return false;
    }
    const facts = await inspectSegment(full);
    return this.segments.index(
      { cameraId, startMs, endMs: startMs + Math.round(seconds * 1000), sizeBytes: facts.sizeBytes, sha256: facts.sha256, path: rel },
      this.now(),
    );
  }
}
