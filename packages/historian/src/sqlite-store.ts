// The embedded store on its worker thread: one SQLite connection (WAL); per batch one transaction; open rollup intervals folded in memory.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryPoint, HistoryQuery, HistorySeries } from './historian.js';
import { HistorianError } from './historian.js';
import { RollupBook, type RollupRow } from './rollup-book.js';
import { ROLLUP_WIDTHS } from './rollup-plan.js';
import { pointAt, type BatchColumns } from './sqlite-protocol.js';
import { SqliteQueries } from './sqlite-query.js';
import { SqliteRollups } from './sqlite-rollups.js';
import { SAMPLE_COLUMNS_SQL, SqliteStage } from './sqlite-stage.js';

export interface SqliteStoreOptions {
  /** The database file (its directory is created), or ':memory:'. */
  path: string;
  /** Answer from rollups where they fit (default). false: always from the raw samples (rollups are kept all the same). */
  queryRollups?: boolean;
  /** Merge the stage into `samples` once it holds this many rows. Default 100 000. */
  mergeRows?: number;
  /** Or once its oldest row waited this long (ms). Default 10 000. */
  mergeAgeMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS samples (${SAMPLE_COLUMNS_SQL},
  PRIMARY KEY (tag, ts, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tag_seq (tag TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/**
 * `meta` row: `lazy` while a writer holds open rollup intervals in memory whose rows may be behind;
 * `stored` (or no row: a file of a version that wrote every interval at once) after a clean close.
 */
const OPEN_ROWS = 'open_rollups';

/** Busy, full or I/O errors may pass; anything else is the data's fault. */
export function classify(err: unknown): HistorianError {
  if (err instanceof HistorianError) return err;
  const code = (err as { code?: unknown }).code;
  const transient =
    typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN)/.test(code);
  return new HistorianError(`SQLite: ${(err as Error).message}`, transient, { cause: err });
}

const nothingStored = (widths: readonly number[]) => ({
  last: null,
  open: widths.map(() => null),
});

/**
 * Exact as long as it is the only writer of its file. Every rollup row is exact except, per tag and
 * width, the open interval's (written when due, at close, or recomputed at open after a crash);
 * queries take those from the book.
 */
export class SqliteStore {
  private readonly db: Database.Database;
  private readonly stage: SqliteStage;
  private readonly bumpSeq: Database.Statement;
  private readonly setMeta: Database.Statement<[string, string]>;
  private readonly rollups: SqliteRollups;
  private readonly queries: SqliteQueries;
  private readonly book: RollupBook;
  /** The tag-name table, by index (grown by each batch). */
  private readonly names: string[] = [];
  /** This store marked the file `lazy` (it wrote). */
  private lazy = false;
  private readonly mergeRows: number;
  private readonly mergeAgeMs: number;
  /** When the stage last went from empty to holding rows (performance.now()). */
  private stagedSince = 0;

  constructor(opts: SqliteStoreOptions) {
    this.mergeRows = opts.mergeRows ?? 100_000;
    this.mergeAgeMs = opts.mergeAgeMs ?? 10_000;
    if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true });
    this.db = new Database(opts.path);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      // The stage is merged in key order: its sort in memory, and room for the pages it touches.
      this.db.pragma('temp_store = MEMORY');
      this.db.pragma('cache_size = -32768');
      // A thread of its own checkpoints the WAL; the writer does it itself only past ~80 MB.
      this.db.pragma('wal_autocheckpoint = 20000');
      this.db.exec(SCHEMA);
      this.stage = new SqliteStage(this.db);
      this.bumpSeq = this.db.prepare(
        'INSERT INTO tag_seq (tag, seq) VALUES (?, ?) ON CONFLICT (tag) DO UPDATE SET seq = MAX(seq, excluded.seq)',
      );
      this.setMeta = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      this.rollups = new SqliteRollups(this.db, ROLLUP_WIDTHS);
      const widths = opts.queryRollups === false ? [] : ROLLUP_WIDTHS;
      this.queries = new SqliteQueries(this.db, this.rollups, this.stage, widths, (tag, width) =>
        this.book.openOf(tag, width),
      );
      this.book = this.loadBook();
    } catch (err) {
      this.db.close();
      throw classify(err);
    }
  }

  /**
   * Takes every tag's open intervals from the stored rows. When the file was not closed cleanly, first
   * merges what was staged and recomputes them from the samples (rows written lazily may be behind),
   * writing them.
   */
  private loadBook(): RollupBook {
    const marker = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(OPEN_ROWS);
    const recover = marker === 'lazy';
    const book = new RollupBook(ROLLUP_WIDTHS);
    this.db.transaction(() => {
      this.stage.merge();
      const tags = this.db.prepare('SELECT tag FROM tag_seq').pluck().all() as string[];
      for (const tag of tags) {
        if (recover) this.rollups.refreshOpen(tag);
        book.adopt(tag, this.rollups.openIntervals(tag));
      }
    })();
    return book;
  }

