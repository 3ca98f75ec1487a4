// SQLite rollups: per tag and width, the aggregates of each interval, recomputed from the samples a write touched.
import type Database from 'better-sqlite3';
import type { PartialBucket } from './partial-bucket.js';
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

const ROLLUP_PARTIALS = `
WITH k AS (SELECT CAST($w AS INTEGER) AS w)
SELECT (r.t / k.w) * k.w AS t, SUM(r.n) AS n, SUM(r.nv) AS nv, SUM(r.vsum) AS sum,
  MIN(r.vmin) AS min, MAX(r.vmax) AS max, MAX(r.worst) AS worst, SUM(r.bad) AS bad,
  (SELECT l.vlast FROM rollups l
    WHERE l.tag = $tag AND l.width = $level AND l.vlast IS NOT NULL
      AND l.t >= MAX((r.t / k.w) * k.w, $from) AND l.t < MIN((r.t / k.w) * k.w + k.w, $to)
    ORDER BY l.t DESC LIMIT 1) AS last
FROM rollups r, k WHERE r.tag = $tag AND r.width = $level AND r.t >= $from AND r.t < $to
GROUP BY 1 ORDER BY 1`;

type Params = Record<string, number | string>;

export class SqliteRollups {
  private readonly fromRaw: Database.Statement<[Params]>;
  private readonly fromRollups: Database.Statement<[Params]>;
  private readonly rawPartials: Database.Statement<[Params], PartialBucket>;
  private readonly rollupPartials: Database.Statement<[Params], PartialBucket>;

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

  /** The partial buckets of one tag over one segment of a window, by epoch-aligned buckets of `w`. */
  partials(tag: string, s: Segment, w: number): PartialBucket[] {
    const p = { tag, from: s.from, to: s.to, w };
    return s.width === RAW
      ? this.rawPartials.all(p)
      : this.rollupPartials.all({ ...p, level: s.width });
  }
}
