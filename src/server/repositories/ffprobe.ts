import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { probeDurationArgv } from '../../ffmpeg/clip.js';

const run = promisify(execFile);

/** A file's duration in seconds by ffprobe, or null when it cannot be read. */
export async function probeDurationSeconds(file: string): Promise<number | null> {
  try {
    const { stdout } = await run('ffprobe', probeDurationArgv(file), { timeout: 30_000 });
    const seconds = Number(stdout.trim());
    return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
  } catch {
    return null;
  }
}