  /** Stores a batch: samples, closed rollup intervals, replays recomputed; one transaction. */
  write(c: BatchColumns, newNames: readonly string[]): void {
    this.names.push(...newNames);
    const groups = new Map<string, HistoryPoint[]>();
    for (let i = 0; i < c.count; i++) {
      const p = pointAt(c, i, this.names);
      const list = groups.get(p.name);
      if (list) list.push(p);
      else groups.set(p.name, [p]);
    }
    // Rolled back, the file is as before the batch: so is the book, its tags put back as they were.
    const before = this.book.snapshot(groups.keys());
    try {
      this.db.transaction(() => this.writeTx(groups))();
    } catch (err) {
      this.book.restore(before);
      this.stage.recount();
      throw classify(err);
    }
    this.lazy = true;
    if (this.stagedSince === 0 && this.stage.rows > 0) this.stagedSince = performance.now();
  }

  private writeTx(groups: Map<string, HistoryPoint[]>): void {
    const closed: RollupRow[] = [];
    const refused: [string, HistoryPoint[], number | null][] = [];
    for (const [tag, points] of groups) {
      if (!this.book.has(tag)) this.book.adopt(tag, nothingStored(ROLLUP_WIDTHS));
      const lastTs = this.book.lastOf(tag)?.[0] ?? null;
      const rows = this.book.fold(tag, points);
      if (rows === null) refused.push([tag, points, lastTs]);
      else for (const r of rows) closed.push(r);
    }
    // Anything but new samples: the stage first, so that every staged sample stays newer than the
    // tag's rows in `samples`, then the samples themselves straight into `samples`.
    if (refused.length > 0) this.stage.merge();
    const direct = new Set(refused.map(([tag]) => tag));
    for (const [tag, points] of groups) {
      const straight = direct.has(tag);
      let top = 0;
      for (const p of points) {
        this.stage.put(p, straight);
        top = Math.max(top, p.seq);
      }
      // Staged samples reach `tag_seq` when the stage is merged.
      if (straight) this.bumpSeq.run(tag, top);
    }
    // Their intervals (and the tag's open ones) from the samples, then the tag's state from the rows,
    // now exact.
    for (const [tag, points, lastTs] of refused) {
      const times = points.map((p) => p.ts);
      this.rollups.refresh(tag, lastTs === null ? times : [...times, lastTs]);
      this.book.adopt(tag, this.rollups.openIntervals(tag));
    }
    this.rollups.put(closed);
    if (!this.lazy) this.setMeta.run(OPEN_ROWS, 'lazy');
  }

  /** Merges the stage into `samples` when it is large or old enough (or `force`); answers the rows moved. */
  maybeMerge(force = false): number {
    const due =
      this.stage.rows >= this.mergeRows ||
      (this.stage.rows > 0 && performance.now() - this.stagedSince >= this.mergeAgeMs);
    if (!force && !due) return 0;
    try {
      const n = this.db.transaction(() => this.stage.merge())();
      this.stagedSince = 0;
      return n;
    } catch (err) {
      this.stage.recount();
      throw classify(err);
    }
  }

  /** Writes the open intervals that changed since last written; answers how many rows. */
  flushOpen(): number {
    if (!this.book.hasDirty()) return 0;
    const rows = this.book.takeDirty();
    try {
      this.db.transaction(() => this.rollups.put(rows))();
    } catch (err) {
      this.book.redirty(rows);
      throw classify(err);
    }
    return rows.length;
  }

  query(q: HistoryQuery): HistorySeries[] {
    try {
      return this.queries.answer(q);
    } catch (err) {
      throw classify(err);
    }
  }

  lastSeqs(): Record<string, number> {
    const rows = this.db
      .prepare(
        `SELECT tag, MAX(seq) AS seq FROM
           (SELECT tag, seq FROM tag_seq UNION ALL SELECT tag, seq FROM stage) GROUP BY tag`,
      )
      .all() as {
      tag: string;
      seq: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.tag, r.seq]));
  }

  /** Writes the open intervals, marks the file closed cleanly (when this store wrote) and closes it. */
  close(): void {
    if (!this.db.open) return;
    try {
      const rows = this.book.takeDirty();
      this.db.transaction(() => {
        this.stage.merge();
        this.rollups.put(rows);
        if (this.lazy) this.setMeta.run(OPEN_ROWS, 'stored');
      })();
    } finally {
      this.db.close();
    }
  }
}
