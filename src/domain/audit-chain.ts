/**
 * The tamper-evident audit log's chain rule (R3.1, "From Vietnamese law"): every event's hash is
 * sha256(previous hash ‖ canonical JSON of the event), and sequence numbers have no holes.
 * Editing, deleting or reordering any event breaks the chain at that point. Pure: hashing is a
 * computation, not I/O.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

/** What is recorded: who, as which role, did what to what, why, from where, when, and how it ended. */
export interface AuditFacts {
  atMs: number;
  actor: string;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  cameraId: number | null;
  reasonCode: string | null;
  reasonText: string | null;
  ip: string | null;
  userAgent: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown>;
}

export interface ChainedEvent extends AuditFacts {
  seq: number;
  prevHash: string;
  hash: string;
}

export function hashEvent(prevHash: string, seq: number, facts: AuditFacts): string {
  const canonical = canonicalize({ seq, ...facts });
  if (canonical === undefined) throw new Error('audit event cannot be serialised');
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** The next link of the chain after `last` (null: the first event). */
export function chain(last: { seq: number; hash: string } | null, facts: AuditFacts): ChainedEvent {
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  return { ...facts, seq, prevHash, hash: hashEvent(prevHash, seq, facts) };
}

export type ChainProblem =
  | { seq: number; problem: 'edited' }
  | { seq: number; problem: 'missing'; expectedSeq: number }
  | { seq: number; problem: 'relinked' };

/**
 * Walks the chain in sequence order, batch by batch (a million events need not fit in memory),
 * and remembers the first broken link.
 */
export class ChainVerifier {
  private last: { seq: number; hash: string } | null = null;
  count = 0;
  firstProblem: ChainProblem | null = null;

  feed(events: readonly ChainedEvent[]): void {
    for (const e of events) {
      if (this.firstProblem) return;
      const expectedSeq = (this.last?.seq ?? 0) + 1;
      const expectedPrev = this.last?.hash ?? GENESIS_HASH;
      if (e.seq !== expectedSeq) this.firstProblem = { seq: e.seq, problem: 'missing', expectedSeq };
      else if (hashEvent(e.prevHash, e.seq, factsOf(e)) !== e.hash) this.firstProblem = { seq: e.seq, problem: 'edited' };
      else if (e.prevHash !== expectedPrev) this.firstProblem = { seq: e.seq, problem: 'relinked' };
      this.last = { seq: e.seq, hash: e.hash };
      this.count += 1;
    }
  }

  get head(): { seq: number; hash: string } | null {
    return this.last;
  }
}

export function factsOf(e: ChainedEvent): AuditFacts {
  const { seq: _seq, prevHash: _prev, hash: _hash, ...facts } = e;
  return facts;
}

/** A signed statement "the chain had `hash` at `seq`": catches a cut-off tail. */
export interface Checkpoint {
  seq: number;
  hash: string;
  atMs: number;
}

export function checkpointMessage(c: Checkpoint): string {
  return `vigil-audit-checkpoint\n${c.seq}\n${c.hash}\n${c.atMs}`;
}
