// Sums a span of closed bins into per-channel totals: flows between the endpoint centres, endpoint level means, quality time.
import type { BinRing } from './bin-ring.js';

/** Per-channel sums over bins [k0, k1] whose inventory endpoints are the means of the first and last m bins. */
export interface WindowSums {
  k0: number;
  k1: number;
  m: number;
  /** The interval the balance describes: from the centre of the first m bins to the centre of the last m. */
  fromMs: number;
  toMs: number;
  spanS: number;
  /** Integral of each channel over [fromMs, toMs], value x seconds. */
  flow: Float64Array;
  /** Seconds over all of [k0, k1] each channel was substituted or missing, or Uncertain. */
  bad: Float64Array;
  uncertain: Float64Array;
  /** Mean of each channel over the first and the last m bins (NaN without data). */
  start: Float64Array;
  end: Float64Array;
  /** Usable samples of each channel in the first and the last m bins. */
  startSamples: Float64Array;
  endSamples: Float64Array;
}

/**
 * For a signal that changes linearly, the mean over m bins equals its value at their centre, so
 * `end - start` is the change between the two centres, and flows are summed over exactly that
 * interval (bins straddling a centre count in part). Cost: O((k1 - k0) x channels).
 */
export function sumWindow(ring: BinRing, k0: number, k1: number, m: number): WindowSums {
  const n = ring.channels;
  const s: WindowSums = {
    k0,
    k1,
    m,
    fromMs: (k0 + m / 2) * ring.binMs,
    toMs: (k1 + 1 - m / 2) * ring.binMs,
    spanS: ((k1 - k0 + 1 - m) * ring.binMs) / 1000,
    flow: new Float64Array(n),
    bad: new Float64Array(n),
    uncertain: new Float64Array(n),
    start: new Float64Array(n),
    end: new Float64Array(n),
    startSamples: new Float64Array(n),
    endSamples: new Float64Array(n),
  };
  const lo = k0 + m / 2;
  const hi = k1 + 1 - m / 2;
  const startCovered = new Float64Array(n);
  const endCovered = new Float64Array(n);
  for (let k = k0; k <= k1; k++) {
    const base = ring.offset(k);
    if (base < 0) {
      // A bin the ring never saw (before the start): all channels missing.
      for (let c = 0; c < n; c++) s.bad[c]! += ring.binMs / 1000;
      continue;
    }
    const w = Math.max(0, Math.min(k + 1, hi) - Math.max(k, lo));
    const inStart = k < k0 + m;
    const inEnd = k > k1 - m;
    for (let c = 0; c < n; c++) {
      const i = base + c;
      const integral = ring.integral[i]!;
      if (w > 0) s.flow[c]! += w * integral;
      s.bad[c]! += ring.bad[i]!;
      s.uncertain[c]! += ring.uncertain[i]!;
      if (inStart) {
        s.start[c]! += integral;
        startCovered[c]! += ring.covered[i]!;
        s.startSamples[c]! += ring.samples[i]!;
      }
      if (inEnd) {
        s.end[c]! += integral;
        endCovered[c]! += ring.covered[i]!;
        s.endSamples[c]! += ring.samples[i]!;
      }
    }
  }
  for (let c = 0; c < n; c++) {
    s.start[c] = startCovered[c]! > 0 ? s.start[c]! / startCovered[c]! : Number.NaN;
    s.end[c] = endCovered[c]! > 0 ? s.end[c]! / endCovered[c]! : Number.NaN;
  }
  return s;
}
