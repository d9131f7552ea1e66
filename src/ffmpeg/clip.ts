/**
 * ffmpeg argv for a clip (the recorded segments joined and cut at keyframes, no re-encoding) and
 * for playback in the browser (the same segments as a fragmented MP4 on a pipe). Pure: the footage
 * service writes the list and spawns ffmpeg.
 */

export interface ClipPart {
  path: string;
  /** Seconds into this file where the clip starts (first part only). */
  inpointSeconds?: number;
  /** Seconds into this file where the clip ends (last part only). */
  outpointSeconds?: number;
}

export function clipListFile(parts: readonly ClipPart[]): string {
  return listFile(parts, '', (s) => s.toFixed(3));
}

/**
 * The list for playback, read by ffmpeg from its stdin (no temporary file): paths carry `file:`,
 * or ffmpeg would resolve them against `pipe:`. The in point is a keyframe's time rounded up to
 * the microsecond, so that ffmpeg's seek lands on that keyframe and not on the one before.
 */
export function playbackListFile(parts: readonly ClipPart[]): string {
  return listFile(parts, 'file:', (s) => (Math.ceil(s * 1e6) / 1e6).toFixed(6));
}

function listFile(parts: readonly ClipPart[], protocol: string, seconds: (s: number) => string): string {
  const lines = ['ffconcat version 1.0'];
  for (const p of parts) {
    lines.push(`file '${protocol}${p.path.replace(/'/g, "'\\''")}'`);
    if (p.inpointSeconds !== undefined && p.inpointSeconds > 0) lines.push(`inpoint ${seconds(p.inpointSeconds)}`);
    if (p.outpointSeconds !== undefined) lines.push(`outpoint ${seconds(p.outpointSeconds)}`);
  }
  return lines.join('\n') + '\n';
}

/** A visible line burnt into every frame (R4.2: a clip given out names the request it was given for). */
export interface Watermark {
  /** The text, in a UTF-8 file: never on the command line. */
  textFile: string;
  fontFile: string;
}

/**
 * A value inside a filter graph: escaped once for the filter's options and once for the graph
 * (ffmpeg-utils, "Quoting and escaping"), so a path with ':' or a quote stays one value.
 */
export function filterValue(s: string): string {
  const option = s.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** drawtext over the bottom of the picture: white on a dark band, sized to the picture's height. */
export function watermarkFilter(w: Watermark): string {
  return [
    `drawtext=fontfile=${filterValue(w.fontFile)}`, `textfile=${filterValue(w.textFile)}`, 'expansion=none',
    'fontcolor=white', 'fontsize=h/22', 'box=1', 'boxcolor=black@0.6', 'boxborderw=12', 'x=24', 'y=h-text_h-36',
  ].join(':');
}

/**
 * The clip file. Without a watermark the recording is copied (no re-encoding: the evidence is as
 * recorded); with one, the picture is re-encoded to H.264 with the text drawn on every frame.
 */
export function clipArgv(listFile: string, outputFile: string, watermark?: Watermark): string[] {
  const video = watermark
    ? ['-vf', `${watermarkFilter(watermark)},format=yuv420p`, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23']
    : ['-c', 'copy'];
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'concat', '-safe', '0', '-i', listFile,
    '-map', '0:v:0', ...video,
    // A normal MP4 that starts playing before it has fully downloaded.
    '-movflags', '+faststart',
    '-f', 'mp4', '-y', outputFile,
  ];
}

export interface PlaybackArgs {
  /** Re-encode to H.264: recordings in H.265, which Chromium plays neither in MSE nor in <video>. */
  transcode: boolean;
  /** Largest width of the transcoded picture (height follows the aspect ratio). */
  transcodeWidth?: number;
}

/**
 * Recorded footage for the browser: the segments listed on stdin, as a fragmented MP4 on stdout
 * (Media Source Extensions take it fragment by fragment, so the first frame shows at once).
 * H.264 is copied: the evidence is not re-encoded to be watched.
 */
export function playbackArgv(a: PlaybackArgs): string[] {
  const width = a.transcodeWidth ?? 960;
  const video = a.transcode
    ? [
        '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
        // yuv420p: 10-bit H.265 would become High 10, which browsers refuse.
        '-vf', `scale='min(${width},iw)':-2,format=yuv420p`,
        // A keyframe every second: seeking inside what is already loaded stays quick.
        '-force_key_frames', 'expr:gte(t,n_forced*1)',
        '-b:v', '1500k', '-maxrate', '1500k', '-bufsize', '1500k',
      ]
    : ['-c:v', 'copy'];
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,pipe', '-i', 'pipe:0',
    // Video only, as recorded.
    '-map', '0:v:0', ...video,
    // Short fragments: a transcoded stream's first frame leaves after half a second of video.
    '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '500000',
    'pipe:1',
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
