// The stage: new samples appended in arrival order (a commit touches few pages), merged into `samples` in key order in bulk.
import type Database from 'better-sqlite3';
import { STATUS_CODES, severityOf } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import type { PartialBucket } from './partial-bucket.js';

/** The columns of a stored sample, in `samples` and in the stage alike (merges copy them as they are). */
export const SAMPLE_COLUMNS_SQL = `
  tag TEXT NOT NULL,
  ts INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  value REAL,
  status INTEGER NOT NULL,
  quality TEXT NOT NULL,
  bad INTEGER NOT NULL,
  gateway_ts INTEGER NOT NULL,
  ts_origin TEXT NOT NULL,
  backfill INTEGER NOT NULL`;

const SCHEMA = `CREATE TABLE IF NOT EXISTS stage (id INTEGER PRIMARY KEY,${SAMPLE_COLUMNS_SQL});`;

const COLUMNS = 'tag, ts, seq, value, status, quality, bad, gateway_ts, ts_origin, backfill';

/** A stored sample as SQLite returns it (from `samples` or the stage). */
export interface SampleRow {
  tag: string;
  ts: number;
  seq: number;
  value: number | null;
  status: number;
  quality: string;
  bad: number;
  gateway_ts: number;
  ts_origin: string;
  backfill: number;
}

/**
 * A tag's staged samples all come after its rows in `samples` (only samples newer than everything
 * stored of their tag are staged; anything else merges the stage first and goes to `samples` directly).
 * Readers see both tables: queries read the staged rows of the tags asked for with one scan.
 */
export class SqliteStage {
  private readonly add: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly moveAll: Database.Statement;
  private readonly clear: Database.Statement;
  private readonly bumpSeqs: Database.Statement;
  private readonly count: Database.Statement<[], number>;
  private readonly recent: Database.Statement<[string, number, number], SampleRow>;
  /** Rows staged (as committed). */
  rows = 0;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    const values = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?';
    this.add = db.prepare(`INSERT INTO stage (${COLUMNS}) VALUES (${values})`);
    this.insert = db.prepare(`INSERT OR REPLACE INTO samples (${COLUMNS}) VALUES (${values})`);
    this.moveAll = db.prepare(
      `INSERT OR REPLACE INTO samples (${COLUMNS})
       SELECT ${COLUMNS} FROM stage ORDER BY tag, ts, seq, id`,
    );
    this.clear = db.prepare('DELETE FROM stage');
    this.bumpSeqs = db.prepare(
      `INSERT INTO tag_seq (tag, seq) SELECT tag, MAX(seq) FROM stage WHERE true GROUP BY tag
       ON CONFLICT (tag) DO UPDATE SET seq = MAX(seq, excluded.seq)`,
    );
    this.count = db.prepare('SELECT count(*) FROM stage').pluck() as Database.Statement<[], number>;
    this.recent = db.prepare(
      `SELECT ${COLUMNS} FROM stage
       WHERE tag IN (SELECT value FROM json_each(?)) AND ts >= ? AND ts < ?`,
    );
    this.recount();
  }

  /** Counts the staged rows again (after a rolled-back transaction). */
  recount(): void {
    this.rows = this.count.get() ?? 0;
  }

  /** Appends a sample to the stage (`direct`: straight into `samples`, for replays and late samples). */
  put(p: HistoryPoint, direct = false): void {
    (direct ? this.insert : this.add).run(
      p.name,
      p.ts,
      p.seq,
      p.value,
      STATUS_CODES[p.quality],
      p.quality,
      severityOf(p.quality) === 'Bad' ? 1 : 0,
      p.gatewayTs,
      p.tsOrigin,
      p.backfill ? 1 : 0,
    );
    if (!direct) this.rows++;
  }

  /**
   * Moves every staged row into `samples` in key order and their tags' last sequence numbers into
   * `tag_seq`; call in a transaction. Answers how many rows.
   */
  merge(): number {
    this.recount();
    if (this.rows === 0) return 0;
    const n = this.rows;
    this.bumpSeqs.run();
    this.moveAll.run();
    this.clear.run();
    this.rows = 0;
    return n;
  }

  /** Per tag, its staged rows in [from, to), in key order (one scan of the stage). */
  rowsOf(tags: readonly string[], from: number, to: number): Map<string, SampleRow[]> {
    // Scanned even when this connection staged nothing: another one may have.
    const out = new Map<string, SampleRow[]>();
    for (const r of this.recent.all(JSON.stringify(tags), from, to)) {
      const list = out.get(r.tag);
      if (list) list.push(r);
      else out.set(r.tag, [r]);
    }
    for (const list of out.values()) list.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
    return out;
  }
}

/** The partial buckets (width `w`, epoch-aligned) of rows in key order, within [from, to). */
export function rowPartials(
  rows: readonly SampleRow[],
  from: number,
  to: number,
  w: number,
): PartialBucket[] {
  const out: PartialBucket[] = [];
  for (const r of rows) {
    if (r.ts < from || r.ts >= to) continue;
    const t = Math.floor(r.ts / w) * w;
    let p = out[out.length - 1];
    if (p === undefined || p.t !== t) {
      p = { t, n: 0, nv: 0, sum: null, min: null, max: null, last: null, worst: 0, bad: 0 };
      out.push(p);
    }
    p.n++;
    p.worst = Math.max(p.worst, r.status);
    p.bad += r.bad;
    const v = r.value;
    if (v !== null) {
      p.nv++;
      p.sum = (p.sum ?? 0) + v;
      p.min = p.min === null ? v : Math.min(p.min, v);
      p.max = p.max === null ? v : Math.max(p.max, v);
      p.last = v;
    }
  }
  return out;
}
