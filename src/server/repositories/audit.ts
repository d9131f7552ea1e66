import type BetterSqlite3 from 'better-sqlite3';
import { type Selectable, type Transaction, sql } from 'kysely';
import {
  type AuditFacts, type AuditOutcome, type ChainedEvent, type Checkpoint, MEMBERS_AFTER_DETAIL, MEMBERS_BEFORE_DETAIL, canonicalJson,
  canonicalStoredEvent, chain, linkIntact, quickStoredIntact,
} from '../../domain/audit-chain.js';
import type { Db } from '../db/connect.js';
import type { AuditEventTable, Database } from '../db/schema.js';

function toEvent(r: Selectable<AuditEventTable>): ChainedEvent {
  return {
    seq: Number(r.seq), atMs: Number(r.at_ms), actor: r.actor, actorRole: r.actor_role, action: r.action,
    resourceType: r.resource_type, resourceId: r.resource_id, cameraId: r.camera_id, reasonCode: r.reason_code,
    reasonText: r.reason_text, ip: r.ip, userAgent: r.user_agent, outcome: r.outcome,
    detail: JSON.parse(r.detail) as Record<string, unknown>, prevHash: r.prev_hash, hash: r.hash,
  };
}

export interface AuditFilter {
  actor?: string;
  cameraId?: number;
  /** Exact (`footage.playback`), or every action under a prefix when it ends with `.*` (`footage.*`). */
  action?: string;
  outcome?: AuditOutcome;
  /** at_ms ≥ fromMs */
  fromMs?: number;
  /** at_ms < toMs */
  toMs?: number;
  /** Keyset pagination, newest first: only events with seq < beforeSeq (the previous page's `nextBeforeSeq`). */
  beforeSeq?: number;
}

export interface AuditPage {
  /** Newest first. */
  events: ChainedEvent[];
  /** Pass as `beforeSeq` for the next (older) page; null: this was the last page. */
  nextBeforeSeq: number | null;
}

/**
 * Receives one stored link in sequence order, and whether its facts still hash (after its prevHash)
 * to its hash. Returning false stops the walk.
 */
export type LinkVisitor = (seq: number, prevHash: string, hash: string, intact: boolean) => boolean;

/** The columns of an event, in this order. */
const LINK_COLUMNS = [
  'seq', 'at_ms', 'actor', 'actor_role', 'action', 'resource_type', 'resource_id', 'camera_id', 'reason_code', 'reason_text', 'ip',
  'user_agent', 'outcome', 'detail', 'prev_hash', 'hash',
] as const;

const COLUMN_OF: Record<(typeof MEMBERS_BEFORE_DETAIL)[number] | (typeof MEMBERS_AFTER_DETAIL)[number], (typeof LINK_COLUMNS)[number]> = {
  action: 'action', actor: 'actor', actorRole: 'actor_role', atMs: 'at_ms', cameraId: 'camera_id', ip: 'ip', outcome: 'outcome',
  reasonCode: 'reason_code', reasonText: 'reason_text', resourceId: 'resource_id', resourceType: 'resource_type', seq: 'seq',
  userAgent: 'user_agent',
};
const jsonObjectOf = (members: readonly (keyof typeof COLUMN_OF)[]): string => `json_object(${members.map((m) => `'${m}', ${COLUMN_OF[m]}`).join(', ')})`;

/**
 * The quick walk: SQLite writes the members around the detail as JSON itself (json_object escapes
 * strings exactly as JSON.stringify does), so a row crosses into JavaScript as six values, not sixteen.
 */
const QUICK_SELECT = `select seq, prev_hash, hash, detail, ${jsonObjectOf(MEMBERS_BEFORE_DETAIL)} as before_detail, ${jsonObjectOf(MEMBERS_AFTER_DETAIL)} as after_detail from audit_events`;
const QUICK_WALK_SQL = `${QUICK_SELECT} where seq > ? order by seq limit ?`;
const ROW_SQL = `select ${LINK_COLUMNS.join(', ')} from audit_events where seq = ?`;

interface QuickRow {
  seq: number;
  prev_hash: string;
  hash: string;
  detail: string;
  before_detail: string;
  after_detail: string;
}

type Columns = Pick<Selectable<AuditEventTable>, (typeof LINK_COLUMNS)[number]>;

const text = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/** The stored detail is JSON text; the hash covers the canonical form of the value it holds. */
function canonicalOfColumns(r: Columns): string | null {
  let detail: unknown;
  try {
    detail = JSON.parse(text(r.detail));
  } catch {
    return null;
  }
  return canonicalStoredEvent(Number(r.seq), Number(r.at_ms), r.actor, r.actor_role, r.action, r.resource_type, r.resource_id,
    r.camera_id, r.reason_code, r.reason_text, r.ip, r.user_agent, r.outcome, detail);
}

