// The audit trail: an append-only SQLite table (UPDATE and DELETE abort), hash-chained, with a capacity warning.
import type { AuditCategoryDto, AuditOutcomeDto } from '@zld/api';
import type { Clock } from '@zld/tags';
import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';

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
  clock: Clock;
  /** Capacity the warning is measured against (default 1,000,000 rows, 512 MiB). */
  maxRows?: number;
  maxBytes?: number;
  /** Fraction of either maximum that raises the warning (default 0.8). */
  warnAt?: number;
  /** Called once each time usage crosses the threshold upwards. */
  onCapacityWarning?: (capacity: AuditCapacity) => void;
}

interface Row {
  seq: number;
  event_id: string;
  time: string;
  category: AuditCategory;
  action: string;
  outcome: AuditOutcome;
  user: string | null;
  source: string | null;
  target: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);
const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const parse = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));

/**
 * Nothing can change or remove a record through SQL: BEFORE UPDATE and BEFORE DELETE triggers
 * `RAISE(ABORT)`, and so does an INSERT that would replace an existing record. Each record also carries the SHA-256 of its content and of the previous record's
 * hash, so `verify()` finds a record edited or removed by other means (a file editor, a dropped
 * trigger). The file is never rotated by the gateway: at the capacity warning, archive it and start a
 * new one (see the security README).
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
  private rows: number;
  private lastHash: string;
  private warned = false;

  constructor(options: AuditStoreOptions) {
    this.clock = options.clock;
    this.maxRows = options.maxRows ?? 1_000_000;
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.warnAt = options.warnAt ?? 0.8;
    this.onCapacityWarning = options.onCapacityWarning;
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
        hash TEXT NOT NULL
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
    this.insert = this.db.prepare(`
      INSERT INTO audit (event_id, time, time_ms, category, action, outcome, user, source, target,
                         old_value, new_value, reason, details, prev_hash, hash)
      VALUES (@event_id, @time, @time_ms, @category, @action, @outcome, @user, @source, @target,
              @old_value, @new_value, @reason, @details, @prev_hash, @hash)`);
    this.rows = (this.db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    const last = this.db.prepare('SELECT hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
      { hash: string } | undefined;
    this.lastHash = last?.hash ?? GENESIS;
  }

  record(event: AuditEvent): AuditRecord {
    const now = this.clock.now();
    const row = {
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
    };
    row.hash = hashOf(row);
    const info = this.insert.run(row);
    this.lastHash = row.hash;
    this.rows++;
    this.checkCapacity();
    return toRecord({ ...row, seq: Number(info.lastInsertRowid) });
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

  /** Re-computes the hash chain; `brokenAt` is the first record that does not fit. */
  verify(): { ok: true; records: number } | { ok: false; brokenAt: number } {
    let prev = GENESIS;
    let n = 0;
    for (const row of this.db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as Iterable<
      Row & { time_ms: number }
    >) {
      if (row.prev_hash !== prev || hashOf(row) !== row.hash)
        return { ok: false, brokenAt: row.seq };
      prev = row.hash;
      n++;
    }
    return { ok: true, records: n };
  }

  /** The underlying database, for maintenance tools and the append-only tests. */
  get database(): Database.Database {
    return this.db;
  }

  close(): void {
    if (this.db.open) this.db.close();
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

function hashOf(r: Omit<Row, 'seq' | 'hash'> & { time_ms: number }): string {
  const content = JSON.stringify([
    r.event_id,
    r.time,
    r.time_ms,
    r.category,
    r.action,
    r.outcome,
    r.user,
    r.source,
    r.target,
    r.old_value,
    r.new_value,
    r.reason,
    r.details,
  ]);
  return createHash('sha256').update(r.prev_hash).update(content).digest('hex');
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
