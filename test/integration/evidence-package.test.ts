import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, SIGNATURE_FILE } from '../../src/contract/evidence.js';
import { type BuildEvidencePackage, buildEvidencePackage, keyFingerprint } from '../../src/server/evidence/package.js';
import { GUIDE_FILE } from '../../src/server/evidence/guide.js';
import { verifyEvidencePackage } from '../../src/server/evidence/verify.js';
import { SigningKey } from '../../src/server/repositories/signing-key.js';
import { probe, run, tempDataDir } from './helpers.js';

let dir: string;
let key: SigningKey;
let pkg: string;
let request: BuildEvidencePackage;
const progress: Array<[number, number]> = [];

const GATE = 'clips/cam1-cong-truong.mp4';
const STAIRS = 'clips/cam2-cau-thang.mp4';
const startMs = Date.parse('2026-11-25T01:15:00Z');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** `vigil export verify …` as a person runs it. */
function vigil(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((res) => {
    execFile(process.execPath, ['bin/vigil.js', 'export', 'verify', ...args], { env: { ...process.env, VIGIL_LOG_LEVEL: 'silent' } },
      (error, stdout) => res({ code: error ? Number(error.code ?? 1) : 0, out: stdout }));
  });
}

/** A copy of the package with `edit` applied to its bytes. */
function tampered(name: string, edit: (zip: Buffer) => void): string {
  const zip = readFileSync(pkg);
  edit(zip);
  const file = join(dir, name);
  writeFileSync(file, zip);
  return file;
}

/** Flip one bit of the byte at `needle`'s position + `at` (entries are stored, so their bytes are in the zip as they are). */
function flipWithin(zip: Buffer, needle: Buffer, at: number): void {
  const offset = zip.indexOf(needle);
  expect(offset).toBeGreaterThan(0);
  zip[offset + at] = (zip[offset + at] ?? 0) ^ 0x01;
}

const clipFlipped = () => {
  const clipBytes = readFileSync(join(dir, 'stairs.mp4'));
  const middle = Math.floor(clipBytes.length / 2);
  return tampered('clip-flipped.zip', (zip) => flipWithin(zip, clipBytes.subarray(middle, middle + 64), 10));
};
const manifestFlipped = () => tampered('manifest-flipped.zip', (zip) => flipWithin(zip, Buffer.from('"schoolName": "Trường'), 16));
const truncated = () => {
  const whole = readFileSync(pkg);
  const file = join(dir, 'truncated.zip');
  writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
  return file;
};

async function clip(file: string, pattern: string): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', `${pattern}=size=640x360:rate=25`, '-t', '3',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', file]);
}

beforeAll(async () => {
  dir = await tempDataDir();
  key = SigningKey.open(join(dir, 'keys'), 'evidence-ed25519');
  await Promise.all([clip(join(dir, 'gate.mp4'), 'testsrc2'), clip(join(dir, 'stairs.mp4'), 'testsrc')]);
  pkg = join(dir, 'exports', 'vu-viec-3.zip');
  mkdirSync(join(dir, 'exports'));
  request = {
    outFile: pkg,
    files: [
      { path: GATE, source: join(dir, 'gate.mp4'), kind: 'clip' },
      { path: STAIRS, source: join(dir, 'stairs.mp4'), kind: 'clip' },
      { path: 'bien-ban-05-BB-THĐKh.pdf', source: Buffer.from('%PDF-1.7\n% Biên bản vụ việc — bản thử\n%%EOF\n'), kind: 'document' },
    ],
    clips: [
      { path: GATE, cameraId: 1, cameraName: 'Cổng trường', startMs, endMs: startMs + 3000, sourceSegments: [{ sha256: 'a'.repeat(64) }] },
      { path: STAIRS, cameraId: 2, cameraName: 'Cầu thang tầng 2', startMs, endMs: startMs + 3000 },
    ],
    case: { id: 3, title: 'Học sinh ngã ở cầu thang tầng 2', number: '05/BB-THĐKh' },
    schoolName: 'Trường THCS Hòa Khánh',
    exportedBy: { username: 'hieutruong', displayName: 'Nguyễn Thị Hạnh' },
    exportedAtMs: Date.parse('2026-11-25T03:00:00Z'),
    reason: { code: 'evidence', text: 'Cung cấp cho phụ huynh theo biên bản 05' },
    signingKey: key,
    onProgress: (done, total) => progress.push([done, total]),
  };
  await buildEvidencePackage(request);
});

