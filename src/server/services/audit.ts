import { type AuditFacts, type ChainProblem, ChainVerifier, type ChainedEvent, checkpointMessage } from '../../domain/audit-chain.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { SigningKey } from '../repositories/signing-key.js';

export interface AuditVerifyReport {
  ok: boolean;
  events: number;
  head: { seq: number; hash: string } | null;
  firstProblem: ChainProblem | null;
  checkpoints: {
    count: number;
    /** Checkpoints whose signature does not verify (forged or altered). */
    badSignature: number[];
    /** Checkpoints the chain no longer agrees with: events at or before them were changed or cut. */
    mismatched: number[];
    /** The log ends before a signed checkpoint: its tail was cut off. */
    cutAfterSeq: number | null;
  };
}

/** The tamper-evident audit log: append, checkpoint (Ed25519), verify. */
export class AuditLog {
  constructor(
    private readonly repo: AuditRepository,
    private readonly key: SigningKey,
    private readonly now: () => number,
    private readonly checkpointEvery = 1000,
  ) {}

  async record(facts: Omit<AuditFacts, 'atMs'> & { atMs?: number }): Promise<ChainedEvent> {
    const event = await this.repo.record({ ...facts, atMs: facts.atMs ?? this.now() });
    if (event.seq - (await this.repo.lastCheckpointSeq()) >= this.checkpointEvery) await this.checkpoint();
    return event;
  }

  /** Sign the current head; called every `checkpointEvery` events, periodically and at shutdown. */
  async checkpoint(): Promise<number | null> {
    const head = await this.repo.head();
    if (!head || head.seq <= (await this.repo.lastCheckpointSeq())) return null;
    const c = { seq: head.seq, hash: head.hash, atMs: this.now() };
    await this.repo.addCheckpoint(c, this.key.sign(checkpointMessage(c)));
    return c.seq;
  }

  /** Walks the whole chain (in batches, giving the event loop a turn between them), then checks the signed checkpoints against it. */
  async verify(batchSize = 5_000): Promise<AuditVerifyReport> {
    const verifier = new ChainVerifier();
    await this.repo.walk((seq, prevHash, hash, intact) => verifier.link(seq, prevHash, hash, intact), 0, batchSize);
    const head = verifier.firstProblem ? await this.repo.head() : verifier.head;
    const cps = await this.repo.checkpoints();
    const badSignature = cps.filter((c) => !this.key.verify(checkpointMessage(c), c.signature)).map((c) => c.seq);
    const mismatched: number[] = [];
    for (const c of cps) {
      if (c.seq > (head?.seq ?? 0)) continue;
      if ((await this.repo.hashAt(c.seq)) !== c.hash) mismatched.push(c.seq);
    }
    const lastSigned = cps.filter((c) => !badSignature.includes(c.seq)).at(-1);
    const cutAfterSeq = lastSigned && lastSigned.seq > (head?.seq ?? 0) ? (head?.seq ?? 0) : null;
    return {
      ok: !verifier.firstProblem && badSignature.length === 0 && mismatched.length === 0 && cutAfterSeq === null,
      events: verifier.count,
      head,
      firstProblem: verifier.firstProblem,
      checkpoints: { count: cps.length, badSignature, mismatched, cutAfterSeq },
    };
  }
}

/** The verify result in words, Vietnamese first. */
export function describeVerify(r: AuditVerifyReport): string[] {
  if (r.ok) {
    return [
      `Nhật ký kiểm toán toàn vẹn: ${r.events} sự kiện, ${r.checkpoints.count} điểm ký xác nhận.`,
      `Audit log intact: ${r.events} events, ${r.checkpoints.count} signed checkpoints.`,
    ];
  }
  const lines: string[] = [];
  const p = r.firstProblem;
  if (p?.problem === 'edited') lines.push(`Sự kiện #${p.seq} đã bị sửa (hoặc bị đổi chỗ). / Event #${p.seq} was edited (or moved).`);
  if (p?.problem === 'missing') lines.push(`Thiếu sự kiện #${p.expectedSeq} (bị xóa); sự kiện tiếp theo là #${p.seq}. / Event #${p.expectedSeq} is missing (deleted); the next is #${p.seq}.`);
  if (p?.problem === 'relinked') lines.push(`Sự kiện #${p.seq} không nối đúng vào sự kiện trước (chuỗi bị chèn hoặc sắp xếp lại). / Event #${p.seq} does not link to the one before (inserted or reordered).`);
  for (const seq of r.checkpoints.badSignature) lines.push(`Chữ ký của điểm xác nhận #${seq} không hợp lệ. / The signature of checkpoint #${seq} is invalid.`);
  for (const seq of r.checkpoints.mismatched) lines.push(`Chuỗi không còn khớp với điểm xác nhận #${seq}. / The chain no longer matches checkpoint #${seq}.`);
  if (r.checkpoints.cutAfterSeq !== null) lines.push(`Phần cuối nhật ký đã bị cắt sau sự kiện #${r.checkpoints.cutAfterSeq}. / The log's tail was cut off after event #${r.checkpoints.cutAfterSeq}.`);
  return lines;
}
