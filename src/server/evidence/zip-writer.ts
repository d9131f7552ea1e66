import { type FileHandle, open } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * A zip written straight to a file: each entry's data streams through once (CRC-32 by zlib's
 * native crc32), and its local header is patched in place when the sizes are known — so no data
 * descriptors, and readers of every age open it. Clips are stored (MP4 is already compressed);
 * small documents may be deflated. ZIP64 where sizes or offsets need it.
 *
 * Why not yazl or archiver: both compute CRC-32 in JavaScript (buffer-crc32 ~350 MB/s, crc-32
 * ~1.5 GB/s here), slower than the disk, and an export must keep up with a plain copy (issue 6).
 * Reading stays with yauzl, which is where a zip's hostile corners are.
 */

const MAX = 0xffff_ffff;
/** An entry this large gets ZIP64 fields up front: deflate may grow incompressible data a little. */
const ZIP64_ENTRY = 0xf000_0000;
const WRITES_IN_FLIGHT = 4;
const UTF8_NAMES = 0x0800;
const MADE_BY_UNIX = (3 << 8) | 45;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

interface Written {
  name: Buffer;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  zip64: boolean;
  mtimeMs: number;
}

export interface ZipEntryOptions {
  /** Deflate (documents) or store (clips). */
  compress: boolean;
  /** The entry's uncompressed size, known before it is written; a source that differs is an error. */
  size: number;
  mtimeMs: number;
}

export class ZipWriter {
  private position = 0;
  private readonly entries: Written[] = [];
  private readonly pending: Promise<unknown>[] = [];

  private constructor(
    private readonly fh: FileHandle,
    private readonly forceZip64: boolean,
  ) {}

  /** `forceZip64` writes ZIP64 fields for every entry (tests use it; large files need it anyway). */
  static async create(file: string, options: { forceZip64?: boolean } = {}): Promise<ZipWriter> {
    return new ZipWriter(await open(file, 'w', 0o640), options.forceZip64 ?? false);
  }

  async add(entryName: string, data: Buffer | AsyncIterable<Buffer>, o: ZipEntryOptions): Promise<void> {
    const name = Buffer.from(entryName, 'utf8');
    const zip64 = this.forceZip64 || o.size >= ZIP64_ENTRY;
    const { dosTime, dosDate } = dosDateTime(o.mtimeMs);
    const e: Written = { name, method: o.compress ? 8 : 0, dosTime, dosDate, crc: 0, compressedSize: 0, size: 0, offset: this.position, zip64, mtimeMs: o.mtimeMs };
    this.write(localHeader(e));
    let crc = 0;
    const counted = async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        crc = crc32(chunk, crc);
        e.size += chunk.length;
        yield chunk;
      }
    };
    const chunks = Buffer.isBuffer(data) ? [data] : data;
    const output: AsyncIterable<Buffer> = o.compress ? pipeline(Readable.from(counted(toAsync(chunks))), createDeflateRaw(), () => undefined) : counted(toAsync(chunks));
    for await (const chunk of output) {
      e.compressedSize += chunk.length;
      await this.writeBounded(chunk);
    }
    if (e.size !== o.size) throw new Error(`${entryName}: ${e.size} bytes read, ${o.size} expected (the file changed while it was exported)`);
    if (!zip64 && e.compressedSize >= MAX) throw new Error(`${entryName}: compressed beyond 4 GiB without ZIP64`);
    e.crc = crc;
    // The header again, now with the CRC and sizes, over the placeholder — once that has landed.
    await Promise.all(this.pending.splice(0));
    this.writeAt(localHeader(e), e.offset);
    this.entries.push(e);
  }

  /** Write the central directory, flush the file to the disk and close it; returns its size. */
  async finish(): Promise<number> {
    const cdOffset = this.position;
    for (const e of this.entries) this.write(centralHeader(e));
    const cdSize = this.position - cdOffset;
    const count = this.entries.length;
    if (this.forceZip64 || count >= 0xffff || cdOffset >= MAX || cdSize >= MAX) {
      const eocd64Offset = this.position;
      this.write(zip64EndRecord(count, cdSize, cdOffset));
      this.write(zip64Locator(eocd64Offset));
    }
    this.write(endRecord(count, cdSize, cdOffset));
    await Promise.all(this.pending.splice(0));
    await this.fh.sync();
    await this.fh.close();
    return this.position;
  }

  /** Stop after a failure: the caller removes the partial file. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.pending.splice(0));
    await this.fh.close().catch(() => undefined);
  }

  private write(buf: Buffer): void {
    this.writeAt(buf, this.position);
    this.position += buf.length;
  }

  /** Positional writes may run side by side: reading and hashing go on while the disk writes. */
  private writeAt(buf: Buffer, position: number): void {
    const p = this.fh.write(buf, 0, buf.length, position);
    p.catch(() => undefined);
    this.pending.push(p);
  }

  private async writeBounded(buf: Buffer): Promise<void> {
    this.write(buf);
    while (this.pending.length > WRITES_IN_FLIGHT) await this.pending.shift();
  }
}

