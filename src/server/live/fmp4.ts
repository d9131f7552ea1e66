/**
 * Fragmented MP4 as ffmpeg writes it to a pipe (`frag_keyframe+empty_moov+default_base_moof`):
 * `ftyp moov` once (the init segment), then `moof mdat` pairs (media fragments). Pure: fed the
 * stdout chunks as they come, it yields whole segments; nothing here touches a process or socket.
 */
import { type BoxSpan, childBoxes, findBox } from '../../ffmpeg/live.js';

export interface Mp4Box {
  type: string;
  /** The whole box, header included. */
  data: Buffer;
}

/** A box header larger than this is a broken stream, not a frame: refuse to buffer it. */
const MAX_BOX_BYTES = 64 * 1024 * 1024;

/** Cuts a byte stream into whole top-level boxes, whatever the chunk boundaries. */
export class BoxSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(chunk: Buffer): Mp4Box[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const boxes: Mp4Box[] = [];
    for (;;) {
      const size = this.nextBoxSize();
      if (size === null || this.pendingBytes < size) break;
      const all = this.pending.length === 1 && this.pending[0] ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
      boxes.push({ type: all.toString('latin1', 4, 8), data: all.subarray(0, size) });
      const rest = all.subarray(size);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
    }
    return boxes;
  }

  /** Size of the box at the head of the buffer, or null until its header has arrived. */
  private nextBoxSize(): number | null {
    if (this.pendingBytes < 8) return null;
    const head = this.head(16);
    let size = head.readUInt32BE(0);
    if (size === 1) {
      if (head.length < 16) return null;
      size = Number(head.readBigUInt64BE(8));
    }
    // Size 0 ("until the end of the file") cannot be framed on a live pipe.
    if (size < 8 || size > MAX_BOX_BYTES) throw new Error(`malformed MP4 box (size ${size})`);
    return size;
  }

  private head(bytes: number): Buffer {
    const first = this.pending[0];
    if (first && first.length >= Math.min(bytes, this.pendingBytes)) return first;
    return Buffer.concat(this.pending, this.pendingBytes).subarray(0, bytes);
  }
}

export type Mp4Segment =
  | { kind: 'init'; data: Buffer }
  | { kind: 'fragment'; data: Buffer; keyframe: boolean };

/** Groups boxes into the init segment (ftyp+moov) and fragments (moof+mdat), marking keyframes. */
export class FragmentReader {
  private readonly splitter = new BoxSplitter();
  private initParts: Buffer[] = [];
  private fragmentParts: Buffer[] = [];
  /** trex default_sample_flags per track, from the init segment. */
  private trexFlags = new Map<number, number>();

  push(chunk: Buffer): Mp4Segment[] {
    const out: Mp4Segment[] = [];
    for (const box of this.splitter.push(chunk)) {
      if (box.type === 'ftyp') {
        this.initParts = [box.data];
      } else if (box.type === 'moov') {
        const data = Buffer.concat([...this.initParts, box.data]);
        this.initParts = [];
        this.trexFlags = trexDefaultFlags(box.data);
        out.push({ kind: 'init', data });
      } else if (box.type === 'moof') {
        this.fragmentParts = [box.data];
      } else if (box.type === 'mdat' && this.fragmentParts.length > 0) {
        const moof = this.fragmentParts[0];
        const data = Buffer.concat([...this.fragmentParts, box.data]);
        this.fragmentParts = [];
        out.push({ kind: 'fragment', data, keyframe: moof ? firstSampleIsSync(moof, this.trexFlags) : false });
      } else if (this.fragmentParts.length > 0) {
        this.fragmentParts.push(box.data); // e.g. a prft or free between moof and mdat
      }
      // Anything else at the top level (mfra at exit, free) is of no use to a live viewer.
    }
    return out;
  }
}

/** ISO/IEC 14496-12 sample flags: sample_depends_on == 2 means "depends on no other sample". */
export function isSyncSampleFlags(flags: number): boolean {
  const dependsOn = (flags >>> 24) & 0x3;
  const nonSync = (flags >>> 16) & 0x1;
  if (dependsOn === 2) return true;
  return nonSync === 0 && dependsOn !== 1;
}

function trexDefaultFlags(moov: Buffer): Map<number, number> {
  const flags = new Map<number, number>();
  const mvex = findBox(moov, ['moov', 'mvex']);
  if (!mvex) return flags;
  for (const trex of childBoxes(moov, mvex.body, mvex.end)) {
    // version/flags(4) track_ID(4) description_index(4) duration(4) size(4) flags(4)
    if (trex.type !== 'trex' || trex.body + 24 > trex.end) continue;
    flags.set(moov.readUInt32BE(trex.body + 4), moov.readUInt32BE(trex.body + 20));
  }
  return flags;
}

