import { open } from 'node:fs/promises';
import { type BoxSpan, childBoxes, findBox, mseCodecString } from '../../ffmpeg/live.js';

/** What playback needs to know of a recorded segment before it asks ffmpeg for anything. */
export interface SegmentMedia {
  /** The sample entry of the video track: `avc1`/`avc3` (H.264), `hvc1`/`hev1` (H.265)… */
  sampleEntry: string;
  /** The MSE codec string when the video is H.264 (`avc1.64002a`), null otherwise (H.265: transcode). */
  h264Codec: string | null;
  /** Presentation times of the keyframes, in the file's own seconds (what ffconcat `inpoint` means). */
  keyframesSeconds: number[];
  /** Presentation time of the file's first frame, in the same seconds. */
  firstSeconds: number;
  /** Ticks per second of the video track (decode times below are in ticks). */
  timescale: number;
  /** Tracks in the file: the recorder keeps video only; anything else is played through ffmpeg. */
  trackCount: number;
  /** Bytes before the first fragment (`ftyp moov`): the init segment a browser needs first. */
  initBytes: number;
  /** The fragments in file order, each a `moof` and the `mdat` right after it. */
  fragments: SegmentFragment[];
}

/** One `moof` + `mdat`: what direct playback sends as is, with its decode time moved. */
export interface SegmentFragment {
  /** Where the moof starts in the file; the fragment runs `bytes` on, to the end of its mdat. */
  offset: number;
  bytes: number;
  /** Decode time of its first sample, in the track's ticks. */
  decodeTicks: number;
  /** Presentation time of its first frame (seconds, as keyframesSeconds). */
  startSeconds: number;
  keyframe: boolean;
}

/** A moof as read from a file: the box, where it is, and how far its fragment (moof + mdat) runs. */
export interface MoofAt {
  box: Buffer;
  offset: number;
  bytes: number;
}

/** A box header or a whole small box (moov, moof) is read; mdat payloads never are. */
const MAX_SMALL_BOX_BYTES = 4 * 1024 * 1024;

/**
 * A recorded segment's codec and keyframes, read from its box headers: `ftyp moov` then one
 * `moof mdat` per GOP (the recorder writes `frag_keyframe`), so a 5 MB segment costs a dozen
 * small reads and no process.
 */
export async function readSegmentMedia(path: string): Promise<SegmentMedia> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const header = Buffer.alloc(16);
    let moov: Buffer | null = null;
    const moofs: MoofAt[] = [];
    let pending: MoofAt | null = null;
    let initBytes: number | null = null;
    for (let pos = 0; pos + 8 <= size; ) {
      const { bytesRead } = await fh.read(header, 0, 16, pos);
      if (bytesRead < 8) break;
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1 && bytesRead === 16) boxSize = Number(header.readBigUInt64BE(8));
      if (boxSize < 8 || pos + boxSize > size) break; // a segment cut short: keep what is whole
      const type = header.toString('latin1', 4, 8);
      // A fragment is whole once the mdat right after its moof is (its data offsets count from the moof).
      if (type === 'mdat' && pending && pending.offset + pending.bytes === pos) moofs.push({ ...pending, bytes: pending.bytes + boxSize });
      pending = null;
      if (type === 'moof') initBytes ??= pos;
      if ((type === 'moov' || type === 'moof') && boxSize <= MAX_SMALL_BOX_BYTES) {
        const box = Buffer.alloc(boxSize);
        await fh.read(box, 0, boxSize, pos);
        if (type === 'moov') moov = box;
        else pending = { box, offset: pos, bytes: boxSize };
      }
      pos += boxSize;
    }
    if (!moov) throw new Error(`${path}: no moov box`);
    return { ...segmentMedia(moov, moofs), initBytes: initBytes ?? size };
  } finally {
    await fh.close();
  }
}

/** Pure: codec, keyframe times and fragments from a segment's `moov` and its `moof` boxes (whole boxes; with their place in the file when known). */
export function segmentMedia(moov: Buffer, moofs: ReadonlyArray<Buffer | MoofAt>): SegmentMedia {
  const timescale = videoTimescale(moov);
  const shift = editShift(moov);
  const fragments: SegmentFragment[] = [];
  for (const m of moofs) {
    const { box, offset, bytes } = Buffer.isBuffer(m) ? { box: m, offset: -1, bytes: m.length } : m;
    const f = firstSample(box);
    if (!f) continue;
    fragments.push({ offset, bytes, decodeTicks: f.decodeTime, startSeconds: (f.decodeTime + f.compositionOffset - shift) / timescale, keyframe: f.sync });
  }
  const starts = fragments.map((f) => f.startSeconds);
  return {
    sampleEntry: sampleEntry(moov), h264Codec: mseCodecString(moov),
    keyframesSeconds: fragments.filter((f) => f.keyframe).map((f) => f.startSeconds).sort((a, b) => a - b),
    firstSeconds: starts.length > 0 ? Math.min(...starts) : 0,
    timescale, trackCount: countTracks(moov), initBytes: 0, fragments,
  };
}

function countTracks(moov: Buffer): number {
  let n = 0;
  for (const b of childBoxes(moov, 8, moov.length)) if (b.type === 'trak') n += 1;
  return n;
}

/**
 * Pure: a copy of a fragment's `moof` with the decode time of its first sample set to `ticks`
 * (the `tfdt` box), so fragments of several segments play as one timeline from 0.
 */
