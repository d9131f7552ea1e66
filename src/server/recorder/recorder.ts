import type { Logger } from 'pino';
import { mayEnable, type AreaType } from '../../domain/camera-rules.js';
import { type CameraHealth, cameraHealth } from '../../domain/supervisor-state.js';
import type { SegmentRepository } from '../repositories/segments.js';
import type { SegmentIndexer } from './indexer.js';
import { CameraSupervisor } from './supervisor.js';

export interface RecordableCamera {
  id: number;
  areaType: AreaType;
  enabled: boolean;
  /** With credentials; stays in memory and in a 0600 file. */
  secretUrl: string;
}

export interface RecorderSettings {
  recordingsDir: string;
  runDir: string;
  segmentSeconds: number;
  watchdogSeconds: number;
  offlineAfterMs: number;
  backoffMs?: readonly number[];
}

export interface CameraRecordingState {
  health: CameraHealth;
  phase: string;
  sinceMs: number;
  downSinceMs: number | null;
  lastSegmentAtMs: number | null;
  lastError: { code: string; vi: string; en: string } | null;
}

/** Runs one supervisor per enabled camera and keeps the set in step with the registry. */
export class Recorder {
  private supervisors = new Map<number, { sup: CameraSupervisor; secretUrl: string }>();

  constructor(
    private readonly settings: RecorderSettings,
    private readonly deps: { indexer: SegmentIndexer; segments: SegmentRepository; log: Logger; now: () => number },
  ) {}

  /** Start, restart (URL changed) or stop the camera's supervisor to match its registry entry. */
  async sync(camera: RecordableCamera | { id: number; removed: true }): Promise<void> {
    const current = this.supervisors.get(camera.id);
    const wanted = !('removed' in camera) && camera.enabled && mayEnable(camera.areaType);
    if (current && (!wanted || ('secretUrl' in camera && current.secretUrl !== camera.secretUrl))) {
      this.supervisors.delete(camera.id);
      await current.sup.stop();
    }
    if (!wanted || this.supervisors.has(camera.id) || !('secretUrl' in camera)) return;
    const sup = new CameraSupervisor(
      {
        cameraId: camera.id,
        secretUrl: camera.secretUrl,
        recordingsDir: this.settings.recordingsDir,
        runDir: this.settings.runDir,
        segmentSeconds: this.settings.segmentSeconds,
        watchdogSeconds: this.settings.watchdogSeconds,
        ...(this.settings.backoffMs ? { backoffMs: this.settings.backoffMs } : {}),
      },
      this.deps,
    );
    this.supervisors.set(camera.id, { sup, secretUrl: camera.secretUrl });
    sup.start();
  }

  state(cameraId: number): CameraRecordingState | null {
    const entry = this.supervisors.get(cameraId);
    if (!entry) return null;
    const s = entry.sup.snapshot;
    return {
      health: cameraHealth(s, this.deps.now(), this.settings.offlineAfterMs),
      phase: s.phase,
      sinceMs: s.sinceMs,
      downSinceMs: s.downSinceMs,
      lastSegmentAtMs: entry.sup.lastSegmentAtMs,
      lastError: entry.sup.lastError,
    };
  }

  /** Graceful shutdown: every ffmpeg closes its current segment, which is indexed. */
  async stopAll(): Promise<void> {
    const all = [...this.supervisors.values()];
    this.supervisors.clear();
    await Promise.all(all.map((e) => e.sup.stop()));
  }
}