async function* toAsync(chunks: Iterable<Buffer> | AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  yield* chunks;
}

/** DOS time has no zone: the school's local time (UTC+7), as its staff would read it. */
function dosDateTime(ms: number): { dosTime: number; dosDate: number } {
  const d = new Date(ms + 7 * 3_600_000);
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    dosTime: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    dosDate: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function localHeader(e: Written): Buffer {
  const extra = Buffer.concat([e.zip64 ? zip64Extra([e.size, e.compressedSize]) : Buffer.alloc(0), unixTimeExtra(e.mtimeMs)]);
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(e.zip64 ? 45 : 20, 4);
  b.writeUInt16LE(UTF8_NAMES, 6);
  b.writeUInt16LE(e.method, 8);
  b.writeUInt16LE(e.dosTime, 10);
  b.writeUInt16LE(e.dosDate, 12);
  b.writeUInt32LE(e.crc, 14);
  b.writeUInt32LE(e.zip64 ? MAX : e.compressedSize, 18);
  b.writeUInt32LE(e.zip64 ? MAX : e.size, 22);
  b.writeUInt16LE(e.name.length, 26);
  b.writeUInt16LE(extra.length, 28);
  return Buffer.concat([b, e.name, extra]);
}

function centralHeader(e: Written): Buffer {
  const zip64 = e.zip64 || e.offset >= MAX;
  const extra = Buffer.concat([zip64 ? zip64Extra([e.size, e.compressedSize, e.offset]) : Buffer.alloc(0), unixTimeExtra(e.mtimeMs)]);
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(MADE_BY_UNIX, 4);
  b.writeUInt16LE(zip64 ? 45 : 20, 6);
  b.writeUInt16LE(UTF8_NAMES, 8);
  b.writeUInt16LE(e.method, 10);
  b.writeUInt16LE(e.dosTime, 12);
  b.writeUInt16LE(e.dosDate, 14);
  b.writeUInt32LE(e.crc, 16);
  b.writeUInt32LE(zip64 ? MAX : e.compressedSize, 20);
  b.writeUInt32LE(zip64 ? MAX : e.size, 24);
  b.writeUInt16LE(e.name.length, 28);
  b.writeUInt16LE(extra.length, 30);
  b.writeUInt32LE(REGULAR_FILE_0644, 38);
  b.writeUInt32LE(zip64 ? MAX : e.offset, 42);
  return Buffer.concat([b, e.name, extra]);
}

function zip64Extra(values: number[]): Buffer {
  const b = Buffer.alloc(4 + 8 * values.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return b;
}

/** The modification time in UTC ("UT" extra field), so unzip sets the right time in any zone. */
function unixTimeExtra(ms: number): Buffer {
  const b = Buffer.alloc(9);
  b.writeUInt16LE(0x5455, 0);
  b.writeUInt16LE(5, 2);
  b.writeUInt8(1, 4);
  b.writeUInt32LE(Math.min(Math.max(Math.floor(ms / 1000), 0), MAX), 5);
  return b;
}

function zip64EndRecord(count: number, cdSize: number, cdOffset: number): Buffer {
  const b = Buffer.alloc(56);
  b.writeUInt32LE(0x06064b50, 0);
  b.writeBigUInt64LE(44n, 4);
  b.writeUInt16LE(MADE_BY_UNIX, 12);
  b.writeUInt16LE(45, 14);
  b.writeBigUInt64LE(BigInt(count), 24);
  b.writeBigUInt64LE(BigInt(count), 32);
  b.writeBigUInt64LE(BigInt(cdSize), 40);
  b.writeBigUInt64LE(BigInt(cdOffset), 48);
  return b;
}

function zip64Locator(eocd64Offset: number): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt32LE(0x07064b50, 0);
  b.writeBigUInt64LE(BigInt(eocd64Offset), 8);
  b.writeUInt32LE(1, 16);
  return b;
}

function endRecord(count: number, cdSize: number, cdOffset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(Math.min(count, 0xffff), 8);
  b.writeUInt16LE(Math.min(count, 0xffff), 10);
  b.writeUInt32LE(Math.min(cdSize, MAX), 12);
  b.writeUInt32LE(Math.min(cdOffset, MAX), 16);
  return b;
}
