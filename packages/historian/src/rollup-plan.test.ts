import { describe, it, expect } from 'vitest';
import { bucketWidth } from './query-plan.js';
import { random } from './random-history.fixture.js';
import {
  RAW,
  ROLLUP_WIDTHS,
  intervalStarts,
  planSegments,
  ranges,
  timesByTag,
} from './rollup-plan.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const T = Date.UTC(2025, 0, 1);

describe('ROLLUP_WIDTHS', () => {
  it('nest: each width divides the next', () => {
    ROLLUP_WIDTHS.slice(1).forEach((w, i) => expect(w % ROLLUP_WIDTHS[i]!).toBe(0));
  });

  it('serves every nice width from 5 s to 1 day from a rollup at most 4 times finer', () => {
    const widths = new Set<number>();
    for (let span = 5 * S * 999; span <= D * 999; span = Math.ceil(span * 1.1)) {
      widths.add(bucketWidth(0, span, 1000));
    }
    expect(widths.size).toBeGreaterThan(15);
    for (const w of widths) {
      const coarsest = [...ROLLUP_WIDTHS].reverse().find((r) => w % r === 0);
      expect(coarsest, `bucket width ${w}`).toBeDefined();
      expect(w / coarsest!, `bucket width ${w}`).toBeLessThanOrEqual(4);
    }
  });
});

describe('planSegments', () => {
  it('answers an aligned week at 15 min buckets from the 5 min rollups alone', () => {
    expect(planSegments(T, T + 7 * D, 15 * M, ROLLUP_WIDTHS)).toEqual([
      { from: T, to: T + 7 * D, width: 5 * M },
    ]);
  });

  it('takes the coarsest width dividing the bucket, finer ones and raw samples at the edges', () => {
    const from = T + 3 * H + 7 * M + 12_345;
    const to = T + 2 * D + 5 * H + 2 * M + 1;
    expect(planSegments(from, to, D, ROLLUP_WIDTHS)).toEqual([
      { from, to: T + 3 * H + 7 * M + 15 * S, width: RAW },
      { from: T + 3 * H + 7 * M + 15 * S, to: T + 3 * H + 7 * M + 30 * S, width: 5 * S },
      { from: T + 3 * H + 7 * M + 30 * S, to: T + 3 * H + 10 * M, width: 30 * S },
      { from: T + 3 * H + 10 * M, to: T + 3 * H + 30 * M, width: 5 * M },
      { from: T + 3 * H + 30 * M, to: T + 4 * H, width: 30 * M },
      { from: T + 4 * H, to: T + 6 * H, width: H },
      { from: T + 6 * H, to: T + D, width: 6 * H },
      { from: T + D, to: T + 2 * D, width: D },
      { from: T + 2 * D, to: T + 2 * D + 5 * H, width: H },
      { from: T + 2 * D + 5 * H, to: T + 2 * D + 5 * H + 2 * M, width: 30 * S },
      { from: T + 2 * D + 5 * H + 2 * M, to, width: RAW },
    ]);
  });

  it('falls back to the raw samples for buckets no rollup divides, and for short windows', () => {
    expect(planSegments(T, T + H, 2 * S, ROLLUP_WIDTHS)).toEqual([
      { from: T, to: T + H, width: RAW },
    ]);
    expect(planSegments(T + 1, T + 4 * S, 5 * S, ROLLUP_WIDTHS)).toEqual([
      { from: T + 1, to: T + 4 * S, width: RAW },
    ]);
    expect(planSegments(T, T + D, 15 * M, [])).toEqual([{ from: T, to: T + D, width: RAW }]);
  });

  it('always tiles the window with parts whose rollups lie inside one bucket each', () => {
    const rnd = random(3);
    for (let i = 0; i < 2000; i++) {
      const from = T + Math.floor(rnd() * 10 * D);
      const to = from + 1 + Math.floor(Math.exp(rnd() * Math.log(400 * D)));
      const w = bucketWidth(from, to, [2, 10, 100, 1000, 5000][i % 5]!);
      const parts = planSegments(from, to, w, ROLLUP_WIDTHS);
      expect(parts[0]?.from).toBe(from);
      expect(parts[parts.length - 1]?.to).toBe(to);
      parts.forEach((p, k) => {
        expect(p.to).toBeGreaterThan(p.from);
        if (k > 0) expect(p.from).toBe(parts[k - 1]!.to);
        if (p.width !== RAW) {
          expect(w % p.width).toBe(0);
          expect(p.from % p.width).toBe(0);
          expect(p.to % p.width).toBe(0);
        }
      });
      // Raw samples are read only at the edges, each shorter than the finest width that fits.
      const finest = ROLLUP_WIDTHS.find((r) => w % r === 0);
      const rawParts = parts.filter((p) => p.width === RAW);
      if (finest !== undefined && to - from >= 2 * finest) {
        expect(rawParts.length).toBeLessThanOrEqual(2);
        rawParts.forEach((p) => expect(p.to - p.from).toBeLessThan(finest));
      }
    }
  });
});

describe('touched intervals', () => {
  it('are grouped per tag, distinct, ascending, and joined into ranges across small gaps', () => {
    const byTag = timesByTag([
      { name: 'A', ts: 125_000 },
      { name: 'B', ts: 5 },
      { name: 'A', ts: 61_000 },
      { name: 'A', ts: 60_000 },
      { name: 'A', ts: 600_000 },
    ]);
    expect([...byTag.keys()]).toEqual(['A', 'B']);
    const starts = intervalStarts(byTag.get('A')!, M);
    expect(starts).toEqual([60_000, 120_000, 600_000]);
    expect(ranges(starts, M)).toEqual([
      [60_000, 180_000],
      [600_000, 660_000],
    ]);
    expect(ranges(starts, M, 10)).toEqual([[60_000, 660_000]]);
    expect(ranges([], M)).toEqual([]);
  });
});
