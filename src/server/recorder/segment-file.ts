import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** Walk the top-level MP4 boxes: a segment with no `moof` holds no samples (killed at open). */
export function hasFragment(buf: Buffer): boolean {
  let pos = 0;
  while (pos + 8 <= buf.length) {
    let size = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (type === 'moof') return true;
    if (size === 1) {
      if (pos + 16 > buf.length) return false;
      size = Number(buf.readBigUInt64BE(pos + 8));
    } else if (size === 0) {
      return false;
    }
    if (size < 8) return false;
    pos += size;
  }
  return false;
}

export interface SegmentFacts {
  sizeBytes: number;
  sha256: string;
  playable: boolean;
}

/** Read a closed segment once: its size, SHA-256 and whether it holds any video. */
export async function inspectSegment(path: string): Promise<SegmentFacts> {
  const buf = await readFile(path);
  return { sizeBytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex'), playable: hasFragment(buf) };
}
