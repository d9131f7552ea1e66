import type { EvidenceManifest } from '../../contract/evidence.js';

/**
 * R4.3 "anyone can verify offline": a text inside every package telling a parent, a lawyer or the
 * police how to check it with Vigil or with standard tools alone. Listed in the manifest, so it is
 * signed like the rest.
 */
export const GUIDE_FILE = 'HUONG-DAN-KIEM-TRA.txt';

export function verificationGuide(g: { case: EvidenceManifest['case']; schoolName: string; keyFingerprint: string }): string {
  const caseLine = [`#${g.case.id}`, g.case.number, g.case.title].filter(Boolean).join(' — ');
  return [
    'GÓI CHỨNG CỨ — HƯỚNG DẪN KIỂM TRA / EVIDENCE PACKAGE — HOW TO VERIFY',
    '',
    `Trường / school: ${g.schoolName}`,
    `Vụ việc / case:  ${caseLine}`,
    '',
    'manifest.json liệt kê mọi tệp trong gói với kích thước và mã băm SHA-256; manifest.sig là chữ ký',
    'Ed25519 của đúng các byte của manifest.json; public-key.pem là khóa công khai để kiểm tra chữ ký.',
    'Các đoạn phim là MP4, mở được bằng mọi trình phát video.',
    'manifest.json lists every file with its size and SHA-256; manifest.sig is the Ed25519 signature of',
    'the exact bytes of manifest.json; public-key.pem is the public key that checks it. Clips are MP4.',
    '',
    '1. Bằng Vigil / with Vigil:',
    '     vigil export verify <goi-chung-cu.zip>',
    '',
    '2. Không cần Vigil (OpenSSL 3) / without Vigil (OpenSSL 3), in the unzipped folder:',
    '     base64 -d manifest.sig > manifest.sig.bin',
    '     openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig.bin',
    '   rồi so mã băm từng tệp với "sha256" trong manifest.json / then compare each file with its "sha256":',
    '     sha256sum <tệp / file>                      (Windows: certutil -hashfile <tệp> SHA256)',
    '',
    '3. Vân tay khóa ký (SHA-256 của khóa công khai dạng DER) / signing key fingerprint:',
    `     ${g.keyFingerprint}`,
    '     openssl pkey -pubin -in public-key.pem -outform DER | sha256sum',
    '   Hãy so với vân tay nhà trường công bố: chữ ký chỉ có giá trị khi khóa đúng là của nhà trường.',
    '   Compare it with the fingerprint the school publishes: a signature proves nothing from an unknown key.',
    '',
  ].join('\n');
}
