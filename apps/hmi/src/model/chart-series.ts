// History series -> recharts rows: per pen a mean line and a min/max band, optionally normalised, plus a time-shifted comparison.
import { severityOf } from './quality.js';
import type { Sample, Series } from './history-series.js';

export type ChartValue = number | [number, number] | null;
export interface ChartRow {
  t: number;
  [key: string]: ChartValue;
}

export interface PenScale {
  /** The tag's engineering range, for normalising to 0-100 %. */
  range: readonly [number, number];
}

/** Data keys of pen `i` (tag names contain dots, which recharts would read as paths). */
export const penKeys = (i: number) => ({ mean: `p${i}`, band: `p${i}b`, compare: `p${i}c` });

export function normalise(v: number, [lo, hi]: readonly [number, number]): number {
  return hi === lo ? 0 : (100 * (v - lo)) / (hi - lo);
}

export interface ChartOptions {
  normalised: boolean;
  scales: readonly PenScale[];
  /** The same pens, an earlier period; drawn shifted forward by `shiftMs`. */
  compare?: readonly Series[];
  shiftMs?: number;
}

/**
 * One row per distinct time. A raw point gives a line value only; a bucket also gives its [min, max]
 * band. Samples without a value (Bad) give null, which draws as a gap, never as a number. Pens sampled at
 * different times share rows: a row where a pen has no sample of its own gets the pen's value interpolated
 * between its neighbours (what its line draws there anyway), so that no pen's line breaks at another pen's
 * times; never across a Bad sample, nor before a pen's first or after its last sample.
 */
export function chartRows(series: readonly Series[], opts: ChartOptions): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  const row = (t: number): ChartRow => {
    let r = rows.get(t);
    if (!r) {
      r = { t };
      rows.set(t, r);
    }
    return r;
  };
  const scaled = (i: number, v: number | null): number | null => {
    if (v === null) return null;
    const scale = opts.scales[i];
    return opts.normalised && scale ? normalise(v, scale.range) : v;
  };
  const put = (i: number, s: Sample, key: 'mean' | 'compare', shift: number, withBand: boolean) => {
    const keys = penKeys(i);
    const r = row(s.t + shift);
    r[keys[key]] = scaled(i, s.mean);
    if (withBand) {
      const lo = scaled(i, s.min);
      const hi = scaled(i, s.max);
      r[keys.band] = lo !== null && hi !== null ? [lo, hi] : null;
    }
  };
  series.forEach((s, i) => {
    for (const x of s.samples) put(i, x, 'mean', 0, s.kind === 'buckets');
  });
  opts.compare?.forEach((s, i) => {
    for (const x of s.samples) put(i, x, 'compare', opts.shiftMs ?? 0, false);
  });
  const sorted = [...rows.values()].sort((a, b) => a.t - b.t);
  series.forEach((_, i) => {
    const keys = penKeys(i);
    for (const key of [keys.mean, keys.band, keys.compare]) bridge(sorted, key);
  });
  return sorted;
}

const between = (a: number, b: number, f: number) => a + (b - a) * f;

/** Fills rows lacking `key` between two rows with a value for it, linearly in time; a null (Bad) stops it. */
function bridge(rows: ChartRow[], key: string): void {
  let prev = -1;
  rows.forEach((row, j) => {
    if (!(key in row)) return;
    const v = row[key]!;
    const p = prev >= 0 ? rows[prev]! : null;
    const a = p?.[key];
    if (v !== null && p && a !== null && a !== undefined && j - prev > 1) {
      for (let k = prev + 1; k < j; k++) {
        const r = rows[k]!;
        const f = (r.t - p.t) / (row.t - p.t);
        r[key] =
          typeof a === 'number' && typeof v === 'number'
            ? between(a, v, f)
            : Array.isArray(a) && Array.isArray(v)
              ? [between(a[0], v[0], f), between(a[1], v[1], f)]
              : null;
      }
    }
    prev = v === null ? -1 : j;
  });
}

/** Time spans where a series' quality was Bad (drawn as a non-alarm hatched overlay), merged when adjacent. */
export function badSpans(series: Series, windowTo: number): [number, number][] {
  const spans: [number, number][] = [];
  const ss = series.samples;
  ss.forEach((s, i) => {
    const bad = (s.quality !== null && severityOf(s.quality) === 'Bad') || s.mean === null;
    if (!bad) return;
    const end = ss[i + 1]?.t ?? Math.max(s.t + (series.bucketMs ?? 0), windowTo);
    const prev = spans.at(-1);
    if (prev && prev[1] >= s.t) prev[1] = Math.max(prev[1], end);
    else spans.push([s.t, end]);
  });
  return spans;
}

/** Y-axis domain of a pen: its engineering range (or 0-100 % when normalised). */
export function axisDomain(scale: PenScale, normalised: boolean): [number, number] {
  return normalised ? [0, 100] : [scale.range[0], scale.range[1]];
}
