import { readFile } from 'node:fs/promises';
import type { EvidenceManifest, EvidenceProblem } from '../../contract/evidence.js';
import { REASON_LABELS } from '../../domain/reasons.js';
import { type EvidenceVerification, verifyEvidencePackage } from './verify.js';

/** `vigil export verify <file>`: exit 0 intact, 1 altered (naming the files), 2 not a readable package. */
export type VerifyExitCode = 0 | 1 | 2;

export async function exportVerifyCommand(file: string, o: { json?: boolean; trustedKey?: string }): Promise<{ exitCode: VerifyExitCode; output: string }> {
  let trustedPublicKeyPem: string | undefined;
  if (o.trustedKey !== undefined) {
    try {
      trustedPublicKeyPem = await readFile(o.trustedKey, 'utf8');
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { exitCode: 2, output: `Không đọc được khóa tin cậy / cannot read the trusted key ${o.trustedKey}: ${why}\n` };
    }
  }
  const result = await verifyEvidencePackage(file, trustedPublicKeyPem === undefined ? {} : { trustedPublicKeyPem });
  const exitCode: VerifyExitCode = !result.readable ? 2 : result.ok ? 0 : 1;
  if (o.json) {
    const { manifest, ...rest } = result;
    return { exitCode, output: `${JSON.stringify({ file, exitCode, ...rest, failingFiles: failingFiles(result.problems), manifest }, null, 2)}\n` };
  }
  return { exitCode, output: `${describeEvidenceVerification(file, result).join('\n')}\n` };
}

function failingFiles(problems: EvidenceProblem[]): string[] {
  return [...new Set(problems.map((p) => p.file))];
}

/** `2026-11-25T08:00:00.000+07:00` → `25/11/2026 08:00:00`, as the school writes dates. */
function localText(iso: string): string {
  const [, y, mo, d, time] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso) ?? [];
  return `${d}/${mo}/${y} ${time}`;
}

function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The human report, Vietnamese first, each line with its English. */
export function describeEvidenceVerification(file: string, r: EvidenceVerification): string[] {
  const lines = [`Kiểm tra gói chứng cứ / verifying evidence package: ${file}`];
  if (r.manifest) lines.push(...describeManifest(r.manifest));
  if (r.keyFingerprint) {
    const trust = r.keyTrusted === null ? 'chưa đối chiếu khóa tin cậy / not compared with a trusted key'
      : r.keyTrusted ? 'đúng khóa tin cậy / the trusted key' : 'KHÁC khóa tin cậy / NOT the trusted key';
    lines.push(`Khóa ký / signing key: ${r.keyFingerprint} (${trust})`);
  }
  const byFile = new Map<string, EvidenceProblem[]>();
  for (const p of r.problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const say = (mark: string, p: EvidenceProblem) => `  ${mark} ${p.file}: ${p.problem.vi} / ${p.problem.en}`;
  if (r.manifest) {
    lines.push('Tệp / files:');
    for (const f of r.manifest.files) {
      const problems = byFile.get(f.path);
      if (problems) lines.push(...problems.map((p) => say('✗', p)));
      else lines.push(`  ✓ ${f.path}  ${size(f.bytes)}  SHA-256 ${f.sha256}`);
      byFile.delete(f.path);
    }
  }
  const others = [...byFile.values()].flat();
  if (others.length) lines.push('Vấn đề / problems:', ...others.map((p) => say('✗', p)));
  if (r.warnings.length) lines.push('Lưu ý / note:', ...r.warnings.map((p) => say('!', p)));
  lines.push('', verdict(r));
  return lines;
}

function describeManifest(m: EvidenceManifest): string[] {
  const caseLine = [`#${m.case.id}`, m.case.number, m.case.title].filter(Boolean).join(' — ');
  const lines = [
    `Trường / school: ${m.schoolName}`,
    `Vụ việc / case: ${caseLine}`,
    `Xuất bởi / exported by: ${m.exportedBy.displayName} (${m.exportedBy.username}), ${localText(m.exportedAt.local)} giờ Việt Nam / Vietnam time (UTC ${m.exportedAt.utc})`,
    `Lý do / reason: ${REASON_LABELS[m.reason.code].vi} / ${REASON_LABELS[m.reason.code].en} — ${m.reason.text}`,
  ];
  for (const c of m.clips) {
    lines.push(`Đoạn phim / clip: ${c.path} — camera ${c.cameraId} "${c.cameraName}", ${localText(c.startLocal)} → ${localText(c.endLocal)} (UTC ${c.startUtc} → ${c.endUtc})`);
  }
  return lines;
}

function verdict(r: EvidenceVerification): string {
  if (!r.readable) return 'KẾT QUẢ: KHÔNG ĐỌC ĐƯỢC GÓI CHỨNG CỨ / RESULT: NOT A READABLE EVIDENCE PACKAGE';
  if (r.ok) return 'KẾT QUẢ: NGUYÊN VẸN — chữ ký hợp lệ, mọi tệp đúng như lúc ký / RESULT: INTACT — signature valid, every file as signed';
  const files = failingFiles(r.problems).join(', ');
  return `KẾT QUẢ: ĐÃ BỊ THAY ĐỔI / RESULT: ALTERED — ${files}`;
}
