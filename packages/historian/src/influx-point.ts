// Maps history points to InfluxDB points (the key that makes replays idempotent) and result rows back.
import type { IPoint } from 'influx';
import { isQuality, qualityFromCode, severityOf, STATUS_CODES } from '@zld/tags';
import type { Bucket, HistoryPoint } from './historian.js';
import { assertPoint, storableValue } from './identifiers.js';
import { MEASUREMENT, ORIGIN_KEY, TAG_KEY } from './influxql.js';

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

/** One series of an InfluxDB JSON answer (`epoch=ms`). */
export interface InfluxSeries {
  name?: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

function rows(s: InfluxSeries): Record<string, unknown>[] {
  return s.values.map((v) => Object.fromEntries(s.columns.map((c, i) => [c, v[i]])));
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function rowsToPoints(name: string, s: InfluxSeries): HistoryPoint[] {
  return rows(s).map((r) => {
    const named = r['quality'];
    const quality =
      typeof named === 'string' && isQuality(named)
        ? named
        : qualityFromCode(num(r['status']) ?? STATUS_CODES.Bad);
    return {
      name,
      value: num(r['value']),
      quality,
      ts: num(r['time']) ?? 0,
      gatewayTs: num(r['gateway_ts']) ?? 0,
      tsOrigin: r[ORIGIN_KEY] === 'source' ? 'source' : 'gateway',
      seq: num(r['seq']) ?? 0,
      backfill: r['backfill'] === true,
    };
  });
}

export function rowsToBuckets(s: InfluxSeries): Bucket[] {
  return rows(s).map((r) => ({
    t: num(r['time']) ?? 0,
    min: num(r['min']),
    mean: num(r['mean']),
    max: num(r['max']),
    last: num(r['last']),
    quality: qualityFromCode(num(r['worst']) ?? STATUS_CODES.Bad),
    count: num(r['n']) ?? 0,
    bad: num(r['bad']) ?? 0,
  }));
}
