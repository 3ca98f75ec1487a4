// SQLite rollups: per tag and width, the aggregates of each interval: stored rows, recomputation from the samples, partial answers.
import type Database from 'better-sqlite3';
import type { PartialBucket } from './partial-bucket.js';
import type { RollupRow } from './rollup-book.js';
import type { OpenIntervals } from './rollup-fold.js';
import type { Segment } from './rollup-plan.js';
import { RAW, intervalStarts, timesByTag } from './rollup-plan.js';

/** Bumped when the rollup rows change meaning; an older file gets its rollups rebuilt at open. */
const FORMAT = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rollups (
  tag TEXT NOT NULL,
  width INTEGER NOT NULL,
  t INTEGER NOT NULL,
  n INTEGER NOT NULL,
  nv INTEGER NOT NULL,
  vsum REAL,
  vmin REAL,
  vmax REAL,
  vlast REAL,
  worst INTEGER NOT NULL,
  bad INTEGER NOT NULL,
  PRIMARY KEY (tag, width, t)
) WITHOUT ROWID;
`;

/** The interval [$t, $t + $width) of one tag, from the raw samples (replaces the row: exact under replay). */
const FROM_RAW = `
INSERT OR REPLACE INTO rollups (tag, width, t, n, nv, vsum, vmin, vmax, vlast, worst, bad)
SELECT $tag, $width, $t, COUNT(*), COUNT(value), SUM(value), MIN(value), MAX(value),
  (SELECT l.value FROM samples l
    WHERE l.tag = $tag AND l.ts >= $t AND l.ts < $t + $width AND l.value IS NOT NULL
    ORDER BY l.ts DESC, l.seq DESC LIMIT 1),
  MAX(status), SUM(bad)
FROM samples WHERE tag = $tag AND ts >= $t AND ts < $t + $width
HAVING COUNT(*) > 0`;

/** The interval [$t, $t + $width) of one tag, from the rollups of the next finer width $lower. */
const FROM_ROLLUPS = `
INSERT OR REPLACE INTO rollups (tag, width, t, n, nv, vsum, vmin, vmax, vlast, worst, bad)
SELECT $tag, $width, $t, SUM(n), SUM(nv), SUM(vsum), MIN(vmin), MAX(vmax),
  (SELECT l.vlast FROM rollups l
    WHERE l.tag = $tag AND l.width = $lower AND l.t >= $t AND l.t < $t + $width AND l.vlast IS NOT NULL
    ORDER BY l.t DESC LIMIT 1),
  MAX(worst), SUM(bad)
FROM rollups WHERE tag = $tag AND width = $lower AND t >= $t AND t < $t + $width
HAVING COUNT(*) > 0`;

// Buckets by integer division of time (parameters arrive as REAL, hence the cast). `last` is the last
// non-null value of the bucket's part inside [$from, $to).
const RAW_PARTIALS = `
WITH k AS (SELECT CAST($w AS INTEGER) AS w)
SELECT (s.ts / k.w) * k.w AS t, COUNT(*) AS n, COUNT(s.value) AS nv, SUM(s.value) AS sum,
  MIN(s.value) AS min, MAX(s.value) AS max, MAX(s.status) AS worst, SUM(s.bad) AS bad,
  (SELECT l.value FROM samples l
    WHERE l.tag = $tag AND l.value IS NOT NULL
      AND l.ts >= MAX((s.ts / k.w) * k.w, $from) AND l.ts < MIN((s.ts / k.w) * k.w + k.w, $to)
    ORDER BY l.ts DESC, l.seq DESC LIMIT 1) AS last
FROM samples s, k WHERE s.tag = $tag AND s.ts >= $from AND s.ts < $to
GROUP BY 1 ORDER BY 1`;

// The row of the interval starting at $skip is left out (the tag's open interval, taken from memory).
const ROLLUP_PARTIALS = `
WITH k AS (SELECT CAST($w AS INTEGER) AS w)
SELECT (r.t / k.w) * k.w AS t, SUM(r.n) AS n, SUM(r.nv) AS nv, SUM(r.vsum) AS sum,
  MIN(r.vmin) AS min, MAX(r.vmax) AS max, MAX(r.worst) AS worst, SUM(r.bad) AS bad,
  (SELECT l.vlast FROM rollups l
    WHERE l.tag = $tag AND l.width = $level AND l.vlast IS NOT NULL AND l.t <> $skip
      AND l.t >= MAX((r.t / k.w) * k.w, $from) AND l.t < MIN((r.t / k.w) * k.w + k.w, $to)
    ORDER BY l.t DESC LIMIT 1) AS last
