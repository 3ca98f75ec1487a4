import { describe, it, expect } from 'vitest';
import type { HistoryPoint } from './historian.js';
import type { OpenIntervals } from './rollup-fold.js';
import { allNew, compareKeys, foldNew, keyOf, samplePartial } from './rollup-fold.js';
import { combine } from './partial-bucket.js';
import type { PartialBucket } from './partial-bucket.js';
import { randomHistory } from './random-history.fixture.js';

const WIDTHS = [5000, 60_000, 3_600_000];
const T = Date.UTC(2025, 0, 1);
const pts = randomHistory(5, ['FT-001'], T, 2 * 86_400_000, 2000).sort((a, b) =>
  compareKeys(keyOf(a), keyOf(b)),
);

/** Every interval's aggregates, computed from scratch. */
function fromScratch(points: readonly HistoryPoint[]): Map<string, PartialBucket> {
  const out = new Map<string, PartialBucket>();
  for (const p of points) {
    for (const w of WIDTHS) {
      const t = Math.floor(p.ts / w) * w;
      const key = `${w}:${t}`;
      const prev = out.get(key);
      out.set(key, prev ? combine(prev, samplePartial(p, t)) : samplePartial(p, t));
    }
  }
  return out;
}

describe('folding new samples into open intervals', () => {
  it('gives every touched interval exactly its aggregates, across many batches', () => {
    let state: OpenIntervals = { last: null, open: WIDTHS.map(() => null) };
    const written = new Map<string, PartialBucket>();
    for (let i = 0; i < pts.length;) {
      const batch = pts.slice(i, (i += 1 + (i % 97)));
      expect(allNew(state, batch)).toBe(true);
      const r = foldNew(state, WIDTHS, batch);
      for (const { width, partial } of r.touched) written.set(`${width}:${partial.t}`, partial);
      state = r.state;
    }
    const want = fromScratch(pts);
    expect(written.size).toBe(want.size);
    for (const [key, p] of want) {
      const got = written.get(key)!;
      expect({ key, ...got, sum: got.sum?.toPrecision(12) }).toEqual({
        key,
        ...p,
        sum: p.sum?.toPrecision(12),
      });
    }
  });

  it('refuses samples that are not after everything stored, or repeat a key', () => {
    const state = foldNew(
      { last: null, open: WIDTHS.map(() => null) },
      WIDTHS,
      pts.slice(0, 10),
    ).state;
    expect(allNew(state, pts.slice(10, 20))).toBe(true);
    expect(allNew(state, pts.slice(9, 20))).toBe(false); // a replay of the last stored sample
    expect(allNew(state, pts.slice(5, 6))).toBe(false); // a late one
    expect(allNew(state, [pts[10]!, pts[10]!])).toBe(false);
    expect(allNew(state, [])).toBe(false);
  });

  it('orders samples of one millisecond by seq mod 1e6, as InfluxDB keys do', () => {
    expect(
      compareKeys(keyOf({ ts: 5, seq: 999_999 }), keyOf({ ts: 5, seq: 1_000_000 })),
    ).toBeGreaterThan(0);
    expect(compareKeys(keyOf({ ts: 5, seq: 2 }), keyOf({ ts: 6, seq: 1 }))).toBeLessThan(0);
  });
});
