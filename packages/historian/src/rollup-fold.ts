// Pure: a tag's open rollup intervals, and folding samples that come after everything stored into them.
import { STATUS_CODES, severityOf } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import type { PartialBucket } from './partial-bucket.js';
import { combine } from './partial-bucket.js';
import { storableValue } from './identifiers.js';

/** A sample's place in a tag's stored order: its time (ms), then `seq mod 1e6` (the InfluxDB key). */
export type SampleKey = readonly [number, number];

export const keyOf = (p: { ts: number; seq: number }): SampleKey => [p.ts, p.seq % 1_000_000];

/** Negative, zero or positive as `a` comes before, with or after `b`. */
export const compareKeys = (a: SampleKey, b: SampleKey): number => a[0] - b[0] || a[1] - b[1];

/**
 * What a tag's rollups need to take its next samples without reading the store: its latest stored key,
 * and per rollup width the aggregates of the interval holding that sample (all as stored).
 */
export interface OpenIntervals {
  /** null: nothing stored for the tag. */
  last: SampleKey | null;
  /** Per width, the interval holding `last` (null when `last` is). */
  open: (PartialBucket | null)[];
}

/** One sample as a partial bucket of the interval starting at `t`. */
export function samplePartial(p: HistoryPoint, t: number): PartialBucket {
  const v = storableValue(p.value);
  return {
    t,
    n: 1,
    nv: v === null ? 0 : 1,
    sum: v,
    min: v,
    max: v,
    last: v,
    worst: STATUS_CODES[p.quality],
    bad: severityOf(p.quality) === 'Bad' ? 1 : 0,
  };
}

/** True when the samples (sorted by key) are all distinct and all after the tag's stored ones. */
export function allNew(state: OpenIntervals, sorted: readonly HistoryPoint[]): boolean {
  const first = sorted[0];
  if (first === undefined) return false;
  if (state.last !== null && compareKeys(keyOf(first), state.last) <= 0) return false;
  return sorted.every((p, i) => i === 0 || compareKeys(keyOf(sorted[i - 1]!), keyOf(p)) < 0);
}

/**
 * Folds samples that `allNew` accepted into the open intervals. An interval other than the open one
 * starts after the latest stored sample, so it held nothing before. Answers the new state and every
 * interval the samples touched, with its aggregates after them (what the rollups must now say).
 */
export function foldNew(
  state: OpenIntervals,
  widths: readonly number[],
  sorted: readonly HistoryPoint[],
): { state: OpenIntervals; touched: { width: number; partial: PartialBucket }[] } {
  const open = [...state.open];
  const touched = new Map<string, { width: number; partial: PartialBucket }>();
  for (const p of sorted) {
    widths.forEach((width, i) => {
      const t = Math.floor(p.ts / width) * width;
      const cur = open[i];
      const one = samplePartial(p, t);
      const partial = cur && cur.t === t ? combine(cur, one) : one;
      open[i] = partial;
      touched.set(`${width}:${t}`, { width, partial });
    });
  }
  const last = sorted[sorted.length - 1];
  return {
    state: { last: last ? keyOf(last) : state.last, open },
    touched: [...touched.values()],
  };
}
