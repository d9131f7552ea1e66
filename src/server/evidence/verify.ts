import { type KeyObject, createHash, createPublicKey, verify } from 'node:crypto';
import { basename } from 'node:path';
import yauzl from 'yauzl';
import {
  EvidenceManifest, type EvidenceProblem, MANIFEST_FILE, PACKAGE_FILES, PUBLIC_KEY_FILE, SIGNATURE_FILE,
} from '../../contract/evidence.js';
import { keyFingerprint } from './package.js';

/** R4.3: anyone can check an evidence package offline — nothing altered, added or removed since it was signed. */

export interface EvidenceVerification {
  /** Intact: signature good, every listed file present and unchanged, nothing added. */
  ok: boolean;
  /** False when the file is not a zip or holds no manifest: there was nothing to check against. */
  readable: boolean;
  problems: EvidenceProblem[];
  /** Not failures: e.g. the key was not compared with one the reader trusts. */
  warnings: EvidenceProblem[];
  manifest?: EvidenceManifest;
  /** SHA-256 of the signing key's DER, for a person to compare with the school's published one. */
  keyFingerprint?: string;
  /** Whether the signing key equals the trusted key given; null when none was given. */
  keyTrusted: boolean | null;
}

interface EntryRead {
  count: number;
  bytes: number;
  sha256?: string;
  /** Kept in memory only for the manifest, its signature and the key. */
  data?: Buffer;
  error?: string;
}

const SMALL_FILE_LIMIT = 32 << 20;

export async function verifyEvidencePackage(zipFile: string, options: { trustedPublicKeyPem?: string } = {}): Promise<EvidenceVerification> {
  const result: EvidenceVerification = { ok: false, readable: true, problems: [], warnings: [], keyTrusted: null };
  const problem = (file: string, vi: string, en: string) => result.problems.push({ file, problem: { vi, en } });
  let entries: Map<string, EntryRead>;
  try {
    entries = await readEntries(zipFile);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    problem(basename(zipFile), `Không đọc được tệp zip (hỏng, bị cắt cụt hoặc không phải gói chứng cứ): ${why}`, `Not a readable zip (damaged, truncated or not an evidence package): ${why}`);
    return { ...result, readable: false };
  }
  const manifestBytes = entries.get(MANIFEST_FILE)?.data;
  if (!manifestBytes) {
    problem(MANIFEST_FILE, 'Không có bản kê manifest.json: đây không phải gói chứng cứ của Vigil', 'No manifest.json: this is not a Vigil evidence package');
    return { ...result, readable: false };
  }
  for (const [name, e] of entries) {
    if (e.count > 1) problem(name, `Tệp xuất hiện ${e.count} lần trong gói`, `Appears ${e.count} times in the package`);
    if (e.error) problem(name, `Không đọc được tệp trong gói: ${e.error}`, `Cannot read this entry: ${e.error}`);
  }

  const manifest = parseManifest(manifestBytes, problem);
  const key = checkSignature(manifestBytes, entries, manifest, options.trustedPublicKeyPem, result, problem);
  if (key) result.keyFingerprint = key.fingerprint;
  if (manifest) {
    result.manifest = manifest;
    checkFiles(manifest, entries, problem);
  }
  result.ok = result.problems.length === 0;
  return result;
}

type Report = (file: string, vi: string, en: string) => void;

function parseManifest(bytes: Buffer, problem: Report): EvidenceManifest | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    problem(MANIFEST_FILE, 'Bản kê không còn là JSON hợp lệ: đã bị sửa hoặc hỏng', 'The manifest is no longer valid JSON: altered or damaged');
    return undefined;
  }
  const parsed = EvidenceManifest.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(gốc/root)'}: ${i.message}`).join('; ');
  problem(MANIFEST_FILE, `Bản kê không đúng định dạng vigil-evidence/1: ${issues}`, `The manifest does not match vigil-evidence/1: ${issues}`);
  return undefined;
}

