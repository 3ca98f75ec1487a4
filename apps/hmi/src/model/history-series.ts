// A tag's history as the HMI draws it: samples with min/mean/max/last and quality, and lookups by time.
import type { Quality } from '@zld/api';

/** One raw point (min = mean = max = last = value) or one bucket starting at `t`. */
export interface Sample {
  t: number;
  min: number | null;
  mean: number | null;
  max: number | null;
  last: number | null;
  /** The worst quality in the sample; null when the gateway sent none. */
  quality: Quality | null;
}

export interface Series {
  name: string;
  kind: 'raw' | 'buckets';
  /** Bucket width, ms (buckets only). */
  bucketMs: number | null;
  /** Ordered by time. */
  samples: Sample[];
}

/** Index of the last sample with `t <= at`, or -1 (binary search; samples are ordered). */
export function indexAt(samples: readonly Sample[], at: number): number {
  let lo = 0;
  let hi = samples.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.t <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Appends live samples to a series, keeping order (older or equal times replace nothing, they are dropped). */
export function appendSamples(series: Series, more: readonly Sample[]): Series {
  if (more.length === 0) return series;
  const lastT = series.samples.at(-1)?.t ?? Number.NEGATIVE_INFINITY;
  const fresh = more.filter((s) => s.t > lastT);
  if (fresh.length === 0) return series;
  return { ...series, samples: [...series.samples, ...fresh] };
}

/** Drops samples before `from` (keeping the one just before it, so a line starts at the window's edge). */
export function trimBefore(series: Series, from: number): Series {
  const i = indexAt(series.samples, from);
  if (i <= 0) return series;
  return { ...series, samples: series.samples.slice(i) };
}

/** A live value as a raw sample (booleans as 0/1; Bad or non-numeric values as a gap). */
export function sampleOf(t: number, value: number | boolean | null, quality: Quality): Sample {
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  const n = typeof v === 'number' && Number.isFinite(v) && !quality.startsWith('Bad') ? v : null;
  return { t, min: n, mean: n, max: n, last: n, quality };
}
