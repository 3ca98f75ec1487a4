// Pure rollup planning: the rollup widths, which rollups a write touches, and how a window splits into rollup and raw parts.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Rollup widths kept beside the raw samples, finest first; each divides the next, and every one is
 * aligned to multiples of itself since the epoch (UTC). Chosen so that every "nice" bucket width from
 * 5 s to 1 day is a multiple of one at most 4 times finer: such a query reads at most about
 * 4 × maxPoints rollup rows per tag, plus raw samples at ragged edges.
 */
export const ROLLUP_WIDTHS: readonly number[] = [
  5 * SECOND,
  30 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  HOUR,
  6 * HOUR,
  DAY,
];

/** Width 0 stands for the raw samples. */
export const RAW = 0;

/** A part of a query window answered from one source: the raw samples or one rollup width. */
export interface Segment {
  from: number;
  to: number;
  /** RAW (0) or a rollup width in ms. */
  width: number;
}

/**
 * Splits [from, to) into parts, in time order, each answered from the coarsest rollup whose width divides
 * `bucketMs` (so each rollup lies inside exactly one bucket) and whose whole intervals fit in the part;
 * ragged edges go to finer rollups and finally to the raw samples. `widths` must each divide the next.
 */
export function planSegments(
  from: number,
  to: number,
  bucketMs: number,
  widths: readonly number[],
): Segment[] {
  const usable = widths.filter((w) => bucketMs % w === 0);
  const out: Segment[] = [];
  const split = (a: number, b: number, level: number): void => {
    if (a >= b) return;
    const width = level >= 0 ? usable[level] : undefined;
    if (width === undefined) {
      out.push({ from: a, to: b, width: RAW });
      return;
    }
    const start = Math.ceil(a / width) * width;
    const end = Math.floor(b / width) * width;
    if (start >= end) {
      split(a, b, level - 1);
      return;
    }
    split(a, start, level - 1);
    out.push({ from: start, to: end, width });
    split(end, b, level - 1);
  };
  split(from, to, usable.length - 1);
  return out;
}

/** The distinct interval starts of `width` that the times fall in, ascending. */
export function intervalStarts(times: Iterable<number>, width: number): number[] {
  const starts = new Set<number>();
  for (const t of times) starts.add(Math.floor(t / width) * width);
  return [...starts].sort((a, b) => a - b);
}

/** Per tag, the sample times of a batch (what a write makes stale in the rollups). */
export function timesByTag(points: readonly { name: string; ts: number }[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const p of points) {
    const list = out.get(p.name);
    if (list) list.push(p.ts);
    else out.set(p.name, [p.ts]);
  }
  return out;
}

/**
 * Ascending interval starts as half-open ranges, joining runs separated by fewer than `maxGap` empty
 * intervals (recomputing a few untouched intervals is harmless and saves statements).
 */
export function ranges(starts: readonly number[], width: number, maxGap = 1): [number, number][] {
  const out: [number, number][] = [];
  for (const s of starts) {
    const last = out[out.length - 1];
    if (last && s - last[1] < maxGap * width) last[1] = s + width;
    else out.push([s, s + width]);
  }
  return out;
}