/** One step of the walk: the last seq handed over, and whether the walk is over (the end, or the visitor said stop). */
interface Step {
  lastSeq: number;
  done: boolean;
  /** The quick query failed at this point (a BLOB where SQLite's JSON will not go; not SQLite): take the next batch column by column. */
  byColumns?: boolean;
}

/** Append-only storage of the audit chain: no update or delete exists here. */
export class AuditRepository {
  private quickWalkStatement: BetterSqlite3.Statement<[number, number], unknown[]> | null = null;
  private rowStatement: BetterSqlite3.Statement<[number], Columns> | null = null;

  /**
   * `reader`, optional: a better-sqlite3 handle on the same database (best a read-only connection of
   * its own) for walking the chain without the query builder; without it the walk goes through Kysely.
   */
  constructor(private readonly db: Db, private readonly reader: BetterSqlite3.Database | null = null) {}

  /**
   * Append within the caller's transaction, so the event and the change it records commit
   * together. (SQLite serialises writers; on PostgreSQL this needs a lock on the head.)
   */
  async append(trx: Transaction<Database> | Db, facts: AuditFacts): Promise<ChainedEvent> {
    const last = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const e = chain(last ? { seq: Number(last.seq), hash: last.hash } : null, facts);
    await trx.insertInto('audit_events').values({
      seq: e.seq, at_ms: e.atMs, actor: e.actor, actor_role: e.actorRole, action: e.action, resource_type: e.resourceType,
      resource_id: e.resourceId, camera_id: e.cameraId, reason_code: e.reasonCode, reason_text: e.reasonText, ip: e.ip,
      user_agent: e.userAgent, outcome: e.outcome, detail: canonicalJson(e.detail), prev_hash: e.prevHash, hash: e.hash,
    }).execute();
    return e;
  }

  async record(facts: AuditFacts): Promise<ChainedEvent> {
    return this.db.transaction().execute((trx) => this.append(trx, facts));
  }

  /** Events in sequence order after `afterSeq`, as objects. */
  async batch(afterSeq: number, limit: number): Promise<ChainedEvent[]> {
    const rows = await this.db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(toEvent);
  }

