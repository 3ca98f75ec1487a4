// The store-and-forward buffer on disk (SQLite, WAL): points wait here until the store acknowledges them.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryPoint } from './historian.js';

export interface OutboxOptions {
  /** The buffer file (its directory is created). */
  path: string;
  /** Size bound in points; past it the oldest points are dropped (and counted). Default 1 000 000. */
  maxRecords?: number;
  /** FULL (default) survives power loss; NORMAL survives a killed process only. */
  synchronous?: 'FULL' | 'NORMAL';
}

export interface OutboxRow {
  id: number;
  point: HistoryPoint;
  enqueuedAt: number;
  attempts: number;
}

export type Lane = 'live' | 'backfill';

export interface QuarantinedBatch {
  batch: string;
  error: string;
  quarantinedAt: number;
  attempts: number;
  points: HistoryPoint[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tag TEXT NOT NULL,
  seq INTEGER NOT NULL,
  point TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  backfill INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_lane ON outbox (backfill, id);
CREATE TABLE IF NOT EXISTS quarantine (
  id INTEGER PRIMARY KEY,
  batch TEXT NOT NULL,
  tag TEXT NOT NULL,
  seq INTEGER NOT NULL,
  point TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  error TEXT NOT NULL,
  quarantined_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tag_seq (tag TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

interface Row {
  id: number;
  point: string;
  enqueued_at: number;
  attempts: number;
}

/** Synchronous and transactional: every method either happened on disk or did not happen. */
export class Outbox {
  readonly maxRecords: number;
  private readonly db: Database.Database;
  private count: number;

  constructor(opts: OutboxOptions) {
    mkdirSync(dirname(opts.path), { recursive: true });
    this.maxRecords = opts.maxRecords ?? 1_000_000;
    this.db = new Database(opts.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${opts.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    this.db.exec(SCHEMA);
    this.count = (this.stmt('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** Points in the buffer (quarantine excluded). */
  size(): number {
    return this.count;
  }

  laneSize(lane: Lane): number {
    const r = this.stmt('SELECT COUNT(*) AS n FROM outbox WHERE backfill = ?').get(laneFlag(lane));
    return (r as { n: number }).n;
  }

  /** Appends points in one transaction; over maxRecords, the oldest points are dropped. Answers the drop count. */
  append(points: readonly HistoryPoint[], now: number, lane: Lane): number {
    return this.tx(() => {
      const ins = this.stmt(
        'INSERT INTO outbox (tag, seq, point, enqueued_at, backfill) VALUES (?, ?, ?, ?, ?)',
      );
      const bump = this.stmt(
        'INSERT INTO tag_seq (tag, seq) VALUES (?, ?) ON CONFLICT (tag) DO UPDATE SET seq = MAX(seq, excluded.seq)',
      );
      for (const p of points) {
        ins.run(p.name, p.seq, JSON.stringify(p), now, laneFlag(lane));
        bump.run(p.name, p.seq);
      }
      this.count += points.length;
      const over = this.count - this.maxRecords;
      if (over <= 0) return 0;
      const dropped = this.db
        .prepare('DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT ?)')
        .run(over).changes;
      this.count -= dropped;
      this.addCounter('dropped_overflow', dropped);
      return dropped;
    });
  }

  /** The oldest rows of a lane, in arrival order. */
  take(lane: Lane, limit: number): OutboxRow[] {
    const rows = this.db
      .prepare(
        'SELECT id, point, enqueued_at, attempts FROM outbox WHERE backfill = ? ORDER BY id LIMIT ?',
      )
      .all(laneFlag(lane), limit) as Row[];
    return rows.map(toRow);
  }

  /** Removes acknowledged rows. */
  remove(ids: readonly number[]): void {
    this.tx(() => {
      const del = this.stmt('DELETE FROM outbox WHERE id = ?');
      for (const id of ids) this.count -= del.run(id).changes;
    });
  }

  /** Moves rows to the backfill lane (after a failed attempt, or for all rows when the buffer opens). */
  toBackfill(ids?: readonly number[]): void {
    if (!ids) {
      this.stmt('UPDATE outbox SET backfill = 1').run();
      return;
    }
    this.tx(() => {
      const upd = this.stmt('UPDATE outbox SET backfill = 1 WHERE id = ?');
      for (const id of ids) upd.run(id);
    });
  }

  /** Counts a refused attempt on rows; answers their attempt counts afterwards. */
  refused(ids: readonly number[], error: string): number {
    return this.tx(() => {
      const upd = this.stmt(
        'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?',
      );
      for (const id of ids) upd.run(error, id);
      const r = this.stmt('SELECT MAX(attempts) AS a FROM outbox WHERE id = ?').get(ids[0] ?? -1);
      return (r as { a: number | null }).a ?? 0;
    });
  }

  /** Moves rows out of the queue into quarantine under one batch id. */
  quarantine(ids: readonly number[], batch: string, error: string, now: number): void {
    this.tx(() => {
      const mv = this.stmt(
        `INSERT OR REPLACE INTO quarantine (id, batch, tag, seq, point, enqueued_at, attempts, error, quarantined_at)
         SELECT id, ?, tag, seq, point, enqueued_at, attempts, ?, ? FROM outbox WHERE id = ?`,
      );
      const del = this.stmt('DELETE FROM outbox WHERE id = ?');
      for (const id of ids) {
        mv.run(batch, error, now, id);
        this.count -= del.run(id).changes;
      }
    });
  }

  /** Drops rows enqueued before `before` (the age bound); answers how many. */
  expire(before: number): number {
    return this.tx(() => {
      const n = this.stmt('DELETE FROM outbox WHERE enqueued_at < ?').run(before).changes;
      this.count -= n;
      this.addCounter('dropped_age', n);
      return n;
    });
  }

  listQuarantine(): QuarantinedBatch[] {
    const rows = this.db
      .prepare('SELECT batch, error, quarantined_at, attempts, point FROM quarantine ORDER BY id')
      .all() as {
      batch: string;
      error: string;
      quarantined_at: number;
      attempts: number;
      point: string;
    }[];
    const out = new Map<string, QuarantinedBatch>();
    for (const r of rows) {
      let b = out.get(r.batch);
      if (!b) {
        b = {
          batch: r.batch,
          error: r.error,
          quarantinedAt: r.quarantined_at,
          attempts: r.attempts,
          points: [],
        };
        out.set(r.batch, b);
      }
      b.points.push(JSON.parse(r.point) as HistoryPoint);
    }
    return [...out.values()];
  }

  /** Puts quarantined rows (one batch, or all) back in the queue at their original place; answers how many. */
  retryQuarantine(batch?: string): number {
    return this.tx(() => {
      const where = batch === undefined ? '' : 'WHERE batch = ?';
      const args = batch === undefined ? [] : [batch];
      const n = this.db
        .prepare(
          `INSERT INTO outbox (id, tag, seq, point, enqueued_at, attempts, backfill)
           SELECT id, tag, seq, point, enqueued_at, 0, 1 FROM quarantine ${where}`,
        )
        .run(...args).changes;
      this.stmt(`DELETE FROM quarantine ${where}`).run(...args);
      this.count += n;
      return n;
    });
  }

  /** Deletes quarantined rows (one batch, or all); answers how many. */
  discardQuarantine(batch?: string): number {
    if (batch === undefined) return this.stmt('DELETE FROM quarantine').run().changes;
    return this.stmt('DELETE FROM quarantine WHERE batch = ?').run(batch).changes;
  }

  quarantineSize(): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM quarantine').get() as { n: number }).n;
  }

  lastSeqs(): Record<string, number> {
    const rows = this.stmt('SELECT tag, seq FROM tag_seq').all() as { tag: string; seq: number }[];
    return Object.fromEntries(rows.map((r) => [r.tag, r.seq]));
  }

  counter(name: 'dropped_overflow' | 'dropped_age'): number {
    const r = this.stmt('SELECT value FROM counters WHERE name = ?').get(name);
    return (r as { value: number } | undefined)?.value ?? 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private addCounter(name: string, n: number): void {
    if (n === 0) return;
    this.db
      .prepare(
        'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value',
      )
      .run(name, n);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text. */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private tx<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (err) {
      this.count = (this.stmt('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
      throw err;
    }
  }
}

const laneFlag = (lane: Lane): number => (lane === 'backfill' ? 1 : 0);

function toRow(r: Row): OutboxRow {
  return {
    id: r.id,
    point: JSON.parse(r.point) as HistoryPoint,
    enqueuedAt: r.enqueued_at,
    attempts: r.attempts,
  };
}