describe('evidence package (R4.3)', () => {
  it('holds the clips, the biên bản and a signed manifest with every hash, and verifies intact', async () => {
    expect(readdirSync(join(dir, 'exports'))).toEqual(['vu-viec-3.zip']);
    const r = await verifyEvidencePackage(pkg);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    const m = r.manifest;
    if (!m) throw new Error('no manifest');
    expect(m.files.map((f) => f.path)).toEqual([GATE, STAIRS, 'bien-ban-05-BB-THĐKh.pdf', GUIDE_FILE]);
    expect(m.files[0]?.sha256).toBe(sha256(readFileSync(join(dir, 'gate.mp4'))));
    expect(m.clips[0]).toMatchObject({ cameraName: 'Cổng trường', startUtc: '2026-11-25T01:15:00.000Z', startLocal: '2026-11-25T08:15:00.000+07:00', sha256: m.files[0]?.sha256 });
    expect(m.exportedAt.local).toBe('2026-11-25T10:00:00.000+07:00');
    expect(m.keyFingerprint).toBe(keyFingerprint(key.publicKeyPem()));
    // Not compared with a trusted key: said, but not a failure; with the school's key, trusted.
    expect(r.keyTrusted).toBeNull();
    expect(r.warnings[0]?.problem.en).toContain("a key we don't know");
    const trusted = await verifyEvidencePackage(pkg, { trustedPublicKeyPem: key.publicKeyPem() });
    expect([trusted.ok, trusted.keyTrusted, trusted.warnings]).toEqual([true, true, []]);
    const last = progress.at(-1);
    expect(last?.[0]).toBe(last?.[1]);
    expect(progress.every(([d], i) => i === 0 || d >= (progress[i - 1]?.[0] ?? 0))).toBe(true);
  });

  it('opens in standard tools: unzip tests it, openssl checks the signature and the fingerprint, ffprobe plays the clip', async () => {
    expect((await run('unzip', ['-t', pkg])).stdout).toContain('No errors detected');
    const out = join(dir, 'unzipped');
    await run('unzip', ['-q', '-o', pkg, '-d', out]);
    writeFileSync(join(out, 'sig.bin'), Buffer.from(readFileSync(join(out, SIGNATURE_FILE), 'utf8'), 'base64'));
    const ok = await run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(out, 'public-key.pem'), '-rawin', '-in', join(out, MANIFEST_FILE), '-sigfile', join(out, 'sig.bin')]);
    expect(ok.stdout).toContain('Signature Verified Successfully');
    const der = await run('sh', ['-c', `openssl pkey -pubin -in '${join(out, 'public-key.pem')}' -outform DER | sha256sum`]);
    expect(der.stdout.split(' ')[0]).toBe(keyFingerprint(key.publicKeyPem()));
    expect(readFileSync(join(out, GUIDE_FILE), 'utf8')).toContain(keyFingerprint(key.publicKeyPem()));
    const played = await probe(join(out, GATE));
    expect(played).toMatchObject({ codec: 'h264', frames: 75 });
    expect(played.durationSeconds).toBeCloseTo(3, 1);
  });

  it('names the clip when one byte inside it is flipped', async () => {
    const r = await verifyEvidencePackage(clipFlipped());
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.file)).toEqual([STAIRS]);
    expect(r.problems[0]?.problem.en).toContain('SHA-256 does not match');
  });

  it('names the manifest when one byte of it is flipped', async () => {
    const r = await verifyEvidencePackage(manifestFlipped());
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.file)).toContain(MANIFEST_FILE);
    expect(r.problems.find((p) => p.file === MANIFEST_FILE)?.problem.en).toContain('signature does not match');
  });

  it('refuses a signature made with another key, and a package signed by a key other than the trusted one', async () => {
    const other = generateKeyPairSync('ed25519');
    const manifestBytes = (await run('unzip', ['-p', pkg, MANIFEST_FILE], { encoding: 'buffer' })).stdout;
    const forged = sign(null, manifestBytes, other.privateKey).toString('base64');
    const genuine = key.signBytes(manifestBytes);
    expect(forged.length).toBe(genuine.length);
    const file = tampered('forged-sig.zip', (zip) => zip.write(forged, zip.indexOf(genuine)));
    const r = await verifyEvidencePackage(file);
    expect(r.problems.map((p) => p.file)).toEqual([MANIFEST_FILE]);

    const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const untrusted = await verifyEvidencePackage(pkg, { trustedPublicKeyPem: otherPem });
    expect([untrusted.ok, untrusted.keyTrusted]).toEqual([false, false]);
    expect(untrusted.problems[0]?.problem.en).toContain('other than the trusted one');
  });

  it('flags a file added after signing, and one removed', async () => {
    const added = join(dir, 'added.zip');
    copyFileSync(pkg, added);
    writeFileSync(join(dir, 'ghi-chu.txt'), 'sửa sau khi ký');
    await run('zip', ['-j', '-q', added, join(dir, 'ghi-chu.txt')]);
    const r = await verifyEvidencePackage(added);
    expect(r.problems.map((p) => p.file)).toEqual(['ghi-chu.txt']);
    expect(r.problems[0]?.problem.en).toContain('added after signing');

    const removed = join(dir, 'removed.zip');
    copyFileSync(pkg, removed);
    // Info-ZIP 3.0 matches UTF-8 names only by pattern.
    await run('zip', ['-q', '-d', removed, 'bien-ban-*']);
    expect((await verifyEvidencePackage(removed)).problems.map((p) => p.file)).toEqual(['bien-ban-05-BB-THĐKh.pdf']);
  });

  it('says a truncated zip is not a readable package', async () => {
    const r = await verifyEvidencePackage(truncated());
    expect([r.ok, r.readable]).toEqual([false, false]);
    expect(r.problems[0]?.problem.en).toContain('Not a readable zip');
  });

  it('leaves nothing under the final name when an export fails, and writes ZIP64 that readers open', async () => {
    const failed = join(dir, 'exports', 'failed.zip');
    const broken = { ...request, outFile: failed, onProgress: undefined, files: [...request.files, { path: 'notes/bad', source: join(dir, 'exports'), kind: 'attachment' as const }] };
    await expect(buildEvidencePackage(broken)).rejects.toThrow();
    expect([existsSync(failed), existsSync(`${failed}.part`)]).toEqual([false, false]);

    const zip64 = join(dir, 'zip64.zip');
    await buildEvidencePackage({ ...request, outFile: zip64, onProgress: undefined, forceZip64: true });
    expect((await verifyEvidencePackage(zip64)).ok).toBe(true);
    expect((await run('unzip', ['-t', zip64])).stdout).toContain('No errors detected');
  });

  it('`vigil export verify` exits 0 when intact, 1 naming the altered file, 2 for an unreadable file', async () => {
    // Side by side: each start of the command compiles the sources.
    const [intact, altered, json, unreadable] = await Promise.all([
      vigil([pkg]), vigil([clipFlipped()]), vigil(['--json', manifestFlipped()]), vigil([truncated()]),
    ]);
    expect(intact.code).toBe(0);
    expect(intact.out).toContain('KẾT QUẢ: NGUYÊN VẸN');
    expect(intact.out).toContain('Cổng trường');
    expect(altered.code).toBe(1);
    expect(altered.out).toMatch(new RegExp(`ĐÃ BỊ THAY ĐỔI.*${STAIRS}`));
    expect(json.code).toBe(1);
    expect((JSON.parse(json.out) as { failingFiles: string[] }).failingFiles).toContain(MANIFEST_FILE);
    expect(unreadable.code).toBe(2);
    expect(unreadable.out).toContain('KHÔNG ĐỌC ĐƯỢC');
  });
});