FROM rollups r, k WHERE r.tag = $tag AND r.width = $level AND r.t >= $from AND r.t < $to
  AND r.t <> $skip
GROUP BY 1 ORDER BY 1`;

const STORE = `
INSERT OR REPLACE INTO rollups (tag, width, t, n, nv, vsum, vmin, vmax, vlast, worst, bad)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const LAST_KEY = 'SELECT ts, seq FROM samples WHERE tag = ? ORDER BY ts DESC, seq DESC LIMIT 1';

const ROW = `SELECT t, n, nv, vsum AS sum, vmin AS min, vmax AS max, vlast AS last, worst, bad
FROM rollups WHERE tag = ? AND width = ? AND t = ?`;

type Params = Record<string, number | string>;

export class SqliteRollups {
  private readonly fromRaw: Database.Statement<[Params]>;
  private readonly fromRollups: Database.Statement<[Params]>;
  private readonly rawPartials: Database.Statement<[Params], PartialBucket>;
  private readonly rollupPartials: Database.Statement<[Params], PartialBucket>;
  private readonly store: Database.Statement;
  private readonly lastKey: Database.Statement<[string], { ts: number; seq: number }>;
  private readonly row: Database.Statement<[string, number, number], PartialBucket>;

  /** Creates the table (the `samples` table must exist) and rebuilds the rollups of an older file. */
  constructor(
    private readonly db: Database.Database,
    private readonly widths: readonly number[],
  ) {
    db.exec(SCHEMA);
    this.fromRaw = db.prepare(FROM_RAW);
    this.fromRollups = db.prepare(FROM_ROLLUPS);
    this.rawPartials = db.prepare(RAW_PARTIALS);
    this.rollupPartials = db.prepare(ROLLUP_PARTIALS);
    this.store = db.prepare(STORE);
    this.lastKey = db.prepare(LAST_KEY);
    this.row = db.prepare(ROW);
    if ((db.pragma('user_version', { simple: true }) as number) < FORMAT) {
      db.transaction(() => {
        this.rebuild();
        db.pragma(`user_version = ${FORMAT}`);
      })();
    }
  }

  /** Recomputes every rollup interval holding one of these samples; call in the write's transaction. */
  refresh(tag: string, times: readonly number[]): void {
    let starts: readonly number[] = times;
    let lower = RAW;
    for (const width of this.widths) {
      starts = intervalStarts(starts, width);
      for (const t of starts) {
        if (lower === RAW) this.fromRaw.run({ tag, width, t });
        else this.fromRollups.run({ tag, width, lower, t });
      }
      lower = width;
    }
  }

  /** Recomputes all rollups from the samples (a file written before rollups existed). */
  rebuild(): void {
    this.db.exec('DELETE FROM rollups');
    const first = this.widths[0];
    if (first === undefined) return;
    const rows = this.db
      .prepare(
        `WITH k AS (SELECT CAST($w AS INTEGER) AS w)
         SELECT DISTINCT s.tag AS name, (s.ts / k.w) * k.w AS ts FROM samples s, k`,
      )
      .all({ w: first }) as { name: string; ts: number }[];
    for (const [tag, times] of timesByTag(rows)) this.refresh(tag, times);
  }

  /** Writes rows as they are (intervals that closed, or open ones that are due). */
  put(rows: readonly RollupRow[]): void {
    for (const { tag, width, partial: p } of rows)
      this.store.run(tag, width, p.t, p.n, p.nv, p.sum, p.min, p.max, p.last, p.worst, p.bad);
  }

  /** The tag's latest stored sample and, per width, the stored row of the interval holding it. */
  openIntervals(tag: string): OpenIntervals {
    const last = this.lastKey.get(tag);
    if (last === undefined) return { last: null, open: this.widths.map(() => null) };
    return {
      last: [last.ts, last.seq % 1_000_000],
      open: this.widths.map((w) => this.row.get(tag, w, Math.floor(last.ts / w) * w) ?? null),
    };
  }

  /** Recomputes the intervals holding the tag's latest sample from the samples (rows written lazily may be behind). */
  refreshOpen(tag: string): void {
    const last = this.lastKey.get(tag);
    if (last !== undefined) this.refresh(tag, [last.ts]);
  }

  /**
   * The partial buckets of one tag over one segment of a window, by epoch-aligned buckets of `w`;
   * `skip`: the start of an interval whose stored row is left out (-1: none).
   */
  partials(tag: string, s: Segment, w: number, skip = -1): PartialBucket[] {
    const p = { tag, from: s.from, to: s.to, w };
    return s.width === RAW
      ? this.rawPartials.all(p)
      : this.rollupPartials.all({ ...p, level: s.width, skip });
  }
}
