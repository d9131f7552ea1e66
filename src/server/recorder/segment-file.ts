import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Reads up to 16 bytes at a position (a box header). */
export type HeaderReader = (pos: number) => Promise<Buffer>;

/**
 * Walk the top-level MP4 boxes: a segment with no `moof` holds no samples (killed at open).
 * Reads only box headers, so a 5 MB segment costs a handful of small reads.
 */
export async function hasFragment(read: HeaderReader, fileSize: number): Promise<boolean> {
  let pos = 0;
  while (pos + 8 <= fileSize) {
    const h = await read(pos);
    if (h.length < 8) return false;
    let size = h.readUInt32BE(0);
    if (h.toString('latin1', 4, 8) === 'moof') return true;
    if (size === 1) {
      if (h.length < 16) return false;
      size = Number(h.readBigUInt64BE(8));
    } else if (size === 0) {
      return false;
    }
    if (size < 8) return false;
    pos += size;
  }
  return false;
}

export function bufferReader(buf: Buffer): HeaderReader {
  return async (pos) => buf.subarray(pos, pos + 16);
}

const HASH_CHUNK_BYTES = 1 << 20;

export interface SegmentFacts {
  sizeBytes: number;
  sha256: string;
  playable: boolean;
}

/** A closed segment's size, SHA-256 (streamed, no whole-file buffer) and whether it holds video. */
export async function inspectSegment(path: string): Promise<SegmentFacts> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const header = Buffer.alloc(16);
    const playable = await hasFragment(async (pos) => {
      const { bytesRead } = await fh.read(header, 0, 16, pos);
      return header.subarray(0, bytesRead);
    }, size);
    // One reused buffer: hashing a 5 MB segment every 10 s per camera makes no garbage to collect.
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
    for (let pos = 0; pos < size; ) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
      pos += bytesRead;
    }
    return { sizeBytes: size, sha256: hash.digest('hex'), playable };
  } finally {
    await fh.close();
  }
}
