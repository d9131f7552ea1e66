import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type SegmentMedia, readSegmentMedia, retimedMoof } from '../repositories/segment-media.js';

/**
 * Playback of H.264 recordings without any process (issue 5: a seek shows video in under a second).
 * The recorder writes fragmented MP4 — `ftyp moov`, then one `moof mdat` per GOP — which is
 * already what Media Source Extensions take; playback sends the init segment, then the fragments
 * from the keyframe at or before the instant asked, with their decode times moved so that video
 * time 0 is that keyframe and the segments follow each other as one timeline. ffmpeg is kept for
 * H.265 (transcoded) and for anything this cannot take as is.
 */

/** Whether a segment can be sent as is: H.264, video only, every fragment found in the file. */
export const directPlayable = (m: SegmentMedia): boolean =>
  m.h264Codec !== null && m.trackCount === 1 && m.fragments.length > 0 && m.fragments.every((f) => f.offset >= 0);

export interface FragmentToSend {
  offset: number;
  bytes: number;
  /** The decode time it is sent with, in the segment's ticks. */
  ticks: number;
}

/** The fragment the answer starts with: the last keyframe at or before `atMs` (else the first). */
export function startFragment(segmentStartMs: number, m: SegmentMedia, atMs: number): number {
  const at = m.firstSeconds + Math.max(0, atMs - segmentStartMs) / 1000;
  let best = 0;
  m.fragments.forEach((f, i) => {
    if (f.keyframe && f.startSeconds <= at + 1e-6) best = i;
  });
  return best;
}

/** Wall-clock time of a fragment's first frame: the segment's indexed start plus its offset in the file. */
export const fragmentWallMs = (segmentStartMs: number, m: SegmentMedia, i: number): number =>
  segmentStartMs + ((m.fragments[i]?.startSeconds ?? m.firstSeconds) - m.firstSeconds) * 1000;

/**
 * Pure: the fragments of one segment from `from`, re-timed against `videoStartMs` (video time 0).
 * Within a segment the decode times keep their exact differences; the segment as a whole is
 * placed by its wall-clock start.
 */
export function retime(segmentStartMs: number, m: SegmentMedia, from: number, videoStartMs: number): FragmentToSend[] {
  const first = m.fragments[from];
  if (!first) return [];
  // Presentation minus decode time of the first frame (composition offset less the edit shift), in ticks.
  const lead = first.startSeconds * m.timescale - first.decodeTicks;
  const base = Math.max(0, Math.round(((fragmentWallMs(segmentStartMs, m, from) - videoStartMs) * m.timescale) / 1000 - lead));
  return m.fragments.slice(from).map((f) => ({ offset: f.offset, bytes: f.bytes, ticks: base + (f.decodeTicks - first.decodeTicks) }));
}

async function readFully(fh: FileHandle, bytes: number, position: number): Promise<Buffer> {
  const buf = Buffer.alloc(bytes);
  for (let done = 0; done < bytes; ) {
    const { bytesRead } = await fh.read(buf, done, bytes - done, position + done);
    if (bytesRead === 0) throw new Error('the segment ended before its fragment');
    done += bytesRead;
  }
  return buf;
}

export interface DirectSegment {
  path: string;
  startMs: number;
}

/**
 * The stream: init, fragments, and a new init only where a segment's differs (a camera restarted
 * with other settings). The first segment's media is given (the caller read it to plan); the
 * others are read as the viewer gets to them. It ends early at a segment it cannot send as is.
 */
export function directStream(segments: readonly DirectSegment[], first: SegmentMedia, fromFragment: number, videoStartMs: number): Readable {
  async function* fragments(): AsyncGenerator<Buffer> {
    let lastInit: Buffer | null = null;
    for (const [i, seg] of segments.entries()) {
      const media = i === 0 ? first : await readSegmentMedia(seg.path);
      if (!directPlayable(media) || media.h264Codec !== first.h264Codec) return;
      const fh = await open(seg.path, 'r');
      try {
        const init = await readFully(fh, media.initBytes, 0);
        if (!lastInit || !init.equals(lastInit)) yield init;
        lastInit = init;
        for (const f of retime(seg.startMs, media, i === 0 ? fromFragment : 0, videoStartMs)) {
          const frag = await readFully(fh, f.bytes, f.offset);
          const moofBytes = frag.readUInt32BE(0);
          yield Buffer.concat([retimedMoof(frag.subarray(0, moofBytes), f.ticks), frag.subarray(moofBytes)]);
        }
      } finally {
        await fh.close();
      }
    }
  }
  // One fragment (a GOP, about 1 MB) at a time: the viewer's pace sets the reading.
  return Readable.from(fragments(), { objectMode: false, highWaterMark: 1 });
}
