// The store-and-forward buffer on disk (SQLite, WAL): batches of points wait here, oldest first, until the store acknowledges them.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryPoint } from './historian.js';
import { decodeBatch, encodeBatch, maxSeqs } from './outbox-codec.js';
import { migrateOutbox } from './outbox-migrate.js';

export interface OutboxOptions {
  /** The buffer file (its directory is created). */
  path: string;
  /** Size bound in points; past it the oldest points are dropped (and counted). Default 10 000 000. */
  maxRecords?: number;
  /** FULL (default) survives power loss; NORMAL survives a killed process only. */
  synchronous?: 'FULL' | 'NORMAL';
}

/** One stored batch, its points flagged backfill (they reach the store through the buffer). */
export interface OutboxBatch {
  id: number;
  points: HistoryPoint[];
  enqueuedAt: number;
  attempts: number;
}

export interface QuarantinedBatch {
  batch: string;
  error: string;
  quarantinedAt: number;
  attempts: number;
  points: HistoryPoint[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  points INTEGER NOT NULL,
  payload TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
-- The age bound is checked every few hundred ms: without this index each check reads every batch's
-- payload (enqueued_at comes after it in the row), which at millions of points costs most of a core.
CREATE INDEX IF NOT EXISTS batches_by_age ON batches (enqueued_at, points);
CREATE TABLE IF NOT EXISTS quarantined (
  id INTEGER PRIMARY KEY,
  batch TEXT NOT NULL,
  points INTEGER NOT NULL,
  payload TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  error TEXT NOT NULL,
  quarantined_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tag_seq (tag TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

interface BatchRow {
  id: number;
  points: number;
  payload: string;
  enqueued_at: number;
  attempts: number;
}

/** Synchronous and transactional: every method either happened on disk or did not happen. */
export class Outbox {
  readonly maxRecords: number;
  private readonly db: Database.Database;
  private count: number;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(opts: OutboxOptions) {
    mkdirSync(dirname(opts.path), { recursive: true });
    this.maxRecords = opts.maxRecords ?? 10_000_000;
    this.db = new Database(opts.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${opts.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    this.db.exec(SCHEMA);
    migrateOutbox(this.db);
    this.count = this.countPoints();
  }

  /** Points in the buffer (quarantine excluded). */
  size(): number {
    return this.count;
  }

  /**
   * Appends points as one batch, after every other; over maxRecords, the oldest points are dropped
   * (the oldest batch trimmed if only part of it must go). Answers the new batch's id (null when there
   * were no points) and the drop count.
   */
  append(points: readonly HistoryPoint[], now: number): { id: number | null; dropped: number } {
    if (points.length === 0) return { id: null, dropped: 0 };
    return this.tx(() => {
      const { lastInsertRowid } = this.stmt(
        'INSERT INTO batches (points, payload, enqueued_at) VALUES (?, ?, ?)',
      ).run(points.length, encodeBatch(points), now);
      const bump = this.stmt(
        'INSERT INTO tag_seq (tag, seq) VALUES (?, ?) ON CONFLICT (tag) DO UPDATE SET seq = MAX(seq, excluded.seq)',
      );
      for (const [tag, seq] of maxSeqs(points)) bump.run(tag, seq);
      this.count += points.length;
      const dropped = this.trim(this.count - this.maxRecords);
      this.addCounter('dropped_overflow', dropped);
      return { id: Number(lastInsertRowid), dropped };
    });
  }

  /** The oldest batches, in order, up to `limitPoints` points (at least one batch). */
  take(limitPoints: number): OutboxBatch[] {
    const out: OutboxBatch[] = [];
    let n = 0;
    for (const r of this.stmt(
      'SELECT * FROM batches ORDER BY id',
    ).iterate() as Iterable<BatchRow>) {
      if (out.length > 0 && n + r.points > limitPoints) break;
      out.push(toBatch(r));
      n += r.points;
    }
    return out;
  }

  /** Removes acknowledged batches. */
  remove(ids: readonly number[]): void {
    this.tx(() => {
      for (const id of ids) {
        const r = this.stmt('DELETE FROM batches WHERE id = ? RETURNING points').get(id) as
          { points: number } | undefined;
        this.count -= r?.points ?? 0;
      }
    });
  }

  /** Counts a refused attempt on batches; answers the highest attempt count afterwards. */
  refused(ids: readonly number[], error: string): number {
    return this.tx(() => {
      let most = 0;
      for (const id of ids) {
        const r = this.stmt(
          'UPDATE batches SET attempts = attempts + 1, last_error = ? WHERE id = ? RETURNING attempts',
        ).get(error, id) as { attempts: number } | undefined;
        most = Math.max(most, r?.attempts ?? 0);
      }
      return most;
    });
  }

  /** Moves batches out of the queue into quarantine under one name; answers how many points. */
  quarantine(ids: readonly number[], batch: string, error: string, now: number): number {
    const before = this.count;
    this.tx(() => {
      for (const id of ids) {
        this.stmt(
          `INSERT OR REPLACE INTO quarantined (id, batch, points, payload, enqueued_at, attempts, error, quarantined_at)
           SELECT id, ?, points, payload, enqueued_at, attempts, ?, ? FROM batches WHERE id = ?`,
        ).run(batch, error, now, id);
      }
      this.remove(ids);
    });
    return before - this.count;
  }

  /** Drops batches enqueued before `before` (the age bound); answers how many points. */
  expire(before: number): number {
    return this.tx(() => {
      const r = this.stmt(
        'SELECT COALESCE(SUM(points), 0) AS n FROM batches WHERE enqueued_at < ?',
      ).get(before) as { n: number };
      if (r.n === 0) return 0;
      this.stmt('DELETE FROM batches WHERE enqueued_at < ?').run(before);
      this.count -= r.n;
      this.addCounter('dropped_age', r.n);
      return r.n;
    });
  }

  listQuarantine(): QuarantinedBatch[] {
    const out = new Map<string, QuarantinedBatch>();
    const rows = this.stmt(
      'SELECT batch, error, quarantined_at, attempts, payload FROM quarantined ORDER BY id',
    ).all() as {
      batch: string;
      error: string;
      quarantined_at: number;
      attempts: number;
      payload: string;
    }[];
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
      b.points.push(...decodeBatch(r.payload, false));
    }
    return [...out.values()];
  }

  /** Puts quarantined batches (one name, or all) back in the queue at their place; answers how many points. */
  retryQuarantine(batch?: string): number {
    return this.tx(() => {
      const { where, args, n } = this.quarantined(batch);
      this.db
        .prepare(
          `INSERT INTO batches (id, points, payload, enqueued_at, attempts)
           SELECT id, points, payload, enqueued_at, 0 FROM quarantined ${where}`,
        )
        .run(...args);
      this.db.prepare(`DELETE FROM quarantined ${where}`).run(...args);
      this.count += n;
      return n;
    });
  }

  /** Deletes quarantined batches (one name, or all); answers how many points. */
  discardQuarantine(batch?: string): number {
    return this.tx(() => {
      const { where, args, n } = this.quarantined(batch);
      this.db.prepare(`DELETE FROM quarantined ${where}`).run(...args);
      return n;
    });
  }

  /** The filter for quarantined batches (one name, or all) and how many points they hold. */
  private quarantined(batch?: string): { where: string; args: string[]; n: number } {
    const where = batch === undefined ? '' : 'WHERE batch = ?';
    const args = batch === undefined ? [] : [batch];
    const r = this.db
      .prepare(`SELECT COALESCE(SUM(points), 0) AS n FROM quarantined ${where}`)
      .get(...args) as { n: number };
    return { where, args, n: r.n };
  }

  /** Points in quarantine. */
  quarantineSize(): number {
    const r = this.stmt('SELECT COALESCE(SUM(points), 0) AS n FROM quarantined').get();
    return (r as { n: number }).n;
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

  /** Drops the oldest `over` points (whole batches, the last one trimmed); answers how many went. */
  private trim(over: number): number {
    let left = over;
    while (left > 0) {
      const oldest = this.stmt('SELECT * FROM batches ORDER BY id LIMIT 1').get() as
        BatchRow | undefined;
      if (!oldest) break;
      if (oldest.points <= left) {
        this.stmt('DELETE FROM batches WHERE id = ?').run(oldest.id);
        left -= oldest.points;
      } else {
        const kept = decodeBatch(oldest.payload, false).slice(left);
        this.stmt('UPDATE batches SET points = ?, payload = ? WHERE id = ?').run(
          kept.length,
          encodeBatch(kept),
          oldest.id,
        );
        left = 0;
      }
    }
    const dropped = over - left;
    this.count -= Math.max(0, dropped);
    return Math.max(0, dropped);
  }

  private countPoints(): number {
    return (this.stmt('SELECT COALESCE(SUM(points), 0) AS n FROM batches').get() as { n: number })
      .n;
  }

  private addCounter(name: string, n: number): void {
    if (n <= 0) return;
    this.stmt(
      'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value',
    ).run(name, n);
  }

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
      this.count = this.countPoints();
      throw err;
    }
  }
}

function toBatch(r: BatchRow): OutboxBatch {
  return {
    id: r.id,
    points: decodeBatch(r.payload, true),
    enqueuedAt: r.enqueued_at,
    attempts: r.attempts,
  };
}
