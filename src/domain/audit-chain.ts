/**
 * The tamper-evident audit log's chain rule (R3.1, "From Vietnamese law"): every event's hash is
 * sha256(previous hash ‖ canonical JSON of the event), and sequence numbers have no holes.
 * Editing, deleting or reordering any event breaks the chain at that point. Pure: hashing is a
 * computation, not I/O.
 *
 * "Canonical JSON" is RFC 8785 as the `canonicalize` package writes it. That package stays the
 * reference; `canonicalEvent` below is a specialised writer for the fixed shape of an event that
 * gives the same string byte for byte (test/unit/audit-chain.test.ts checks it against the
 * reference on generated events) and hands anything unusual to the reference.
 */
import { createHash, hash as sha256Once } from 'node:crypto';
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

/** The reference serialisation: `canonicalize` over the event with its sequence number. */
export function canonicalEventReference(seq: number, facts: AuditFacts): string {
  const canonical = canonicalize({ seq, ...facts });
  if (canonical === undefined) throw new Error('audit event cannot be serialised');
  return canonical;
}

/** The reference hash (`canonicalize` + a streaming SHA-256), kept for tests and the benchmark's baseline. */
export function hashEventReference(prevHash: string, seq: number, facts: AuditFacts): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEventReference(seq, facts)).digest('hex');
}

// ---- The fast canonical writer ----------------------------------------------------------------

