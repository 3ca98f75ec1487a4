// The audit trail: an append-only SQLite table (UPDATE and DELETE abort), chained with a keyed MAC and anchored outside, with a capacity warning.
import type { AuditCategoryDto, AuditOutcomeDto } from '@zld/api';
import type { Clock } from '@zld/tags';
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendAnchor, readAnchors, signAnchor, type AuditAnchor } from './audit-anchors.js';
import {
  GENESIS,
  KEYED_CHAIN,
  LEGACY_CHAIN,
  legacyHashOf,
  macOf,
  verifyChain,
  type AuditVerification,
  type ChainedRow,
} from './audit-chain.js';

/** The categories and outcomes of `@zld/api` (the wire's enums): `pending` is a step whose result is recorded separately. */
export type AuditCategory = AuditCategoryDto;
export type AuditOutcome = AuditOutcomeDto;

/** What a caller records. */
export interface AuditEvent {
  category: AuditCategory;
  /** What happened: `login`, `login-failed`, `write`, `select`, `ack`, `shelve`, `limit-change`, ... */
  action: string;
  outcome: AuditOutcome;
  /** Who (user name), or null for the system or an unidentified client. */
  user?: string | null;
  /** The source address. */
  source?: string | null;
  /** What it was done to: a tag, an alarm id, a user name. */
  target?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
  /** The refusal or failure reason, or the operator's stated reason. */
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** A stored record. */
export interface AuditRecord {
  seq: number;
  /** A unique id of the record (UUID). */
  eventId: string;
  /** ISO-8601 UTC. */
  time: string;
  category: AuditCategory;
  action: string;
  outcome: AuditOutcome;
  user: string | null;
  source: string | null;
  target: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
  details: Record<string, unknown> | null;
}

/** Anything that accepts audit events (the store, or a test double of it). */
export interface AuditSink {
  record(event: AuditEvent): AuditRecord;
}

export interface AuditCapacity {
  rows: number;
  bytes: number;
  maxRows: number;
  maxBytes: number;
  /** rows or bytes at or beyond `warnAt` of their maximum. */
  warning: boolean;
}

export interface AuditStoreOptions {
  /** The SQLite file (e.g. `<data dir>/audit.sqlite`), or `:memory:`. */
  path: string;
  /** The key of the chain (`loadAuditKey`); required for a file, random for `:memory:`. Never stored in the database. */
  key?: Buffer;
  /** Where anchors are appended (`<data dir>/audit-anchors.jsonl`); without it nothing is anchored. */
  anchorFile?: string;
  clock: Clock;
  /** Capacity the warning is measured against (default 1,000,000 rows, 512 MiB). */
  maxRows?: number;
  maxBytes?: number;
  /** Fraction of either maximum that raises the warning (default 0.8). */
  warnAt?: number;
  /** Called once each time usage crosses the threshold upwards. */
  onCapacityWarning?: (capacity: AuditCapacity) => void;
}

type Row = ChainedRow & { category: AuditCategory; outcome: AuditOutcome };

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const parse = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));

/**
 * Nothing can change or remove a record through SQL: BEFORE UPDATE and BEFORE DELETE triggers
 * `RAISE(ABORT)`, and so does an INSERT that would replace an existing record. Each record also
 * carries an HMAC-SHA-256, with a key kept outside the database, of its seq, its content and the
 * previous record's MAC, so `verify()` finds a record edited, removed or re-chained by other means (a
 * file editor, a dropped trigger) by anyone without the key; `anchor()` writes the head to the anchor
 * file, so a trail cut short is found too. Records of a trail written before it was keyed keep their
 * SHA-256 links: the first record written with the key is `audit-rekeyed`, linked to the old head.
 * The file is never rotated by the gateway: at the capacity warning, archive it and start a new one
 * (see the security README).
 */