  /**
   * Hands every stored link after `afterSeq` to `visit`, in sequence order, with whether it is
   * intact, until the end or until `visit` returns false. Reads `batchSize` rows at a time and gives
   * the event loop a turn between batches. No event objects are built: with a reader, a row is six
   * values read through a raw better-sqlite3 statement; without, the same query through Kysely.
   */
  async walk(visit: LinkVisitor, afterSeq = 0, batchSize = 5_000): Promise<void> {
    let after = afterSeq;
    let byColumns = false;
    for (;;) {
      const step: Step = byColumns
        ? await this.walkByColumns(after, batchSize, visit)
        : this.reader ? this.walkQuickReader(this.reader, after, batchSize, visit) : await this.walkQuickKysely(after, batchSize, visit);
      if (step.done) return;
      byColumns = step.byColumns ?? false;
      after = step.lastSeq;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** The quick walk through the raw reader, row by row (a batch never lives long enough to leave V8's young generation). */
  private walkQuickReader(reader: BetterSqlite3.Database, after: number, limit: number, visit: LinkVisitor): Step {
    this.quickWalkStatement ??= reader.prepare<[number, number], unknown[]>(QUICK_WALK_SQL).raw(true);
    let lastSeq = after;
    let rows = 0;
    const it = this.quickWalkStatement.iterate(after, limit);
    try {
      for (;;) {
        let next: IteratorResult<unknown[]>;
        try {
          next = it.next();
        } catch {
          return { lastSeq, done: false, byColumns: true };
        }
        if (next.done) break;
        const r = next.value;
        rows += 1;
        const seq = Number(r[0]);
        const prevHash = text(r[1]);
        const hash = text(r[2]);
        const intact = quickStoredIntact(prevHash, hash, text(r[4]), text(r[3]), text(r[5]))
          || linkIntact(prevHash, hash, this.readerCanonicalAt(reader, seq));
        lastSeq = seq;
        if (!visit(seq, prevHash, hash, intact)) return { lastSeq, done: true };
      }
    } finally {
      it.return?.();
    }
    return { lastSeq, done: rows < limit };
  }

  private async walkQuickKysely(after: number, limit: number, visit: LinkVisitor): Promise<Step> {
    let rows: QuickRow[];
    try {
      rows = (await sql<QuickRow>`${sql.raw(QUICK_SELECT)} where seq > ${after} order by seq limit ${limit}`.execute(this.db)).rows;
    } catch {
      return { lastSeq: after, done: false, byColumns: true };
    }
    let lastSeq = after;
    for (const r of rows) {
      const seq = Number(r.seq);
      const prevHash = text(r.prev_hash);
      const hash = text(r.hash);
      const intact = quickStoredIntact(prevHash, hash, text(r.before_detail), text(r.detail), text(r.after_detail))
        || linkIntact(prevHash, hash, await this.canonicalAt(seq));
      lastSeq = seq;
      if (!visit(seq, prevHash, hash, intact)) return { lastSeq, done: true };
    }
    return { lastSeq, done: rows.length < limit };
  }

  /** The portable walk: every column through the query builder, serialised in JavaScript. */
  private async walkByColumns(after: number, limit: number, visit: LinkVisitor): Promise<Step> {
    const rows = await this.db.selectFrom('audit_events').select(LINK_COLUMNS).where('seq', '>', after).orderBy('seq').limit(limit).execute();
    let lastSeq = after;
    for (const r of rows) {
      const seq = Number(r.seq);
      lastSeq = seq;
      if (!visit(seq, text(r.prev_hash), text(r.hash), linkIntact(text(r.prev_hash), text(r.hash), canonicalOfColumns(r)))) return { lastSeq, done: true };
    }
    return { lastSeq, done: rows.length < limit };
  }

  /** The canonical JSON of the stored event `seq`, column by column (null: gone, or not serialisable). */
  private async canonicalAt(seq: number): Promise<string | null> {
    const r = await this.db.selectFrom('audit_events').select(LINK_COLUMNS).where('seq', '=', seq).executeTakeFirst();
    return r ? canonicalOfColumns(r) : null;
  }

  private readerCanonicalAt(reader: BetterSqlite3.Database, seq: number): string | null {
    this.rowStatement ??= reader.prepare<[number], Columns>(ROW_SQL);
    const r = this.rowStatement.get(seq);
    return r ? canonicalOfColumns(r) : null;
  }

  /**
   * The principal's view of the log: newest first, filtered, one page of at most `limit` events;
   * `nextBeforeSeq` continues it (keyset pagination: a page costs the same however deep it is).
   * With the indexes on (actor, seq), (camera_id, seq), (action, seq) and (outcome, seq), a page
   * is one index range read backwards. A prefix (`footage.*`) becomes the list of actions under
   * it, each read as its own range: SQLite then stops every one at the page size instead of
   * sorting all the matching events.
   */
  async search(f: AuditFilter, limit: number): Promise<AuditPage> {
    let q = this.db.selectFrom('audit_events').selectAll();
    if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
    if (f.cameraId !== undefined) q = q.where('camera_id', '=', f.cameraId);
    if (f.action !== undefined) {
      if (f.action.endsWith('.*')) {
        const actions = await this.actionsUnder(f.action.slice(0, -1));
        if (actions.length === 0) return { events: [], nextBeforeSeq: null };
        q = q.where('action', 'in', actions);
      } else q = q.where('action', '=', f.action);
    }
    if (f.outcome !== undefined) q = q.where('outcome', '=', f.outcome);
    if (f.fromMs !== undefined) q = q.where('at_ms', '>=', f.fromMs);
    if (f.toMs !== undefined) q = q.where('at_ms', '<', f.toMs);
    if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
    const rows = await q.orderBy('seq', 'desc').limit(limit + 1).execute();
    const events = rows.slice(0, limit).map(toEvent);
    const last = events.at(-1);
    return { events, nextBeforeSeq: rows.length > limit && last ? last.seq : null };
  }

  /**
   * The actions recorded that start with `prefix` (which ends in '.'), one index probe each:
   * prefix ≤ action < prefix with its '.' turned into '/', the next code unit. (No LIKE, whose '_'
   * would be a wildcard in names such as auth.totp_enrol.)
   */
  private async actionsUnder(prefix: string): Promise<string[]> {
    const end = `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
    const found: string[] = [];
    for (;;) {
      const previous = found.at(-1);
      const r = await this.db.selectFrom('audit_events').select((eb) => eb.fn.min('action').as('action'))
        .where('action', previous === undefined ? '>=' : '>', previous ?? prefix).where('action', '<', end).executeTakeFirst();
      if (!r?.action) return found;
      found.push(r.action);
    }
  }

  async head(): Promise<{ seq: number; hash: string } | null> {
    const r = await this.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r ? { seq: Number(r.seq), hash: r.hash } : null;
  }

  async hashAt(seq: number): Promise<string | null> {
    const r = await this.db.selectFrom('audit_events').select('hash').where('seq', '=', seq).executeTakeFirst();
    return r?.hash ?? null;
  }

  async addCheckpoint(c: Checkpoint, signature: string): Promise<void> {
    await this.db.insertInto('audit_checkpoints').values({ seq: c.seq, hash: c.hash, at_ms: c.atMs, signature })
      .onConflict((oc) => oc.column('seq').doNothing()).execute();
  }

  async checkpoints(): Promise<Array<Checkpoint & { signature: string }>> {
    const rows = await this.db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute();
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, atMs: Number(r.at_ms), signature: r.signature }));
  }

  async lastCheckpointSeq(): Promise<number> {
    const r = await this.db.selectFrom('audit_checkpoints').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r ? Number(r.seq) : 0;
  }
}
