/** The size, codec and length of a clip to redact (ffprobe, argv only). */
import { execFile } from 'node:child_process';
import { parseProbe, probeArgv, type VideoInfo } from '../../ffmpeg/redact-argv.js';

export class RedactionError extends Error {}

export function probeVideo(file: string, ffprobePath = 'ffprobe'): Promise<VideoInfo> {
  return new Promise((resolve, reject) => {
    execFile(ffprobePath, probeArgv(file), { maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new RedactionError(`ffprobe failed on ${file}: ${String(stderr).trim() || err.message}`));
      try {
        resolve(parseProbe(stdout));
      } catch (e) {
        reject(new RedactionError(`${file}: ${(e as Error).message}`));
      }
    });
  });
}

/** The last `max` characters of a child's stderr, for error messages. */
export function stderrTail(max = 4000): { push(chunk: Buffer | string): void; text(): string } {
  let text = '';
  return {
    push(chunk) {
      text = (text + chunk.toString()).slice(-max);
    },
    text: () => text.trim(),
  };
}
