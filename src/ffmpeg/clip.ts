/**
 * ffmpeg argv for a clip: the recorded segments joined and cut at keyframes, no re-encoding.
 * Pure: the footage service writes the list and spawns ffmpeg.
 */

export interface ClipPart {
  path: string;
  /** Seconds into this file where the clip starts (first part only). */
  inpointSeconds?: number;
  /** Seconds into this file where the clip ends (last part only). */
  outpointSeconds?: number;
}

export function clipListFile(parts: readonly ClipPart[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const p of parts) {
    lines.push(`file '${p.path.replace(/'/g, "'\\''")}'`);
    if (p.inpointSeconds !== undefined && p.inpointSeconds > 0) lines.push(`inpoint ${p.inpointSeconds.toFixed(3)}`);
    if (p.outpointSeconds !== undefined) lines.push(`outpoint ${p.outpointSeconds.toFixed(3)}`);
  }
  return lines.join('\n') + '\n';
}

export function clipArgv(listFile: string, outputFile: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'concat', '-safe', '0', '-i', listFile,
    '-map', '0:v:0', '-c', 'copy',
    // A normal MP4 that starts playing before it has fully downloaded.
    '-movflags', '+faststart',
    '-f', 'mp4', '-y', outputFile,
  ];
}

/** ffprobe argv that prints a file's duration in seconds. */
export function probeDurationArgv(file: string): string[] {
  return ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', file];
}

/** ffprobe argv that opens a camera (from an ffconcat input file) and prints its video stream. */
export function probeCameraArgv(inputFile: string): string[] {
  return [
    '-v', 'error', '-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,rtsp,rtsps,rtp,srtp,tcp,udp,tls,crypto',
    '-i', inputFile, '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height,avg_frame_rate', '-of', 'json',
  ];
}
