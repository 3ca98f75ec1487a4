// The embedded store's answers: raw points or buckets, from rollup rows where they fit and each tag's open intervals from memory.
import type Database from 'better-sqlite3';
import { isQuality, qualityFromCode } from '@zld/tags';
import type { HistoryPoint, HistoryQuery, HistorySeries } from './historian.js';
import type { PartialBucket } from './partial-bucket.js';
import { combineSorted, mergePartials } from './partial-bucket.js';
import { bucketWidth } from './query-plan.js';
import { RAW, planSegments, type Segment } from './rollup-plan.js';
import type { SqliteRollups } from './sqlite-rollups.js';
import { rowPartials, type SampleRow, type SqliteStage } from './sqlite-stage.js';

/** A tag's open interval of a width, as folded in memory (its stored row may be behind); null: none. */
export type OpenOf = (tag: string, width: number) => PartialBucket | null;

export class SqliteQueries {
  private readonly raw: Database.Statement<[string, number, number, number], SampleRow>;

  /** `widths`: the rollup widths queries may read (none: every answer from the raw samples). */
  constructor(
    db: Database.Database,
    private readonly rollups: SqliteRollups,
    private readonly stage: SqliteStage,
    private readonly widths: readonly number[],
    private readonly openOf: OpenOf,
  ) {
    this.raw = db.prepare(
      'SELECT * FROM samples WHERE tag = ? AND ts >= ? AND ts < ? ORDER BY ts, seq LIMIT ?',
    );
  }

  /** Answers a query already checked (`checkQuery`). */
  answer(q: HistoryQuery): HistorySeries[] {
    const width = bucketWidth(q.from, q.to, q.maxPoints);
    const segments = planSegments(q.from, q.to, width, this.widths);
    const staged = this.stage.rowsOf(q.tags, q.from, q.to);
    return q.tags.map((name): HistorySeries => {
      // One bounded read decides: fewer than maxPoints points in the window are answered raw. Staged
      // rows come after every row of their tag in `samples`.
      const raw = this.raw.all(name, q.from, q.to, q.maxPoints);
      const late = staged.get(name) ?? [];
      if (raw.length + late.length < q.maxPoints)
        return { name, mode: 'raw', points: [...raw, ...late].map(toPoint) };
      const parts = segments.map((seg) => this.partials(name, seg, width, late));
      return { name, mode: 'buckets', bucketMs: width, buckets: mergePartials(parts) };
    });
  }

  /**
   * One segment's partial buckets. Raw: stored rows, then staged ones. From rollups: the stored row of
   * the tag's open interval is replaced by the one in memory, combined into its bucket as the later
   * part (it holds the tag's latest sample).
   */
  private partials(
    tag: string,
    seg: Segment,
    w: number,
    late: readonly SampleRow[],
  ): PartialBucket[] {
    if (seg.width === RAW)
      return combineSorted(
        this.rollups.partials(tag, seg, w),
        rowPartials(late, seg.from, seg.to, w),
      );
    const open = this.openOf(tag, seg.width);
    if (open === null || open.t < seg.from || open.t >= seg.to)
      return this.rollups.partials(tag, seg, w);
    return withOpen(this.rollups.partials(tag, seg, w, open.t), open, w);
  }
}

/** Partial buckets (sorted by `t`) with an open interval combined into its bucket as the later part. */
export function withOpen(parts: PartialBucket[], open: PartialBucket, w: number): PartialBucket[] {
  return combineSorted(parts, [{ ...open, t: Math.floor(open.t / w) * w }]);
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