/** Thrown (never escapes this module) when a value needs the reference serialiser. */
const USE_REFERENCE: unique symbol = Symbol('use the reference serialiser');
/** Deeper than this, the reference (which also detects cycles) takes over. */
const MAX_DEPTH = 64;
const SURROGATE = /[\uD800-\uDFFF]/;

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1); // NaN past the end
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * RFC 8785 strings are what JSON.stringify writes (ECMAScript's QuoteJSONString), except that a
 * lone surrogate is refused (the reference throws; so does the reference path taken here).
 */
function jsonString(s: string): string {
  if (SURROGATE.test(s) && hasLoneSurrogate(s)) throw USE_REFERENCE;
  return JSON.stringify(s);
}

/**
 * One JSON value, RFC 8785. Numbers: for finite numbers RFC 8785's format is ECMAScript's
 * Number::toString (so -0 is "0", 1e21 is "1e+21"). Object keys sort by UTF-16 code units, which is
 * Array.prototype.sort's default order. Everything the reference treats specially (toJSON, holes,
 * functions, bigint, NaN, lone surrogates, very deep or cyclic values) goes to the reference.
 */
function jsonValue(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'number':
      if (!Number.isFinite(v)) throw USE_REFERENCE;
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (depth >= MAX_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw USE_REFERENCE;
      return Array.isArray(v) ? jsonArray(v, depth + 1) : jsonObject(v as Record<string, unknown>, depth + 1);
    default:
      throw USE_REFERENCE;
  }
}

function jsonArray(a: readonly unknown[], depth: number): string {
  let out = '[';
  for (let i = 0; i < a.length; i += 1) {
    if (i > 0) out += ',';
    const x = a[i];
    if (x === undefined) {
      if (!(i in a)) throw USE_REFERENCE; // a hole: the reference writes nothing there
      out += 'null';
    } else if (typeof x === 'symbol') out += 'null';
    else out += jsonValue(x, depth);
  }
  return `${out}]`;
}

function jsonObject(o: Record<string, unknown>, depth: number): string {
  const keys = Object.keys(o).sort();
  let out = '{';
  for (const k of keys) {
    const x = o[k];
    if (x === undefined || typeof x === 'symbol') continue;
    if (out.length > 1) out += ',';
    out += `${jsonString(k)}:${jsonValue(x, depth)}`;
  }
  return `${out}}`;
}

/** The event's members in canonical (sorted) key order; every value must serialise. */
function canonicalMembers(
  seq: unknown, atMs: unknown, actor: unknown, actorRole: unknown, action: unknown, resourceType: unknown, resourceId: unknown,
  cameraId: unknown, reasonCode: unknown, reasonText: unknown, ip: unknown, userAgent: unknown, outcome: unknown, detail: unknown,
): string {
  return `{"action":${jsonValue(action, 0)},"actor":${jsonValue(actor, 0)},"actorRole":${jsonValue(actorRole, 0)
  },"atMs":${jsonValue(atMs, 0)},"cameraId":${jsonValue(cameraId, 0)},"detail":${jsonValue(detail, 0)},"ip":${jsonValue(ip, 0)
  },"outcome":${jsonValue(outcome, 0)},"reasonCode":${jsonValue(reasonCode, 0)},"reasonText":${jsonValue(reasonText, 0)
  },"resourceId":${jsonValue(resourceId, 0)},"resourceType":${jsonValue(resourceType, 0)},"seq":${jsonValue(seq, 0)
  },"userAgent":${jsonValue(userAgent, 0)}}`;
}

const FACT_KEYS: ReadonlySet<string> = new Set([
  'atMs', 'actor', 'actorRole', 'action', 'resourceType', 'resourceId', 'cameraId', 'reasonCode', 'reasonText', 'ip', 'userAgent',
  'outcome', 'detail',
]);

/** Exactly the thirteen facts as own enumerable keys: then `{ seq, ...facts }` has exactly the fourteen members written above. */
function hasFactsShape(facts: object): boolean {
  const keys = Object.keys(facts);
  if (keys.length !== FACT_KEYS.size) return false;
  for (const k of keys) if (!FACT_KEYS.has(k)) return false;
  return true;
}

/** canonicalize({ seq, ...facts }), byte for byte, without its generic walk; throws where it throws. */
export function canonicalEvent(seq: number, facts: AuditFacts): string {
  if (hasFactsShape(facts)) {
    try {
      return canonicalMembers(seq, facts.atMs, facts.actor, facts.actorRole, facts.action, facts.resourceType, facts.resourceId,
        facts.cameraId, facts.reasonCode, facts.reasonText, facts.ip, facts.userAgent, facts.outcome, facts.detail);
    } catch (err) {
      if (err !== USE_REFERENCE) throw err;
    }
  }
  return canonicalEventReference(seq, facts);
}

/** canonicalize(value) for one JSON value (an event's detail), byte for byte; throws where it throws. */
export function canonicalJson(value: unknown): string {
  try {
    return jsonValue(value, 0);
  } catch (err) {
    if (err !== USE_REFERENCE) throw err;
  }
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new Error('value cannot be serialised');
  return canonical;
}

/**
 * The canonical JSON of an event as read back from storage (column values as they come, `detail`
 * already parsed), or null when those values cannot be serialised at all: such an event cannot
 * have been chained, so it was edited.
 */
export function canonicalStoredEvent(
  seq: number, atMs: number, actor: unknown, actorRole: unknown, action: unknown, resourceType: unknown, resourceId: unknown,
  cameraId: unknown, reasonCode: unknown, reasonText: unknown, ip: unknown, userAgent: unknown, outcome: unknown, detail: unknown,
): string | null {
  try {
    return canonicalMembers(seq, atMs, actor, actorRole, action, resourceType, resourceId, cameraId, reasonCode, reasonText, ip,
      userAgent, outcome, detail);
  } catch (err) {
    if (err !== USE_REFERENCE) throw err;
  }
  try {
    return canonicalize({ seq, atMs, actor, actorRole, action, resourceType, resourceId, cameraId, reasonCode, reasonText, ip, userAgent, outcome, detail }) ?? null;
  } catch {
    return null;
  }
}

// ---- The chain --------------------------------------------------------------------------------

/** sha256(prevHash ‖ "\n" ‖ canonical), hex: one call into OpenSSL instead of a Hash object per event. */
export function hashCanonical(prevHash: string, canonical: string): string {
  return sha256Once('sha256', `${prevHash}\n${canonical}`, 'hex');
}

export function hashEvent(prevHash: string, seq: number, facts: AuditFacts): string {
  return hashCanonical(prevHash, canonicalEvent(seq, facts));
}

/** Whether facts in canonical form (null: they cannot be serialised) hash, after `prevHash`, to `hash`. */
export function linkIntact(prevHash: string, hash: string, canonical: string | null): boolean {
  return canonical !== null && hashCanonical(prevHash, canonical) === hash;
}

/** Whether an event's facts still hash to its hash. */
export function eventIntact(e: ChainedEvent): boolean {
  let canonical: string | null;
  try {
    canonical = canonicalEvent(e.seq, factsOf(e));
  } catch {
    canonical = null;
  }
  return linkIntact(e.prevHash, e.hash, canonical);
}

/** The members of an event in canonical order before "detail", and after it. */
export const MEMBERS_BEFORE_DETAIL = ['action', 'actor', 'actorRole', 'atMs', 'cameraId'] as const;
export const MEMBERS_AFTER_DETAIL = ['ip', 'outcome', 'reasonCode', 'reasonText', 'resourceId', 'resourceType', 'seq', 'userAgent'] as const;

/**
 * The quick check of a stored event, for a store that can write JSON itself (SQLite's json_object):
 * `before` and `after` are the JSON objects of its members before and after "detail", keys in
 * MEMBERS_BEFORE_DETAIL and MEMBERS_AFTER_DETAIL order, and `detailText` is the stored detail.
 * Tries the event with the detail text as stored, then with the detail canonicalised.
 *
 * true is final. A match means the string hashed is the canonical JSON C0 the event was chained
 * with. The members before the detail are whole JSON values between fixed keys, so they equal C0's
 * token for token; the detail text parses as one JSON value starting where C0's detail starts, so
 * it is C0's detail exactly (a JSON value's extent is fixed by its start); the rest is C0's rest.
 * Equal JSON tokens decode to equal values, so the stored event serialises, the reference way, to
 * C0 too. false only means "not shown here": the caller decides with `canonicalStoredEvent` (a
 * column SQLite writes differently from JavaScript, such as a REAL, lands there).
 */
export function quickStoredIntact(prevHash: string, hash: string, before: string, detailText: string, after: string): boolean {
  let detail: unknown;
  try {
    detail = JSON.parse(detailText);
  } catch {
    return false;
  }
  if (!before.endsWith('}') || !after.startsWith('{')) return false;
  const head = `${before.slice(0, -1)},"detail":`;
  const tail = `,${after.slice(1)}`;
  // Text written by this version is canonical: one hash. Older rows hold JSON.stringify's key order;
  // when the top-level keys show it, canonicalise first rather than spend a hash on the text.
  const verbatimFirst = keysInOrder(detail);
  if (verbatimFirst && hashCanonical(prevHash, `${head}${detailText}${tail}`) === hash) return true;
  let canonicalDetail: string;
  try {
    canonicalDetail = canonicalJson(detail);
  } catch {
    return false;
  }
  if (verbatimFirst && canonicalDetail === detailText) return false; // that string was just hashed
  return hashCanonical(prevHash, `${head}${canonicalDetail}${tail}`) === hash;
}

/** Whether an object's own keys (as JSON.parse made them) are in canonical order; anything else: true. */
function keysInOrder(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return true;
  let previous: string | null = null;
  for (const k in v) {
    if (previous !== null && previous >= k) return false;
    previous = k;
  }
  return true;
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
 * Walks the chain in sequence order, event by event or batch by batch (a million events need not
 * fit in memory), and remembers the first broken link.
 */
export class ChainVerifier {
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  count = 0;
  firstProblem: ChainProblem | null = null;

  /**
   * One stored link, in sequence order; `intact`: its facts still hash, after its prevHash, to its
   * hash. Returns false once the chain is broken: the caller may stop reading.
   */
  link(seq: number, prevHash: string, hash: string, intact: boolean): boolean {
    if (this.firstProblem) return false;
    const expectedSeq = this.lastSeq + 1;
    if (seq !== expectedSeq) this.firstProblem = { seq, problem: 'missing', expectedSeq };
    else if (!intact) this.firstProblem = { seq, problem: 'edited' };
    else if (prevHash !== this.lastHash) this.firstProblem = { seq, problem: 'relinked' };
    this.lastSeq = seq;
    this.lastHash = hash;
    this.count += 1;
    return this.firstProblem === null;
  }

  feed(events: readonly ChainedEvent[]): void {
    for (const e of events) {
      if (this.firstProblem) return;
      this.link(e.seq, e.prevHash, e.hash, eventIntact(e));
    }
  }

  get head(): { seq: number; hash: string } | null {
    return this.count > 0 ? { seq: this.lastSeq, hash: this.lastHash } : null;
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
