import { EvidenceManifest } from '../contract.js';

export interface PackageSummary {
  caseTitle: string;
  number: string | null;
  schoolName: string;
  exportedBy: string;
  exportedAtMs: number;
  reasonCode: string;
  reasonText: string;
  files: Array<{ path: string; bytes: number; sha256: string }>;
  keyFingerprint: string;
}

/** What an intact package says about itself, for a person to read beside the verdict; null when it is not a manifest. */
export function packageSummary(manifest: unknown): PackageSummary | null {
  const m = EvidenceManifest.safeParse(manifest);
  if (!m.success) return null;
  const d = m.data;
  return {
    caseTitle: d.case.title,
    number: d.case.number ?? null,
    schoolName: d.schoolName,
    exportedBy: d.exportedBy.displayName,
    exportedAtMs: Date.parse(d.exportedAt.utc),
    reasonCode: d.reason.code,
    reasonText: d.reason.text,
    files: d.files.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 })),
    keyFingerprint: d.keyFingerprint,
  };
}
