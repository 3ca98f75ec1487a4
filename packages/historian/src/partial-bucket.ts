// Pure: the mergeable form of a bucket (what rollups store and each query part answers) and its combination.
import { qualityFromCode } from '@zld/tags';
import type { Bucket } from './historian.js';

/**
 * The aggregates of some samples of one bucket: everything a bucket needs, in a form two parts of the
 * same bucket can be combined from exactly. A rollup row is one of these for its interval.
 */
export interface PartialBucket {
  /** Bucket (or rollup interval) start. */
  t: number;
  /** Samples. */
  n: number;
  /** Samples with a value (not null). */
  nv: number;
  /** Sum, min, max and last of the values; null when nv is 0. */
  sum: number | null;
  min: number | null;
  max: number | null;
  last: number | null;
  /** Highest OPC UA status code. */
  worst: number;
  /** Bad samples. */
  bad: number;
}

const add = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : a + b;
const pick =
  (f: (a: number, b: number) => number) =>
  (a: number | null, b: number | null): number | null =>
    a === null ? b : b === null ? a : f(a, b);
const least = pick(Math.min);
const most = pick(Math.max);

/** Combines two parts of one bucket, `b` covering later samples than `a`. */
export function combine(a: PartialBucket, b: PartialBucket): PartialBucket {
  return {
    t: a.t,
    n: a.n + b.n,
    nv: a.nv + b.nv,
    sum: add(a.sum, b.sum),
    min: least(a.min, b.min),
    max: most(a.max, b.max),
    last: b.last ?? a.last,
    worst: Math.max(a.worst, b.worst),
    bad: a.bad + b.bad,
  };
}

/**
 * Two sorted lists of partial buckets of the same part of a window, as one: buckets present in both are
 * combined, `later` covering later samples than `earlier` (e.g. stored rows, then samples not yet merged).
 */
export function combineSorted(
  earlier: readonly PartialBucket[],
  later: readonly PartialBucket[],
): PartialBucket[] {
  if (later.length === 0) return [...earlier];
  const out: PartialBucket[] = [];
  let i = 0;
  let j = 0;
  while (i < earlier.length || j < later.length) {
    const a = earlier[i];
    const b = later[j];
    if (b === undefined || (a !== undefined && a.t < b.t)) {
      out.push(a!);
      i++;
    } else if (a === undefined || b.t < a.t) {
      out.push(b);
      j++;
    } else {
      out.push(combine(a, b));
      i++;
      j++;
    }
  }
  return out;
}

export function toBucket(p: PartialBucket): Bucket {
  return {
    t: p.t,
    min: p.min,
    mean: p.nv > 0 && p.sum !== null ? p.sum / p.nv : null,
    max: p.max,
    last: p.last,
    quality: qualityFromCode(p.worst),
    count: p.n,
    bad: p.bad,
  };
}

/**
 * Buckets from the partial answers of consecutive parts of a window, given in time order (each sorted by
 * `t`): parts of one bucket that meet at a part boundary are combined; mean = sum / nv.
 */
export function mergePartials(parts: readonly (readonly PartialBucket[])[]): Bucket[] {
  const out: PartialBucket[] = [];
  for (const part of parts) {
    for (const p of part) {
      const prev = out[out.length - 1];
      if (prev !== undefined && p.t < prev.t) throw new Error('partial buckets out of order');
      if (prev !== undefined && prev.t === p.t) out[out.length - 1] = combine(prev, p);
      else out.push(p);
    }
  }
  return out.map(toBucket);
}
