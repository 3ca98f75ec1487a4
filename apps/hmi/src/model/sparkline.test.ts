import { describe, expect, it } from 'vitest';
import type { Series } from './history-series.js';
import { appendSamples, indexAt, sampleOf, trimBefore } from './history-series.js';
import { sparkPaths } from './sparkline.js';

const s = (t: number, v: number | null, q = 'Good') => ({
  t,
  min: v === null ? null : v - 1,
  mean: v,
  max: v === null ? null : v + 1,
  last: v,
  quality: q as never,
});
const box = { x: 0, y: 0, w: 100, h: 10 };

describe('sparkPaths', () => {
  it('maps time to x and the range to y (top = range high)', () => {
    const p = sparkPaths(
      { name: 'X', kind: 'raw', bucketMs: null, samples: [s(0, 0), s(50, 10)] },
      0,
      100,
      [0, 10],
      box,
    );
    expect(p.line).toBe('M0.0 10.0 L50.0 0.0');
    expect(p.band).toBe('');
    expect(p.gaps).toEqual([]);
  });

  it('breaks the line at gaps, draws a band for buckets, and marks Bad spans', () => {
    const series: Series = {
      name: 'X',
      kind: 'buckets',
      bucketMs: 10,
      samples: [s(0, 5), s(10, 5), s(20, null, 'Bad_NoCommunication'), s(30, 5)],
    };
    const p = sparkPaths(series, 0, 40, [0, 10], box);
    expect(p.line).toBe('M0.0 5.0 L25.0 5.0 M75.0 5.0');
    expect(p.band).toBe('M0.0 4.0 L25.0 4.0 L25.0 6.0 L0.0 6.0 Z');
    expect(p.gaps).toEqual([[50, 75]]);
  });
});

describe('history series helpers', () => {
  const series: Series = {
    name: 'X',
    kind: 'raw',
    bucketMs: null,
    samples: [s(0, 1), s(10, 2), s(20, 3)],
  };

  it('finds the sample at a time', () => {
    expect(indexAt(series.samples, -1)).toBe(-1);
    expect(indexAt(series.samples, 0)).toBe(0);
    expect(indexAt(series.samples, 15)).toBe(1);
    expect(indexAt(series.samples, 99)).toBe(2);
  });

  it('appends newer live samples only, and trims the front keeping one sample before the window', () => {
    expect(appendSamples(series, [s(20, 9), s(30, 4)]).samples.map((x) => x.t)).toEqual([
      0, 10, 20, 30,
    ]);
    expect(appendSamples(series, [s(5, 9)])).toBe(series);
    expect(trimBefore(series, 15).samples.map((x) => x.t)).toEqual([10, 20]);
  });

  it('turns a live value into a sample, Bad as a gap', () => {
    expect(sampleOf(1, 3, 'Good')).toMatchObject({ mean: 3, last: 3 });
    expect(sampleOf(1, true, 'Good')).toMatchObject({ mean: 1 });
    expect(sampleOf(1, 3, 'Bad_Stale')).toMatchObject({ mean: null });
  });
});
