import { z } from 'zod';
import { REASONS } from '../domain/reasons.js';

/**
 * R4.3: `manifest.json` of an evidence package — what is in the zip, with each file's SHA-256,
 * the clips' cameras and times (UTC and Vietnam's local time), the case, who exported it, when
 * and why, and the key that signed it. `manifest.sig` is the Ed25519 signature of its exact bytes.
 */
export const EVIDENCE_FORMAT = 'vigil-evidence/1';

/** Files every package has beside the listed ones; the signature covers them through the manifest. */
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'public-key.pem';
export const PACKAGE_FILES: readonly string[] = [MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE];

export const EVIDENCE_FILE_KINDS = ['clip', 'document', 'attachment'] as const;
export type EvidenceFileKind = (typeof EVIDENCE_FILE_KINDS)[number];

/** Vietnam has kept UTC+7 all year since 1975: local times are written with a fixed offset. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** `2026-11-25T08:00:00.000+07:00` for an instant — Asia/Ho_Chi_Minh, as the school reads it. */
export function vietnamIso(ms: number): string {
  return `${new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, -1)}+07:00`;
}

/** A relative path inside the zip: no absolute path, no `..`, no backslash, no control character. */
export const ZipPath = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (p) => !p.startsWith('/') && !p.includes('\\') && !/[\u0000-\u001f\u007f]/.test(p) && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'),
    { message: 'evidence.path' },
  )
  .refine((p) => !PACKAGE_FILES.includes(p), { message: 'evidence.reservedPath' });

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const UtcIso = z.iso.datetime({ precision: 3 });
const LocalIso = z.iso.datetime({ offset: true, precision: 3 }).refine((s) => s.endsWith('+07:00'), { message: 'evidence.localTime' });
const Text = (max: number) => z.string().trim().min(1).max(max);

/** A UTC instant beside the same instant in local time: the two must agree. */
const sameInstant = (utc: string, local: string) => Date.parse(utc) === Date.parse(local);

export const EvidenceFile = z.strictObject({
  path: ZipPath,
  kind: z.enum(EVIDENCE_FILE_KINDS),
  bytes: z.number().int().min(0),
  sha256: Sha256,
});
export type EvidenceFile = z.infer<typeof EvidenceFile>;

export const EvidenceClip = z
  .strictObject({
    path: ZipPath,
    cameraId: z.number().int().positive(),
    cameraName: Text(200),
    startUtc: UtcIso,
    endUtc: UtcIso,
    startLocal: LocalIso,
    endLocal: LocalIso,
    sha256: Sha256,
    /** The recorded segments the clip was cut from, so a clip can be traced back to the recording. */
    sourceSegments: z.array(z.strictObject({ sha256: Sha256 })).optional(),
  })
  .refine((c) => Date.parse(c.endUtc) > Date.parse(c.startUtc), { message: 'range.order', path: ['endUtc'] })
  .refine((c) => sameInstant(c.startUtc, c.startLocal) && sameInstant(c.endUtc, c.endLocal), { message: 'evidence.localTime', path: ['startLocal'] });
export type EvidenceClip = z.infer<typeof EvidenceClip>;

export const EvidenceManifest = z
  .strictObject({
    format: z.literal(EVIDENCE_FORMAT),
    case: z.strictObject({
      id: z.number().int().positive(),
      title: Text(500),
      /** The biên bản's yearly number, e.g. "05/BB-THĐKh". */
      number: Text(60).optional(),
    }),
    schoolName: Text(300),
    files: z.array(EvidenceFile).min(1),
    clips: z.array(EvidenceClip),
    exportedBy: z.strictObject({ username: Text(100), displayName: Text(200) }),
    exportedAt: z.strictObject({ utc: UtcIso, local: LocalIso }).refine((t) => sameInstant(t.utc, t.local), { message: 'evidence.localTime' }),
    reason: z.strictObject({ code: z.enum(REASONS), text: Text(2000) }),
    /** SPKI PEM of the Ed25519 key that signed the manifest. */
    publicKey: z.string().startsWith('-----BEGIN PUBLIC KEY-----'),
    /** SHA-256 (hex) of the public key's DER, to compare with the fingerprint the school publishes. */
    keyFingerprint: Sha256,
  })
  .superRefine((m, ctx) => {
    const byPath = new Map<string, EvidenceFile>();
    for (const [i, f] of m.files.entries()) {
      if (byPath.has(f.path)) ctx.addIssue({ code: 'custom', message: 'evidence.duplicatePath', path: ['files', i, 'path'] });
      byPath.set(f.path, f);
    }
    for (const [i, c] of m.clips.entries()) {
      const f = byPath.get(c.path);
      if (f?.kind !== 'clip' || f.sha256 !== c.sha256) ctx.addIssue({ code: 'custom', message: 'evidence.clipNotListed', path: ['clips', i, 'path'] });
    }
  });
export type EvidenceManifest = z.infer<typeof EvidenceManifest>;

/** A problem found in a package, named by the file it concerns, in both languages. */
export interface EvidenceProblem {
  file: string;
  problem: { vi: string; en: string };
}
