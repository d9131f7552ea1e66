import { createHash, createPublicKey } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  EVIDENCE_FORMAT, type EvidenceFile, type EvidenceFileKind, EvidenceManifest, MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE, ZipPath, vietnamIso,
} from '../../contract/evidence.js';
import type { SigningKey } from '../repositories/signing-key.js';
import { GUIDE_FILE, verificationGuide } from './guide.js';
import { ZipWriter } from './zip-writer.js';

/** R4.3: an evidence package — clips, biên bản, attachments, and a signed manifest of them all. */

export interface EvidenceSource {
  /** Path inside the zip, e.g. `clips/cong-truong-0800.mp4`. */
  path: string;
  /** An absolute file path (streamed) or the bytes themselves (a generated PDF). */
  source: string | Buffer;
  kind: EvidenceFileKind;
}

export interface EvidenceClipInput {
  /** The path of a `clip` file given in `files`. */
  path: string;
  cameraId: number;
  cameraName: string;
  startMs: number;
  endMs: number;
  sourceSegments?: Array<{ sha256: string }>;
}

export interface BuildEvidencePackage {
  outFile: string;
  files: EvidenceSource[];
  clips: EvidenceClipInput[];
  case: EvidenceManifest['case'];
  schoolName: string;
  exportedBy: EvidenceManifest['exportedBy'];
  exportedAtMs: number;
  reason: EvidenceManifest['reason'];
  signingKey: SigningKey;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** ZIP64 fields on every entry (for tests; packages past 4 GiB get them anyway). */
  forceZip64?: boolean;
}

export interface BuiltEvidencePackage {
  file: string;
  bytes: number;
  manifest: EvidenceManifest;
}

const CHUNK_BYTES = 1 << 20;

/** SHA-256 (hex) of a public key's DER (SPKI): the fingerprint a school publishes for its key. */
export function keyFingerprint(publicKeyPem: string): string {
  return createHash('sha256').update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' })).digest('hex');
}

/**
 * Writes `<outFile>.part`, flushes it to the disk and renames it: a crash never leaves half a
 * package under the final name. Each source is read once; its SHA-256 is taken as it streams.
 * A verification guide (HUONG-DAN-KIEM-TRA.txt) is added and listed like any document.
 */
export async function buildEvidencePackage(request: BuildEvidencePackage): Promise<BuiltEvidencePackage> {
  const guide = verificationGuide({ case: request.case, schoolName: request.schoolName, keyFingerprint: keyFingerprint(request.signingKey.publicKeyPem()) });
  const input = { ...request, files: [...request.files, { path: GUIDE_FILE, source: Buffer.from(guide, 'utf8'), kind: 'document' as const }] };
  checkPaths(input);
  const sizes = await Promise.all(input.files.map(async (f) => (typeof f.source === 'string' ? (await stat(f.source)).size : f.source.length)));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  let bytesDone = 0;
  const part = `${input.outFile}.part`;
  const zip = await ZipWriter.create(part, { forceZip64: input.forceZip64 ?? false });
  try {
    const listed: EvidenceFile[] = [];
    for (const [i, f] of input.files.entries()) {
      const size = sizes[i] ?? 0;
      const hash = createHash('sha256');
      const hashed = async function* (chunks: AsyncIterable<Buffer> | Buffer[]) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          bytesDone += chunk.length;
          input.onProgress?.(bytesDone, bytesTotal);
          yield chunk;
        }
      };
      const chunks = typeof f.source === 'string' ? createReadStream(f.source, { highWaterMark: CHUNK_BYTES }) : [f.source];
      // Clips are MP4, already compressed: stored, so the export runs at the speed of the disk.
      await zip.add(f.path, hashed(chunks), { compress: f.kind !== 'clip', size, mtimeMs: input.exportedAtMs });
      listed.push({ path: f.path, kind: f.kind, bytes: size, sha256: hash.digest('hex') });
    }
    const manifest = manifestOf(input, listed);
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    const small = (name: string, data: Buffer) => zip.add(name, data, { compress: false, size: data.length, mtimeMs: input.exportedAtMs });
    await small(MANIFEST_FILE, manifestBytes);
    await small(SIGNATURE_FILE, Buffer.from(`${input.signingKey.signBytes(manifestBytes)}\n`));
    await small(PUBLIC_KEY_FILE, Buffer.from(manifest.publicKey));
    const bytes = await zip.finish();
    await rename(part, input.outFile);
    await syncDir(dirname(input.outFile));
    return { file: input.outFile, bytes, manifest };
  } catch (err) {
    await zip.abort();
    await unlink(part).catch(() => undefined);
    throw err;
  }
}

/** Refuse a wrong path before reading gigabytes, not after. */
function checkPaths(input: BuildEvidencePackage): void {
  const seen = new Set<string>();
  for (const f of input.files) {
    const parsed = ZipPath.safeParse(f.path);
    if (!parsed.success) throw new Error(`evidence package: "${f.path}" cannot be a path in the package`);
    if (seen.has(f.path)) throw new Error(`evidence package: "${f.path}" is given twice`);
    seen.add(f.path);
  }
  for (const c of input.clips) {
    if (input.files.find((f) => f.path === c.path)?.kind !== 'clip') throw new Error(`evidence package: clip "${c.path}" is not among the files`);
  }
}

function manifestOf(input: BuildEvidencePackage, files: EvidenceFile[]): EvidenceManifest {
  const publicKey = input.signingKey.publicKeyPem();
  const utc = (ms: number) => new Date(ms).toISOString();
  const sha = new Map(files.map((f) => [f.path, f.sha256]));
  return EvidenceManifest.parse({
    format: EVIDENCE_FORMAT,
    case: input.case,
    schoolName: input.schoolName,
    files,
    clips: input.clips.map((c) => ({
      path: c.path, cameraId: c.cameraId, cameraName: c.cameraName,
      startUtc: utc(c.startMs), endUtc: utc(c.endMs), startLocal: vietnamIso(c.startMs), endLocal: vietnamIso(c.endMs),
      sha256: sha.get(c.path),
      ...(c.sourceSegments ? { sourceSegments: c.sourceSegments } : {}),
    })),
    exportedBy: input.exportedBy,
    exportedAt: { utc: utc(input.exportedAtMs), local: vietnamIso(input.exportedAtMs) },
    reason: input.reason,
    publicKey,
    keyFingerprint: keyFingerprint(publicKey),
  });
}

/** Flush a file, or a folder's entries (a rename), to the disk. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