export class AuditStore implements AuditSink {
  /** The clock records are stamped with. */
  readonly clock: Clock;
  private readonly db: Database.Database;
  private readonly maxRows: number;
  private readonly maxBytes: number;
  private readonly warnAt: number;
  private readonly onCapacityWarning: ((c: AuditCapacity) => void) | undefined;
  private readonly insert: Database.Statement;
  private readonly key: Buffer;
  private readonly anchorFile: string | undefined;
  private rows: number;
  private lastHash: string;
  private lastSeq: number;
  private legacyHead: boolean;
  private warned = false;

  constructor(options: AuditStoreOptions) {
    this.clock = options.clock;
    this.maxRows = options.maxRows ?? 1_000_000;
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.warnAt = options.warnAt ?? 0.8;
    this.onCapacityWarning = options.onCapacityWarning;
    if (options.key === undefined && options.path !== ':memory:')
      throw new Error('an audit file needs its key (loadAuditKey)');
    this.key = options.key ?? randomBytes(32);
    this.anchorFile = options.anchorFile;
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        time TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        category TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        user TEXT,
        source TEXT,
        target TEXT,
        old_value TEXT,
        new_value TEXT,
        reason TEXT,
        details TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        chain TEXT NOT NULL DEFAULT '${LEGACY_CHAIN}'
      ) STRICT;
      CREATE INDEX IF NOT EXISTS audit_time ON audit (time_ms);
      CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only: UPDATE refused'); END;
      CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only: DELETE refused'); END;
      -- INSERT OR REPLACE deletes the row it conflicts with without firing DELETE triggers.
      CREATE TRIGGER IF NOT EXISTS audit_no_replace BEFORE INSERT ON audit
        WHEN EXISTS (SELECT 1 FROM audit WHERE seq = NEW.seq OR event_id = NEW.event_id)
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only: REPLACE refused'); END;
    `);
    // A trail made before the key: its rows keep their SHA-256 links (the column's default).
    const columns = this.db.pragma('table_info(audit)') as { name: string }[];
    if (!columns.some((c) => c.name === 'chain'))
      this.db.exec(`ALTER TABLE audit ADD COLUMN chain TEXT NOT NULL DEFAULT '${LEGACY_CHAIN}'`);
    this.insert = this.db.prepare(`
      INSERT INTO audit (seq, event_id, time, time_ms, category, action, outcome, user, source, target,
                         old_value, new_value, reason, details, prev_hash, hash, chain)
      VALUES (@seq, @event_id, @time, @time_ms, @category, @action, @outcome, @user, @source, @target,
              @old_value, @new_value, @reason, @details, @prev_hash, @hash, @chain)`);
    this.rows = (this.db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    const last = this.db
      .prepare('SELECT seq, hash, chain FROM audit ORDER BY seq DESC LIMIT 1')
      .get() as { seq: number; hash: string; chain: string } | undefined;
    this.lastHash = last?.hash ?? GENESIS;
    this.lastSeq = last?.seq ?? 0;
    this.legacyHead = last !== undefined && last.chain !== KEYED_CHAIN;
  }

  record(event: AuditEvent): AuditRecord {
    if (this.legacyHead) this.rekey();
    const now = this.clock.now();
    const row: Row = {
      seq: this.lastSeq + 1,
      event_id: randomUUID(),
      time: new Date(now).toISOString(),
      time_ms: now,
      category: event.category,
      action: event.action,
      outcome: event.outcome,
      user: event.user ?? null,
      source: event.source ?? null,
      target: event.target ?? null,
      old_value: json(event.oldValue),
      new_value: json(event.newValue),
      reason: event.reason ?? null,
      details: event.details === undefined ? null : JSON.stringify(event.details),
      prev_hash: this.lastHash,
      hash: '',
      chain: KEYED_CHAIN,
    };
    row.hash = macOf(this.key, row);
    this.insert.run(row);
    this.lastHash = row.hash;
    this.lastSeq = row.seq;
    this.rows++;
    this.checkCapacity();
    return toRecord(row);
  }

  /** The head: the last record's seq and MAC, and the number of records. */
  head(): { seq: number; mac: string; records: number } {
    return { seq: this.lastSeq, mac: this.lastHash, records: this.rows };
  }

  /**
   * Writes the head, signed with the key, to the anchor file (when the store has one) and answers it.
   * A trail of the old, unkeyed chain is re-keyed first.
   */
  anchor(): AuditAnchor {
    if (this.legacyHead) this.rekey();
    const head = this.head();
    const anchor = signAnchor(this.key, {
      time: new Date(this.clock.now()).toISOString(),
      seq: head.seq,
      mac: head.mac,
      records: head.records,
    });
    if (this.anchorFile !== undefined) appendAnchor(this.anchorFile, anchor);
    return anchor;
  }

  /** Records with `from <= time < to` (epoch ms), oldest first, at most `limit`. */
  query(window: { from: number; to: number; limit?: number }): AuditRecord[] {
    const limit = Math.max(1, Math.min(window.limit ?? 10_000, 100_000));
    const rows = this.db
      .prepare(
        'SELECT * FROM audit WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms, seq LIMIT ?',
      )
      .all(window.from, window.to, limit) as Row[];
    return rows.map(toRecord);
  }

  capacity(): AuditCapacity {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const bytes = pageSize * pages;
    return {
      rows: this.rows,
      bytes,
      maxRows: this.maxRows,
      maxBytes: this.maxBytes,
      warning: this.rows >= this.warnAt * this.maxRows || bytes >= this.warnAt * this.maxBytes,
    };
  }

  /**
   * Re-computes every link (SHA-256 before the key, the MAC after) and compares the trail with every
   * anchor of the anchor file; `firstBadSeq` is the first record that does not fit.
   */
  verify(): AuditVerification {
    if (this.anchorFile === undefined) return verifyChain(this.db, this.key, null);
    const { anchors, problem } = readAnchors(this.anchorFile);
    return verifyChain(this.db, this.key, anchors, problem);
  }

  /** The underlying database, for maintenance tools and the append-only tests. */
  get database(): Database.Database {
    return this.db;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The first keyed record of a trail written before the key: linked to the old head, whose chain it names. */
  private rekey(): void {
    this.legacyHead = false;
    let intact = true;
    let prev = GENESIS;
    for (const r of this.db
      .prepare('SELECT * FROM audit ORDER BY seq')
      .iterate() as Iterable<Row>) {
      if (r.chain !== LEGACY_CHAIN || r.prev_hash !== prev || legacyHashOf(r) !== r.hash)
        intact = false;
      prev = r.hash;
    }
    this.record({
      category: 'system',
      action: 'audit-rekeyed',
      outcome: intact ? 'success' : 'failure',
      reason: intact
        ? 'the unkeyed SHA-256 chain verified; the keyed chain starts here'
        : 'the unkeyed SHA-256 chain did NOT verify; the keyed chain starts here anyway',
      details: { legacyRecords: this.rows, legacyHeadSeq: this.lastSeq, legacyHead: this.lastHash },
    });
  }

  private checkCapacity(): void {
    // Size is measured every 64 records; rows on every one.
    if (!this.warned && this.rows % 64 !== 0 && this.rows < this.warnAt * this.maxRows) return;
    const c = this.capacity();
    if (c.warning && !this.warned) {
      this.warned = true;
      this.record({
        category: 'system',
        action: 'audit-capacity-warning',
        outcome: 'success',
        reason: `audit store at ${c.rows} of ${c.maxRows} rows, ${c.bytes} of ${c.maxBytes} bytes`,
        details: { ...c },
      });
      this.onCapacityWarning?.(c);
    } else if (!c.warning) this.warned = false;
  }
}

function toRecord(r: Row): AuditRecord {
  return {
    seq: r.seq,
    eventId: r.event_id,
    time: r.time,
    category: r.category,
    action: r.action,
    outcome: r.outcome,
    user: r.user,
    source: r.source,
    target: r.target,
    oldValue: parse(r.old_value),
    newValue: parse(r.new_value),
    reason: r.reason,
    details: parse(r.details) as Record<string, unknown> | null,
  };
}
