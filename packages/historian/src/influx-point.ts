// Maps history points to InfluxDB points (the key that makes replays idempotent) and result rows back.
import type { IPoint } from 'influx';
import { isQuality, qualityFromCode, severityOf, STATUS_CODES } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import { assertPoint, storableValue } from './identifiers.js';
import { MEASUREMENT, ORIGIN_KEY, TAG_KEY, measurementOf } from './influxql.js';
import type { PartialBucket } from './partial-bucket.js';
import { bucketStart } from './query-plan.js';

/**
 * The point's InfluxDB time in ns: the original timestamp in ms, plus `seq mod 1e6` ns. A replay of the
 * same sample lands on the same key (no duplicate); two distinct samples of one tag in the same
 * millisecond get distinct keys (InfluxDB would otherwise merge them, last write winning). Reading the
 * time back in ms truncates the offset, so the original timestamp comes back unchanged.
 */
export function pointKeyNs(ts: number, seq: number): string {
  return `${BigInt(ts) * 1_000_000n + BigInt(seq % 1_000_000)}`;
}

export function toInfluxPoint(p: HistoryPoint): IPoint {
  assertPoint(p);
  const value = storableValue(p.value);
  const fields: Record<string, unknown> = {
    status: STATUS_CODES[p.quality],
    quality: p.quality,
    bad: severityOf(p.quality) === 'Bad' ? 1 : 0,
    gateway_ts: p.gatewayTs,
    seq: p.seq,
    backfill: p.backfill,
  };
  if (value !== null) fields['value'] = value;
  return {
    measurement: MEASUREMENT,
    tags: { [TAG_KEY]: p.name, [ORIGIN_KEY]: p.tsOrigin },
    fields,
    timestamp: pointKeyNs(p.ts, p.seq),
  };
}

/** A rollup point: the interval's aggregates at its start time (null aggregates left out). */
export function toRollupPoint(tag: string, width: number, p: PartialBucket): IPoint {
  const fields: Record<string, number> = { n: p.n, nv: p.nv, worst: p.worst, bad: p.bad };
  for (const k of ['sum', 'min', 'max', 'last'] as const) {
    const v = p[k];
    if (v !== null) fields[k] = v;
  }
  return {
    measurement: measurementOf(width),
    tags: { [TAG_KEY]: tag },
    fields,
    timestamp: `${BigInt(p.t) * 1_000_000n}`,
  };
}

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
        : qualityFromCode(num(r('status')) ?? STATUS_CODES.Bad);
    return {
      name,
      value: num(r('value')),
      quality,
      ts: num(r('time')) ?? 0,
      gatewayTs: num(r('gateway_ts')) ?? 0,
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
    worst: num(r('worst')) ?? STATUS_CODES.Bad,
    bad: num(r('bad')) ?? 0,
  }));
}

/** Raw sample rows (`value`, `status`, `bad` of a rowsStatement answer) as partial buckets of `bucketMs`. */
export function samplesToPartials(s: InfluxSeries, bucketMs: number): PartialBucket[] {
  return rows(s).map((r) => {
    const v = num(r('value'));
    return {
      t: bucketStart(num(r('time')) ?? 0, bucketMs),
      n: 1,
      nv: v === null ? 0 : 1,
      sum: v,
      min: v,
      max: v,
      last: v,
      worst: num(r('status')) ?? STATUS_CODES.Bad,
      bad: num(r('bad')) ?? 0,
    };
  });
}
