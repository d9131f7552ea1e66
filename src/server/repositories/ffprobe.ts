import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cameraInputFile } from '../../ffmpeg/record.js';
import { promisify } from 'node:util';
import { probeCameraArgv, probeDurationArgv } from '../../ffmpeg/clip.js';

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

export interface CameraProbe {
  reachable: boolean;
  video?: { codec: string; width: number; height: number; fps: number };
  stderr?: string;
}

/** Open a camera once and read its video stream; the URL goes through a 0600 file, not argv. */
export async function probeCamera(secretUrl: string, runDir: string, timeoutMs = 10_000): Promise<CameraProbe> {
  await mkdir(runDir, { recursive: true, mode: 0o700 });
  const inputFile = join(runDir, `probe-${randomUUID()}.ffconcat`);
  await writeFile(inputFile, cameraInputFile(secretUrl), { mode: 0o600 });
  try {
    const { stdout } = await run('ffprobe', probeCameraArgv(inputFile), { timeout: timeoutMs });
    const s = (JSON.parse(stdout) as { streams?: Array<{ codec_name: string; width: number; height: number; avg_frame_rate: string }> }).streams?.[0];
    if (!s) return { reachable: true };
    const [num, den] = s.avg_frame_rate.split('/').map(Number);
    return { reachable: true, video: { codec: s.codec_name, width: s.width, height: s.height, fps: num && den ? Math.round((num / den) * 100) / 100 : 0 } };
  } catch (err) {
    const e = err as { stderr?: string; killed?: boolean };
    return { reachable: false, stderr: e.killed ? 'Connection timed out' : (e.stderr ?? String(err)) };
  } finally {
    await rm(inputFile, { force: true });
  }
}
