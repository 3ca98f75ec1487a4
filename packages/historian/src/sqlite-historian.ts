// The embedded historian: one SQLite file (WAL) answering exactly like InfluxDB, from rollups where they fit.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isQuality, qualityFromCode, severityOf, STATUS_CODES } from '@zld/tags';
import type {
  Historian,
  HistorianHealth,
  HistoryPoint,
  HistoryQuery,
  HistorySeries,
} from './historian.js';
import { HistorianError } from './historian.js';
import { assertPoint, storableValue } from './identifiers.js';
import { mergePartials } from './partial-bucket.js';
import { bucketWidth, checkQuery } from './query-plan.js';
import { ROLLUP_WIDTHS, planSegments, timesByTag } from './rollup-plan.js';
import { SqliteRollups } from './sqlite-rollups.js';

export interface SqliteHistorianOptions {
  /** The database file (its directory is created), or ':memory:'. */
  path: string;
  /** Answer from rollups where they fit (default). false: always from the raw samples (rollups are kept all the same). */
  queryRollups?: boolean;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS samples (
  tag TEXT NOT NULL,
  ts INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  value REAL,
  status INTEGER NOT NULL,
  quality TEXT NOT NULL,
  bad INTEGER NOT NULL,
  gateway_ts INTEGER NOT NULL,
  ts_origin TEXT NOT NULL,
  backfill INTEGER NOT NULL,
  PRIMARY KEY (tag, ts, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tag_seq (tag TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
`;

interface SampleRow {
  tag: string;
  ts: number;
  seq: number;
  value: number | null;
  status: number;
  quality: string;
  gateway_ts: number;
  ts_origin: string;
  backfill: number;
}

/** Busy, full or I/O errors may pass; anything else is the data's fault. */
function classify(err: unknown): HistorianError {
  if (err instanceof HistorianError) return err;
  const code = (err as { code?: unknown }).code;
  const transient =
    typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN)/.test(code);
  return new HistorianError(`SQLite: ${(err as Error).message}`, transient, { cause: err });
}

export class SqliteHistorian implements Historian {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly bumpSeq: Database.Statement;
  private readonly raw: Database.Statement<[string, number, number, number], SampleRow>;
  private readonly rollups: SqliteRollups;
  private readonly queryWidths: readonly number[];
  private readonly writeTx: (points: readonly HistoryPoint[]) => void;

  constructor(opts: SqliteHistorianOptions) {
    if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true });
    this.db = new Database(opts.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      `INSERT OR REPLACE INTO samples (tag, ts, seq, value, status, quality, bad, gateway_ts, ts_origin, backfill)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.bumpSeq = this.db.prepare(
      'INSERT INTO tag_seq (tag, seq) VALUES (?, ?) ON CONFLICT (tag) DO UPDATE SET seq = MAX(seq, excluded.seq)',
    );
    this.raw = this.db.prepare(
      'SELECT * FROM samples WHERE tag = ? AND ts >= ? AND ts < ? ORDER BY ts, seq LIMIT ?',
    );
    this.rollups = new SqliteRollups(this.db, ROLLUP_WIDTHS);
    this.queryWidths = opts.queryRollups === false ? [] : ROLLUP_WIDTHS;
    this.writeTx = this.db.transaction((points: readonly HistoryPoint[]) => {
      const top = new Map<string, number>();
      for (const p of points) {
        this.insert.run(
          p.name,
          p.ts,
          p.seq,
          storableValue(p.value),
          STATUS_CODES[p.quality],
          p.quality,
          severityOf(p.quality) === 'Bad' ? 1 : 0,
          p.gatewayTs,
          p.tsOrigin,
          p.backfill ? 1 : 0,
        );
        top.set(p.name, Math.max(top.get(p.name) ?? 0, p.seq));
      }
      for (const [tag, seq] of top) this.bumpSeq.run(tag, seq);
      for (const [tag, times] of timesByTag(points)) this.rollups.refresh(tag, times);
    });
  }

  static async open(opts: SqliteHistorianOptions): Promise<SqliteHistorian> {
    return new SqliteHistorian(opts);
  }

  async write(points: readonly HistoryPoint[]): Promise<void> {
    points.forEach(assertPoint);
    try {
      this.writeTx(points);
    } catch (err) {
      throw classify(err);
    }
  }

  async query(query: HistoryQuery): Promise<HistorySeries[]> {
    const q = checkQuery(query);
    const width = bucketWidth(q.from, q.to, q.maxPoints);
    const segments = planSegments(q.from, q.to, width, this.queryWidths);
    try {
      return q.tags.map((name): HistorySeries => {
        // One bounded read decides: fewer than maxPoints points in the window are answered raw.
        const raw = this.raw.all(name, q.from, q.to, q.maxPoints);
        if (raw.length < q.maxPoints) return { name, mode: 'raw', points: raw.map(toPoint) };
        const parts = segments.map((seg) => this.rollups.partials(name, seg, width));
        return { name, mode: 'buckets', bucketMs: width, buckets: mergePartials(parts) };
      });
    } catch (err) {
      throw classify(err);
    }
  }

  async lastSeqs(): Promise<Record<string, number>> {
    const rows = this.db.prepare('SELECT tag, seq FROM tag_seq').all() as {
      tag: string;
      seq: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.tag, r.seq]));
  }

  health(): HistorianHealth {
    return { backend: 'sqlite', state: this.db.open ? 'ok' : 'down', backlog: 0 };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toPoint(r: SampleRow): HistoryPoint {
  return {
    name: r.tag,
    value: r.value,
    quality: isQuality(r.quality) ? r.quality : qualityFromCode(r.status),
    ts: r.ts,
    gatewayTs: r.gateway_ts,
    tsOrigin: r.ts_origin === 'source' ? 'source' : 'gateway',
    seq: r.seq,
    backfill: r.backfill === 1,
  };
}