export function retimedMoof(moof: Buffer, ticks: number): Buffer {
  const out = Buffer.from(moof);
  const tfdt = findBox(out, ['moof', 'traf', 'tfdt']);
  if (!tfdt) throw new Error('fragment without tfdt');
  if (fullBoxVersion(out, tfdt) === 1) out.writeBigUInt64BE(BigInt(ticks), tfdt.body + 4);
  else out.writeUInt32BE(ticks, tfdt.body + 4);
  return out;
}

/** The last keyframe at or before `seconds` (the file's first frame when none is). */
export function keyframeAtOrBefore(media: SegmentMedia, seconds: number): number {
  let best = media.firstSeconds;
  for (const k of media.keyframesSeconds) if (k <= seconds + 1e-6) best = k;
  return best;
}

/** stsd is a full box (4 bytes) with an entry count (4 bytes) before its entries. */
function sampleEntry(moov: Buffer): string {
  const stsd = findBox(moov, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd']);
  const entry = stsd ? childBoxes(moov, stsd.body + 8, stsd.end).next().value : undefined;
  return entry ? entry.type : 'unknown';
}

const fullBoxVersion = (buf: Buffer, box: BoxSpan) => buf.readUInt8(box.body);

function videoTimescale(moov: Buffer): number {
  const mdhd = findBox(moov, ['moov', 'trak', 'mdia', 'mdhd']);
  if (!mdhd) throw new Error('no mdhd box');
  // FullBox header (4), then creation and modification times: 4 bytes each in version 0, 8 in version 1.
  return moov.readUInt32BE(mdhd.body + (fullBoxVersion(moov, mdhd) === 1 ? 20 : 12));
}

/** media_time of the first edit that is not empty: presentation time = composition time − this. */
function editShift(moov: Buffer): number {
  const elst = findBox(moov, ['moov', 'trak', 'edts', 'elst']);
  if (!elst) return 0;
  const v1 = fullBoxVersion(moov, elst) === 1;
  const count = moov.readUInt32BE(elst.body + 4);
  const entryBytes = v1 ? 20 : 12;
  for (let i = 0, at = elst.body + 8; i < count && at + entryBytes <= elst.end; i += 1, at += entryBytes) {
    const mediaTime = v1 ? Number(moov.readBigInt64BE(at + 8)) : moov.readInt32BE(at + 4);
    if (mediaTime >= 0) return mediaTime;
  }
  return 0;
}

const TFHD_DEFAULT_SAMPLE_FLAGS = 0x20;
const TRUN_DATA_OFFSET = 0x1;
const TRUN_FIRST_SAMPLE_FLAGS = 0x4;
const TRUN_SAMPLE_DURATION = 0x100;
const TRUN_SAMPLE_SIZE = 0x200;
const TRUN_SAMPLE_FLAGS = 0x400;
const TRUN_COMPOSITION_OFFSET = 0x800;
/** sample_is_non_sync_sample in the sample flags (ISO/IEC 14496-12, 8.8.3.1). */
const NON_SYNC = 0x10000;

/** The first sample of a fragment: its decode time, composition offset and whether it is a keyframe. */
function firstSample(moof: Buffer): { decodeTime: number; compositionOffset: number; sync: boolean } | null {
  const traf = findBox(moof, ['moof', 'traf']);
  if (!traf) return null;
  let decodeTime: number | null = null;
  let defaultFlags: number | null = null;
  let compositionOffset = 0;
  let flags: number | null = null;
  for (const box of childBoxes(moof, traf.body, traf.end)) {
    const v = fullBoxVersion(moof, box);
    const boxFlags = moof.readUInt32BE(box.body) & 0xffffff;
    if (box.type === 'tfdt') {
      decodeTime = v === 1 ? Number(moof.readBigUInt64BE(box.body + 4)) : moof.readUInt32BE(box.body + 4);
    } else if (box.type === 'tfhd' && boxFlags & TFHD_DEFAULT_SAMPLE_FLAGS) {
      // track_ID, then the optional fields in order: base offset (8), description (4), duration (4), size (4), flags.
      let at = box.body + 8;
      for (const [bit, bytes] of [[0x1, 8], [0x2, 4], [0x8, 4], [0x10, 4]] as const) if (boxFlags & bit) at += bytes;
      defaultFlags = moof.readUInt32BE(at);
    } else if (box.type === 'trun' && moof.readUInt32BE(box.body + 4) > 0) {
      let at = box.body + 8 + (boxFlags & TRUN_DATA_OFFSET ? 4 : 0);
      if (boxFlags & TRUN_FIRST_SAMPLE_FLAGS) {
        flags = moof.readUInt32BE(at);
        at += 4;
      }
      if (boxFlags & TRUN_SAMPLE_DURATION) at += 4;
      if (boxFlags & TRUN_SAMPLE_SIZE) at += 4;
      if (boxFlags & TRUN_SAMPLE_FLAGS) {
        flags ??= moof.readUInt32BE(at);
        at += 4;
      }
      if (boxFlags & TRUN_COMPOSITION_OFFSET) compositionOffset = v === 1 ? moof.readInt32BE(at) : moof.readUInt32BE(at);
    }
  }
  if (decodeTime === null) return null;
  const f = flags ?? defaultFlags;
  // Unknown flags: the recorder cuts fragments at keyframes, so the first sample is one.
  return { decodeTime, compositionOffset, sync: f === null || (f & NON_SYNC) === 0 };
}
