// SVG paths for a mini-trend: mean line (broken at gaps), min/max band, and the spans with no usable value.
import type { Series } from './history-series.js';
import { badSpans } from './chart-series.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SparkPaths {
  line: string;
  band: string;
  /** Bad or missing data, as [x0, x1] pixel spans. */
  gaps: [number, number][];
}

export function sparkPaths(
  s: Series,
  from: number,
  to: number,
  [lo, hi]: readonly [number, number],
  box: Box,
): SparkPaths {
  const span = Math.max(1, to - from);
  const X = (t: number) => box.x + (Math.min(Math.max(t, from), to) - from) * (box.w / span);
  const Y = (v: number) => {
    const f = hi === lo ? 0.5 : (v - lo) / (hi - lo);
    return box.y + box.h - Math.min(1, Math.max(0, f)) * box.h;
  };
  let line = '';
  let pen = false;
  const upper: string[] = [];
  const lower: string[] = [];
  const bands: string[] = [];
  const flushBand = () => {
    if (upper.length > 1) bands.push(`M${upper.join(' L')} L${lower.reverse().join(' L')} Z`);
    upper.length = 0;
    lower.length = 0;
  };
  for (const p of s.samples) {
    if (p.t > to) break;
    if (p.mean === null) {
      pen = false;
      flushBand();
      continue;
    }
    const x = X(p.t).toFixed(1);
    line += `${pen ? 'L' : 'M'}${x} ${Y(p.mean).toFixed(1)} `;
    pen = true;
    if (s.kind === 'buckets' && p.min !== null && p.max !== null) {
      upper.push(`${x} ${Y(p.max).toFixed(1)}`);
      lower.push(`${x} ${Y(p.min).toFixed(1)}`);
    }
  }
  flushBand();
  const gaps = badSpans(s, to)
    .map(([a, b]): [number, number] => [X(a), X(b)])
    .filter(([a, b]) => b > a);
  return { line: line.trim(), band: bands.join(' '), gaps };
}