function checkSignature(
  manifestBytes: Buffer, entries: Map<string, EntryRead>, manifest: EvidenceManifest | undefined,
  trustedPem: string | undefined, result: EvidenceVerification, problem: Report,
): { fingerprint: string } | undefined {
  const pem = entries.get(PUBLIC_KEY_FILE)?.data?.toString('utf8');
  const signature = entries.get(SIGNATURE_FILE)?.data?.toString('utf8').trim();
  if (!signature) problem(SIGNATURE_FILE, 'Thiếu chữ ký manifest.sig', 'The signature manifest.sig is missing');
  if (!pem) {
    problem(PUBLIC_KEY_FILE, 'Thiếu khóa công khai public-key.pem', 'The public key public-key.pem is missing');
    return undefined;
  }
  const key = ed25519Key(pem);
  if (!key) {
    problem(PUBLIC_KEY_FILE, 'public-key.pem không phải khóa công khai Ed25519', 'public-key.pem is not an Ed25519 public key');
    return undefined;
  }
  const fingerprint = keyFingerprint(pem);
  if (signature && !verifySignature(manifestBytes, signature, key)) {
    problem(MANIFEST_FILE, 'Chữ ký không khớp: manifest.json (hoặc manifest.sig) đã bị sửa sau khi ký', 'The signature does not match: manifest.json (or manifest.sig) was altered after signing');
  }
  if (manifest && (manifest.keyFingerprint !== fingerprint || fingerprintOf(manifest.publicKey) !== fingerprint)) {
    problem(PUBLIC_KEY_FILE, 'Khóa công khai kèm theo không phải khóa ghi trong bản kê', 'The public key beside the manifest is not the one the manifest names');
  }
  if (trustedPem === undefined) {
    result.warnings.push({
      file: PUBLIC_KEY_FILE,
      problem: {
        vi: `Gói được ký bằng một khóa chưa được đối chiếu: hãy so vân tay ${fingerprint} với vân tay khóa nhà trường công bố`,
        en: `Signed by a key we don't know: compare its fingerprint ${fingerprint} with the one the school publishes`,
      },
    });
    return { fingerprint };
  }
  result.keyTrusted = fingerprintOf(trustedPem) === fingerprint;
  if (!result.keyTrusted) {
    problem(PUBLIC_KEY_FILE, `Gói được ký bằng một khóa khác khóa tin cậy (vân tay ${fingerprint})`, `Signed by a key other than the trusted one (fingerprint ${fingerprint})`);
  }
  return { fingerprint };
}

function ed25519Key(pem: string): KeyObject | undefined {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

function fingerprintOf(pem: string): string | undefined {
  return ed25519Key(pem) ? keyFingerprint(pem) : undefined;
}

function verifySignature(data: Buffer, base64: string, key: KeyObject): boolean {
  try {
    return verify(null, data, key, Buffer.from(base64, 'base64'));
  } catch {
    return false;
  }
}

function checkFiles(manifest: EvidenceManifest, entries: Map<string, EntryRead>, problem: Report): void {
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const e = entries.get(f.path);
    if (!e) {
      problem(f.path, 'Tệp có trong bản kê nhưng không có trong gói (đã bị xóa)', 'Listed in the manifest but missing from the package (removed)');
    } else if (e.error) {
      continue;
    } else if (e.bytes !== f.bytes) {
      problem(f.path, `Kích thước ${e.bytes} byte, bản kê ghi ${f.bytes} byte: tệp đã bị thay đổi`, `${e.bytes} bytes where the manifest says ${f.bytes}: the file was altered`);
    } else if (e.sha256 !== f.sha256) {
      problem(f.path, 'Mã băm SHA-256 không khớp bản kê: nội dung tệp đã bị thay đổi', 'SHA-256 does not match the manifest: the content was altered');
    }
  }
  for (const name of entries.keys()) {
    if (!listed.has(name) && !PACKAGE_FILES.includes(name)) {
      problem(name, 'Tệp không có trong bản kê: được thêm vào sau khi ký', 'Not in the manifest: added after signing');
    }
  }
}

/** Every entry once, hashed as it streams (clips never sit in memory). */
async function readEntries(zipFile: string): Promise<Map<string, EntryRead>> {
  const zip = await yauzl.openPromise(zipFile, { lazyEntries: true, autoClose: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false });
  const entries = new Map<string, EntryRead>();
  for await (const entry of zip.eachEntry()) {
    const name = entry.fileName;
    const seen = entries.get(name);
    if (seen) {
      seen.count += 1;
      continue;
    }
    const read: EntryRead = { count: 1, bytes: 0 };
    entries.set(name, read);
    const keep = PACKAGE_FILES.includes(name);
    if (keep && entry.uncompressedSize > SMALL_FILE_LIMIT) {
      read.error = 'quá lớn / too large';
      continue;
    }
    try {
      const hash = createHash('sha256');
      const kept: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) {
        const buf = chunk as Buffer;
        hash.update(buf);
        read.bytes += buf.length;
        if (keep) kept.push(buf);
      }
      read.sha256 = hash.digest('hex');
      if (keep) read.data = Buffer.concat(kept);
    } catch (err) {
      read.error = err instanceof Error ? err.message : String(err);
    }
  }
  return entries;
}
