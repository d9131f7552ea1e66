import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SegmentRepository } from '../repositories/segments.js';
import { probeDurationSeconds } from '../repositories/ffprobe.js';
import { type SegmentFacts, inspectSegment } from './segment-file.js';

/** `<camera>/<yyyy-mm-dd>/<hh>/<start-epoch-ms>.mp4`, dates in UTC. */
export function segmentRelPath(cameraId: number, startMs: number): string {
  const iso = new Date(startMs).toISOString();
  return `${cameraId}/${iso.slice(0, 10)}/${iso.slice(11, 13)}/${startMs}.mp4`;
}

export function incomingDir(recordingsDir: string, cameraId: number): string {
  return join(recordingsDir, String(cameraId), '.incoming');
}

export type CommitResult = 'indexed' | 'duplicate' | 'empty';

/**
 * A segment's stages (Frigate): written by ffmpeg into `.incoming/` → inspected (hash, has
 * video) → moved to its place → indexed. Nothing is in the index that is not on disk.
 */
export class SegmentIndexer {
  constructor(
    private readonly recordingsDir: string,
    private readonly segments: SegmentRepository,
    private readonly now: () => number,
  ) {}

  async commit(cameraId: number, stagedPath: string, startMs: number, endMs: number, gapReason?: string, known?: SegmentFacts): Promise<CommitResult> {
    const facts = known ?? (await inspectSegment(stagedPath));
    if (!facts.playable) {
      await unlink(stagedPath);
      return 'empty';
    }
    const rel = segmentRelPath(cameraId, Math.round(startMs));
    const finalPath = join(this.recordingsDir, rel);
    await mkdir(dirname(finalPath), { recursive: true });
    await rename(stagedPath, finalPath);
    const added = await this.segments.index(
      { cameraId, startMs: Math.round(startMs), endMs: Math.round(endMs), sizeBytes: facts.sizeBytes, sha256: facts.sha256, path: rel },
      this.now(),
      gapReason,
    );
    return added ? 'indexed' : 'duplicate';
  }

  /**
   * A file without a closing line (the recorder or ffmpeg was killed): its start is `knownStartMs`
   * when the run's previous segment is known, else its last write minus its duration.
   */
  async salvage(cameraId: number, stagedPath: string, knownStartMs: number | null): Promise<CommitResult> {
    const facts = await inspectSegment(stagedPath);
    const seconds = facts.playable ? await probeDurationSeconds(stagedPath) : null;
    if (seconds === null) {
      await unlink(stagedPath);
      return 'empty';
    }
    const { mtimeMs } = await stat(stagedPath);
    const startMs = knownStartMs ?? mtimeMs - seconds * 1000;
    return this.commit(cameraId, stagedPath, startMs, startMs + seconds * 1000, 'recorder_stopped', facts);
  }
}
