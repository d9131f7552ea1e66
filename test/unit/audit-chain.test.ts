import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  type AuditFacts, type ChainedEvent, ChainVerifier, GENESIS_HASH, MEMBERS_AFTER_DETAIL, MEMBERS_BEFORE_DETAIL, canonicalEvent,
  canonicalEventReference, canonicalJson, canonicalStoredEvent, chain, hashEvent, hashEventReference, quickStoredIntact,
} from '../../src/domain/audit-chain.js';

/** Counts calls of the reference serialiser, to show the fast writer does the work itself on ordinary events. */
const referenceCalls = vi.hoisted(() => ({ n: 0 }));
vi.mock('canonicalize', async (importOriginal) => {
  const original = await importOriginal<{ default: (value: unknown) => string | undefined }>();
  return { default: (value: unknown) => { referenceCalls.n += 1; return original.default(value); } };
});

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

// ---- The fast canonical writer against the reference (`canonicalize`) ----

/** Characters that stress RFC 8785: Vietnamese, emoji (surrogate pairs), controls, quotes, line separators. */
const TRICKY = [
  'Hiệu trưởng', 'Bảo vệ cổng trường', 'Xem lại sự việc', 'đ', 'Đ', 'ữ', 'ỹ', 'ờ', 'ạ', 'ố', '😀', '👩‍👧', '🇻🇳', '\u{1F600}', '\u{10FFFF}',
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\v', '\f', '\r', '\u001f', '\u007f', '\u0080', '\u00ad', '\u2028', '\u2029', '\uFEFF', '\uFFFD',
  '"', '\\', '/', '\\"', '\\u0041', '</script>', ' ', '', 'a', 'Z', '0', '~', 'é', 'e\u0301',
];
const trickyString = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...TRICKY), { maxLength: 8 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
/** Lone surrogates: the reference refuses them, and so must the fast writer. */
const loneSurrogate = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD83D', '\uDE00b', '\uD83D\uD83D');
const SPECIAL_NUMBERS = [
  0, -0, 1, -1, 0.1, 0.5, 1 / 3, 1e21, 1e-7, 1e-6, 123e-20, 1e20, 9.999999999999999e20, -1e21, 2 ** 53, -(2 ** 53), 2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, Number.EPSILON,
  1_795_000_000_000, 4.35, 0.000001, 1e300, 333333333.33333329,
];
const finiteNumber = fc.oneof(
  fc.constantFrom(...SPECIAL_NUMBERS), fc.integer(), fc.maxSafeInteger(), fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const jsonKey = fc.oneof(trickyString, fc.constantFrom('10', '9', '1', '01', '-1', '1.5', 'a', 'B', 'aa', 'é', 'Ž', '😀', '\uFFFD', 'toJSON', 'from', 'to'));
const { detailValue } = fc.letrec<{ detailValue: unknown }>((tie) => ({
  detailValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString, finiteNumber, fc.boolean(), fc.constant(null),
    fc.array(tie('detailValue'), { maxLength: 5 }),
    fc.dictionary(jsonKey, tie('detailValue'), { maxKeys: 6 }),
  ),
}));
const detailObject = fc.dictionary(jsonKey, detailValue, { maxKeys: 8 });
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const anyFacts: fc.Arbitrary<AuditFacts> = fc.record({
  atMs: fc.oneof(fc.constant(1_795_000_000_000), finiteNumber),
  actor: trickyString, actorRole: nullable(trickyString), action: trickyString, resourceType: trickyString,
  resourceId: nullable(trickyString), cameraId: nullable(finiteNumber), reasonCode: nullable(trickyString),
  reasonText: nullable(trickyString), ip: nullable(trickyString), userAgent: nullable(trickyString),
  outcome: fc.constantFrom('allowed', 'denied', 'failed'), detail: detailObject,
});
const anySeq = fc.oneof(fc.integer({ min: 1, max: 2_000_000 }), fc.constantFrom(1, 2 ** 53 - 1, 1e21, -0));

/** Either the string, or the error, so that failures are compared too. */
function outcomeOf(fn: () => string): { ok: string } | { error: string } {
  try {
    return { ok: fn() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

describe('canonical JSON: the fast writer is byte-identical to canonicalize', () => {
  it('on generated events: Vietnamese, emoji, control characters, extreme numbers, nested detail', () => {
    fc.assert(fc.property(anySeq, anyFacts, (seq, f) => {
      const calls = referenceCalls.n;
      const fast = canonicalEvent(seq, f);
      expect(referenceCalls.n).toBe(calls); // written without the reference
      expect(fast).toBe(canonicalize({ seq, ...f }));
      expect(hashEvent(GENESIS_HASH, seq, f)).toBe(hashEventReference(GENESIS_HASH, seq, f));
    }), { numRuns: 3000 });
  });

  it('on any detail value alone', () => {
    fc.assert(fc.property(detailValue, (v) => {
      expect(outcomeOf(() => canonicalJson(v))).toEqual(outcomeOf(() => canonicalize(v) ?? 'undefined'));
    }), { numRuns: 3000 });
  });

  it('on stored events read back (columns as they come, detail parsed from its JSON text)', () => {
    fc.assert(fc.property(anySeq, anyFacts, (seq, f) => {
      const detail: unknown = JSON.parse(JSON.stringify(f.detail));
      expect(canonicalStoredEvent(seq, f.atMs, f.actor, f.actorRole, f.action, f.resourceType, f.resourceId, f.cameraId, f.reasonCode,
        f.reasonText, f.ip, f.userAgent, f.outcome, detail)).toBe(canonicalEventReference(seq, f));
    }), { numRuns: 1000 });
  });

  it('fails where the reference fails, and the same way: NaN, Infinity, lone surrogates', () => {
    const bad = fc.oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY).map((n) => ({ atMs: n })),
      loneSurrogate.map((s) => ({ actor: s })),
      loneSurrogate.map((s) => ({ detail: { note: s } })),
      loneSurrogate.map((s) => ({ detail: { [s]: 1 } })),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY).map((n) => ({ detail: { deep: [1, { n }] } })),
    );
    fc.assert(fc.property(anySeq, anyFacts, bad, (seq, f, patch) => {
      const broken = { ...f, ...patch };
      const fast = outcomeOf(() => canonicalEvent(seq, broken));
      expect(fast).toEqual(outcomeOf(() => canonicalEventReference(seq, broken)));
      expect('error' in fast).toBe(true);
    }), { numRuns: 500 });
  });

  it('hands unusual shapes to the reference: missing, extra and undefined keys, toJSON, holes, functions, deep nesting', () => {
    const base = facts(3);
    let deep: unknown = { leaf: 'lá' };
    for (let i = 0; i < 200; i += 1) deep = { d: deep, i };
    // biome-ignore lint/suspicious/noSparseArray: a hole on purpose
    const holes = [1, , 3];
    const { reasonText: _dropped, ...missing } = base;
    /** Shapes the fast writer must hand to the reference. */
    const handedOver: Array<Record<string, unknown>> = [
      { ...base, extra: 'thêm' }, { ...base, seq: 99 }, { ...base, actorRole: undefined }, missing, { ...base, detail: { at: new Date(0) } },
      { ...base, detail: { list: holes } }, { ...base, detail: { f: () => 1 } }, { ...base, detail: deep }, { ...base, cameraId: 10n },
    ];
    /** Shapes it writes itself, as the reference does. */
    const writtenAlike: Array<Record<string, unknown>> = [
      { ...base, detail: { list: [undefined, Symbol('s')] } }, { ...base, detail: { u: undefined, s: Symbol('s'), k: 1 } },
      { ...base, detail: { toJSON: 'not a function' } }, { ...base, detail: Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }) },
    ];
    for (const [o, handed] of [...handedOver.map((o) => [o, true] as const), ...writtenAlike.map((o) => [o, false] as const)]) {
      const f = o as unknown as AuditFacts;
      const calls = referenceCalls.n;
      const fast = outcomeOf(() => canonicalEvent(4, f));
      expect(referenceCalls.n).toBe(calls + (handed ? 1 : 0));
      expect(fast).toEqual(outcomeOf(() => canonicalEventReference(4, f)));
    }
  });

  it('writes the members in canonical order, detail between the two halves', () => {
    const keys = [...MEMBERS_BEFORE_DETAIL, 'detail', ...MEMBERS_AFTER_DETAIL];
    expect(keys).toEqual([...keys].sort());
    expect([...keys].sort()).toEqual(['seq', ...Object.keys(facts(1))].sort());
  });
});

