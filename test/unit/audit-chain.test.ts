import { describe, expect, it } from 'vitest';
import { type AuditFacts, type ChainedEvent, ChainVerifier, GENESIS_HASH, chain, hashEvent } from '../../src/domain/audit-chain.js';

const facts = (i: number): AuditFacts => ({
  atMs: 1_795_000_000_000 + i * 1000, actor: i % 2 ? 'baove' : 'hieutruong', actorRole: i % 2 ? 'guard' : 'principal',
  action: 'footage.playback', resourceType: 'camera', resourceId: String(i % 3), cameraId: i % 3, reasonCode: 'incident',
  reasonText: `Xem lại sự việc số ${i}`, ip: '10.0.0.5', userAgent: 'Chromium', outcome: 'allowed', detail: { from: i, to: i + 10 },
});

function build(n: number): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  for (let i = 1; i <= n; i += 1) out.push(chain(out.at(-1) ?? null, facts(i)));
  return out;
}

function verify(events: ChainedEvent[]) {
  const v = new ChainVerifier();
  v.feed(events.slice(0, 4));
  v.feed(events.slice(4));
  return v;
}

describe('audit hash chain (R3.1)', () => {
  it('links each event to the one before, from the genesis hash', () => {
    const events = build(3);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    const v = verify(events);
    expect(v.firstProblem).toBeNull();
    expect(v.count).toBe(3);
  });

  it('hashes the same facts the same way whatever the key order', () => {
    const f = facts(1);
    const reordered = Object.fromEntries(Object.entries(f).reverse()) as unknown as AuditFacts;
    expect(hashEvent(GENESIS_HASH, 1, reordered)).toBe(hashEvent(GENESIS_HASH, 1, f));
  });

  it('finds an edited event', () => {
    const events = build(10);
    events[6] = { ...(events[6] as ChainedEvent), reasonText: 'đã sửa' };
    expect(verify(events).firstProblem).toEqual({ seq: 7, problem: 'edited' });
  });

  it('finds a deleted event', () => {
    const events = build(10);
    events.splice(4, 1);
    expect(verify(events).firstProblem).toEqual({ seq: 6, problem: 'missing', expectedSeq: 5 });
  });

  it('finds two events swapped, even with their sequence numbers swapped back', () => {
    const events = build(10);
    const a = events[2] as ChainedEvent;
    const b = events[3] as ChainedEvent;
    events[2] = { ...b, seq: 3 };
    events[3] = { ...a, seq: 4 };
    expect(verify(events).firstProblem).toEqual({ seq: 3, problem: 'edited' });
  });

  it('finds a chain rebuilt from a forged event onwards only where it stops linking', () => {
    const events = build(10);
    const forged = chain({ seq: 4, hash: 'f'.repeat(64) }, facts(99));
    events[4] = forged;
    expect(verify(events).firstProblem).toEqual({ seq: 5, problem: 'relinked' });
  });
});
