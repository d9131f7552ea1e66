/**
 * ffmpeg argv for live view: one camera stream as fragmented MP4 on stdout, for Media Source
 * Extensions in the browser (see ../shared/design/RECIPES.md, "Live view in the browser"). Pure:
 * the live hub writes the input file and spawns `ffmpeg` with this argv.
 *
 * As for recording, the camera URL with its password is never on the command line: it goes into
 * a mode-0600 ffconcat file (`liveInputFile`, built on record.ts's `cameraInputFile`).
 */
import { INPUT_PROTOCOLS, cameraInputFile } from './record.js';

export type LiveCodec = 'h264' | 'hevc';

export interface LiveArgs {
  /** Path of the ffconcat file written from `liveInputFile`. */
  inputFile: string;
  /** What the camera sends. */
  codec: LiveCodec;
  /** Re-encode to H.264: needed for H.265, which Chromium cannot play in MSE. */
  transcode: boolean;
  /** Width of the transcoded picture (height follows the aspect ratio). */
  transcodeWidth?: number;
}

/**
 * The camera's ffconcat file (record.ts) plus short probing: the concat demuxer probes the RTSP
 * input it opens with these options, not with the command line's. (`analyzeduration 0` would mean
 * ffmpeg's default of 5 s, hence 0.5 s.)
 *
 * No `fflags nobuffer`, which RECIPES suggests: it throws away the packets read while probing, the
 * camera's first keyframe among them. Measured on camsim: stream copy then waited a whole GOP
 * (first fragment after 2.4 s instead of 0.4 s) and the H.265 transcode decoded grey smears.
 */
export function liveInputFile(url: string, timeoutSeconds = 5): string {
  return `${cameraInputFile(url, timeoutSeconds)}option probesize 32768\noption analyzeduration 500000\n`;
}

/** H.265 must be transcoded for the browser; H.264 is copied unless asked otherwise. */
export function needsTranscode(codec: LiveCodec): boolean {
  return codec !== 'h264';
}

export function liveArgv(a: LiveArgs): string[] {
  const video = a.transcode
    ? [
        '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
        // select: drop what the decoder outputs before its first keyframe (grey smears when
        // joining a camera mid-GOP). yuv420p: 10-bit H.265 would become High 10, which MSE refuses.
        '-vf', `select='key+not(isnan(prev_selected_n))',scale=${a.transcodeWidth ?? 640}:-2,format=yuv420p`,
        // A keyframe every second: a new viewer starts within about a second.
        '-force_key_frames', 'expr:gte(t,n_forced*1)',
        // A bitrate cap: ultrafast alone is wasteful, and a wall of tiles shares one uplink.
        '-b:v', '800k', '-maxrate', '800k', '-bufsize', '800k',
      ]
    : ['-c:v', 'copy'];
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning',
    '-flags', 'low_delay', '-probesize', '32768', '-analyzeduration', '500000',
    '-f', 'concat', '-safe', '0', '-protocol_whitelist', INPUT_PROTOCOLS,
    '-i', a.inputFile,
    // Video only: camera audio (often G.711) is refused by the MP4 muxer, and the wall is silent.
    '-map', '0:v:0', ...video,
    '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '200000',
    'pipe:1',
  ];
}

/** One box inside an MP4 buffer: `start` is its header, `body` its payload after the header. */
export interface BoxSpan {
  type: string;
  start: number;
  body: number;
  end: number;
}

/** The boxes laid end to end in `buf[from, to)`, stopping at the first malformed size. */
export function* childBoxes(buf: Buffer, from = 0, to = buf.length): Generator<BoxSpan> {
  let at = from;
  while (at + 8 <= to) {
    let size = buf.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at; // "to the end of the enclosing box"
    }
    if (size < header || at + size > to) return;
    yield { type: buf.toString('latin1', at + 4, at + 8), start: at, body: at + header, end: at + size };
    at += size;
  }
}

/** The first box found by following `path` (e.g. moov → trak → mdia) from `buf[from, to)`. */
export function findBox(buf: Buffer, path: readonly string[], from = 0, to = buf.length): BoxSpan | null {
  const [head, ...rest] = path;
  if (head === undefined) return null;
  for (const box of childBoxes(buf, from, to)) {
    if (box.type !== head) continue;
    if (rest.length === 0) return box;
    const found = findBox(buf, rest, box.body, box.end);
    if (found) return found;
  }
  return null;
}

/** Bytes before the children of a sample entry: 8 (SampleEntry) + 70 (VisualSampleEntry). */
const VISUAL_SAMPLE_ENTRY_BYTES = 78;
/** stsd is a full box (4 bytes) with an entry count (4 bytes) before its entries. */
const STSD_HEADER_BYTES = 8;

/**
 * The MSE codec string of the first video track of an init segment, e.g. `avc1.64001f`, read from
 * its avcC (profile, compatibility, level) rather than guessed. Null when the track is not H.264.
 */
export function mseCodecString(init: Buffer): string | null {
  const moov = findBox(init, ['moov']);
  if (!moov) return null;
  for (const trak of childBoxes(init, moov.body, moov.end)) {
    if (trak.type !== 'trak') continue;
    const stsd = findBox(init, ['mdia', 'minf', 'stbl', 'stsd'], trak.body, trak.end);
    if (!stsd) continue;
    for (const entry of childBoxes(init, stsd.body + STSD_HEADER_BYTES, stsd.end)) {
      if (entry.type !== 'avc1' && entry.type !== 'avc3') continue;
      const avcC = findBox(init, ['avcC'], entry.body + VISUAL_SAMPLE_ENTRY_BYTES, entry.end);
      if (!avcC || avcC.body + 4 > avcC.end) continue;
      const hex = [1, 2, 3].map((i) => init.readUInt8(avcC.body + i).toString(16).padStart(2, '0')).join('');
      return `${entry.type}.${hex}`;
    }
  }
  return null;
}