const TFHD_BASE_DATA_OFFSET = 0x1;
const TFHD_SAMPLE_DESCRIPTION_INDEX = 0x2;
const TFHD_DEFAULT_DURATION = 0x8;
const TFHD_DEFAULT_SIZE = 0x10;
const TFHD_DEFAULT_FLAGS = 0x20;
const TRUN_DATA_OFFSET = 0x1;
const TRUN_FIRST_SAMPLE_FLAGS = 0x4;
const TRUN_SAMPLE_DURATION = 0x100;
const TRUN_SAMPLE_SIZE = 0x200;
const TRUN_SAMPLE_FLAGS = 0x400;

/**
 * Whether the first sample of the fragment's first track run is a sync sample (a keyframe). The
 * flags come, in order of precedence, from trun's first-sample flags, trun's per-sample flags,
 * tfhd's default flags, then the init segment's trex.
 */
export function firstSampleIsSync(moof: Buffer, trexFlags: ReadonlyMap<number, number>): boolean {
  const traf = findBox(moof, ['moof', 'traf']);
  if (!traf) return false;
  const tfhd = findBox(moof, ['tfhd'], traf.body, traf.end);
  const trun = findBox(moof, ['trun'], traf.body, traf.end);
  if (!tfhd || !trun || tfhd.body + 8 > tfhd.end || trun.body + 8 > trun.end) return false;
  const fromTrun = trunFirstFlags(moof, trun);
  if (fromTrun !== null) return isSyncSampleFlags(fromTrun);
  const fromTfhd = tfhdDefaultFlags(moof, tfhd);
  if (fromTfhd !== null) return isSyncSampleFlags(fromTfhd);
  const fromTrex = trexFlags.get(moof.readUInt32BE(tfhd.body + 4));
  return fromTrex !== undefined && isSyncSampleFlags(fromTrex);
}

function trunFirstFlags(buf: Buffer, trun: BoxSpan): number | null {
  const flags = buf.readUInt32BE(trun.body) & 0xffffff;
  const sampleCount = buf.readUInt32BE(trun.body + 4);
  let at = trun.body + 8;
  if (flags & TRUN_DATA_OFFSET) at += 4;
  if (flags & TRUN_FIRST_SAMPLE_FLAGS) return at + 4 <= trun.end ? buf.readUInt32BE(at) : null;
  if (!(flags & TRUN_SAMPLE_FLAGS) || sampleCount === 0) return null;
  if (flags & TRUN_SAMPLE_DURATION) at += 4;
  if (flags & TRUN_SAMPLE_SIZE) at += 4;
  return at + 4 <= trun.end ? buf.readUInt32BE(at) : null;
}

function tfhdDefaultFlags(buf: Buffer, tfhd: BoxSpan): number | null {
  const flags = buf.readUInt32BE(tfhd.body) & 0xffffff;
  if (!(flags & TFHD_DEFAULT_FLAGS)) return null;
  let at = tfhd.body + 8; // version/flags, track_ID
  if (flags & TFHD_BASE_DATA_OFFSET) at += 8;
  if (flags & TFHD_SAMPLE_DESCRIPTION_INDEX) at += 4;
  if (flags & TFHD_DEFAULT_DURATION) at += 4;
  if (flags & TFHD_DEFAULT_SIZE) at += 4;
  return at + 4 <= tfhd.end ? buf.readUInt32BE(at) : null;
}

/**
 * The fragments since the last keyframe, so a viewer who joins late starts at once instead of
 * waiting for the camera's next keyframe. Bounded: a GOP larger than `maxBytes` (a camera with a
 * very long keyframe interval) is dropped, and the late viewer waits for the next keyframe.
 */
export class KeyframeCache {
  private kept: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  add(fragment: { data: Buffer; keyframe: boolean }): void {
    if (fragment.keyframe) this.clear();
    else if (this.kept.length === 0) return; // no keyframe yet: nothing a decoder could start on
    this.kept.push(fragment.data);
    this.bytes += fragment.data.length;
    if (this.bytes > this.maxBytes) this.clear();
  }

  clear(): void {
    this.kept = [];
    this.bytes = 0;
  }

  /** Fragments starting with a keyframe fragment, or none. */
  get fragments(): readonly Buffer[] {
    return this.kept;
  }
}
