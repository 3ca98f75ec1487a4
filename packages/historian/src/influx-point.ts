// Maps InfluxDB answer rows back to history points and partial buckets (line-protocol writing is influx-line.ts).
import { isQuality, qualityFromCode, STATUS_CODES } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import { BAD_STATUS, ORIGIN_KEY, TAG_KEY } from './influxql.js';
import type { PartialBucket } from './partial-bucket.js';
import { bucketStart } from './query-plan.js';

/** One series of an InfluxDB JSON answer (`epoch=ms`). */
export interface InfluxSeries {
  name?: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
  /** Set when the server cut the answer short (its max-row-limit). */
  partial?: boolean;
}

/** One statement's part of an answer. */
export interface StatementResult {
  statement_id?: number;
  series?: InfluxSeries[];
  error?: string;
  partial?: boolean;
}

/** The series of one tag in an answer grouped by tag. */
export const seriesOf = (list: readonly InfluxSeries[], name: string): InfluxSeries | undefined =>
  list.find((s) => s.tags?.[TAG_KEY] === name);

/** Each row of a series as a reader of its columns by name. */
function rows(s: InfluxSeries): ((column: string) => unknown)[] {
  const index = new Map(s.columns.map((c, i) => [c, i] as const));
  return s.values.map((v) => (column: string) => {
    const i = index.get(column);
    return i === undefined ? undefined : v[i];
  });
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function rowsToPoints(name: string, s: InfluxSeries): HistoryPoint[] {
  return rows(s).map((r) => {
    const named = r('quality');
    const quality =
      typeof named === 'string' && isQuality(named)
        ? named
        : // A sample without a status is Good (the status is stored only when it is not).
          qualityFromCode(num(r('status')) ?? STATUS_CODES.Good);
    const ts = num(r('time')) ?? 0;
    return {
      name,
      value: num(r('value')),
      quality,
      ts,
      // Stored only when it differs from the sample time.
      gatewayTs: num(r('gateway_ts')) ?? ts,
      tsOrigin: r(ORIGIN_KEY) === 'source' ? 'source' : 'gateway',
      seq: num(r('seq')) ?? 0,
      backfill: r('backfill') === true,
    };
  });
}

/**
 * Rollup rows (of a rowsStatement or an aggregateStatement answer; no `nv`: 0) as partial buckets; with
 * `bucketMs`, each placed in its epoch-aligned bucket of that width.
 */
export function rowsToPartials(s: InfluxSeries, bucketMs = 1): PartialBucket[] {
  return rows(s).map((r) => ({
    t: bucketStart(num(r('time')) ?? 0, bucketMs),
    n: num(r('n')) ?? 0,
    nv: num(r('nv')) ?? 0,
    sum: num(r('sum')),
    min: num(r('min')),
    max: num(r('max')),
    last: num(r('last')),
    // An interval of Good samples only has no worst status (they carry none).
    worst: num(r('worst')) ?? STATUS_CODES.Good,
    bad: num(r('bad')) ?? 0,
  }));
}

/** Raw sample rows (`value`, `status` of a rowsStatement answer; no status: Good) as partial buckets. */
export function samplesToPartials(s: InfluxSeries, bucketMs: number): PartialBucket[] {
  return rows(s).map((r) => {
    const v = num(r('value'));
    const status = num(r('status')) ?? STATUS_CODES.Good;
    return {
      t: bucketStart(num(r('time')) ?? 0, bucketMs),
      n: 1,
      nv: v === null ? 0 : 1,
      sum: v,
      min: v,
      max: v,
      last: v,
      worst: status,
      bad: status >= BAD_STATUS ? 1 : 0,
    };
  });
}