describe('the quick check of a stored event', () => {
  /** What SQLite's json_object writes for the members around the detail. */
  function stored(seq: number, f: AuditFacts, detailText = canonicalJson(f.detail)) {
    const members: Record<string, unknown> = { ...f, seq };
    const part = (keys: readonly string[]) => `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(members[k])}`).join(',')}}`;
    return { before: part(MEMBERS_BEFORE_DETAIL), detailText, after: part(MEMBERS_AFTER_DETAIL) };
  }

  it('accepts an intact event whether its detail text is canonical or in JSON.stringify key order', () => {
    fc.assert(fc.property(anyFacts, fc.boolean(), (f, asStringify) => {
      const e = chain(null, f);
      const s = stored(1, f, asStringify ? JSON.stringify(f.detail) : canonicalJson(f.detail));
      expect(quickStoredIntact(e.prevHash, e.hash, s.before, s.detailText, s.after)).toBe(true);
    }), { numRuns: 500 });
  });

  it('rejects any change to a member or to the detail', () => {
    const f = facts(5);
    const e = chain(null, f);
    const changed: Array<Partial<AuditFacts>> = [
      { actor: 'ke-gian' }, { atMs: f.atMs + 1 }, { cameraId: 1 }, { cameraId: null }, { reasonText: 'Xem lai su viec so 5' }, { outcome: 'denied' },
      { detail: { from: 5, to: 16 } }, { detail: { from: 5, to: 15, x: null } }, { userAgent: null },
    ];
    for (const c of changed) {
      const s = stored(1, { ...f, ...c });
      expect(quickStoredIntact(e.prevHash, e.hash, s.before, s.detailText, s.after)).toBe(false);
    }
    const s = stored(1, f);
    expect(quickStoredIntact(e.prevHash, e.hash, s.before, '{"from":5, "to":15}', s.after)).toBe(true); // same value, other spacing
    expect(quickStoredIntact(e.prevHash, e.hash, s.before, '{"from":5,"to":15', s.after)).toBe(false);
    expect(quickStoredIntact('f'.repeat(64), e.hash, s.before, s.detailText, s.after)).toBe(false);
  });

  it('does not let the detail text swallow the members after it, even when the joined text is the original', () => {
    const f = facts(6);
    const e = chain(null, f);
    const s = stored(1, f);
    // detail text '{…},"ip":"10.0.0.5"' and members after it without ip join into exactly the chained JSON;
    // such a detail is not one JSON value, so the quick check must not accept it.
    const spliced = `${s.detailText},"ip":${JSON.stringify(f.ip)}`;
    const afterWithoutIp = `{${s.after.slice(s.after.indexOf(',') + 1)}`;
    expect(`${s.before.slice(0, -1)},"detail":${spliced},${afterWithoutIp.slice(1)}`).toBe(canonicalEvent(1, f));
    expect(quickStoredIntact(e.prevHash, e.hash, s.before, spliced, afterWithoutIp)).toBe(false);
  });
});
