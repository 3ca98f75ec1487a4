// Synthetic tag series for balance tests: fixed-step feeding, a seeded random source and TagValue construction.
import type { Quality, TagValue } from '@zld/tags';
import type { ComputedTagValue, WaterBalanceResult, WindowResult } from './result.js';
import type { WaterBalance } from './water-balance.js';

export const T0 = Date.UTC(2025, 0, 6, 0, 0, 0);

export function sample(
  name: string,
  value: number | boolean | null,
  ts: number,
  quality: Quality = 'Good',
): TagValue {
  return {
    name,
    value: quality.startsWith('Bad') ? null : value,
    quality,
    ts,
    gatewayTs: ts,
    tsOrigin: 'gateway',
  };
}

export interface RunOptions {
  fromS: number;
  toS: number;
  stepS?: number;
  /** Tag values at t seconds after T0. */
  signals: (tS: number) => Record<string, number | boolean>;
  /** A quality other than Good for a tag at t (a Bad one sends null). */
  quality?: (name: string, tS: number) => Quality | undefined;
  computeEveryS?: number;
  onResult?: (r: WaterBalanceResult, tS: number) => void;
}

/** Feeds every signal each step over [fromS, toS) and computes every `computeEveryS`; returns compute(toS). */
export function run(wb: WaterBalance, o: RunOptions): WaterBalanceResult {
  const step = o.stepS ?? 1;
  const every = o.computeEveryS ?? 600;
  for (let tS = o.fromS; tS < o.toS; tS += step) {
    const ts = T0 + tS * 1000;
    const batch = Object.entries(o.signals(tS)).map(([name, v]) =>
      sample(name, v, ts, o.quality?.(name, tS) ?? 'Good'),
    );
    wb.ingest(batch);
    if (tS % every === 0) {
      const r = wb.compute(ts);
      o.onResult?.(r, tS);
    }
  }
  return wb.compute(T0 + o.toS * 1000);
}

/** A small seeded generator (mulberry32) with a Gaussian draw. */
export function rng(seed: number): { next(): number; gauss(): number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    gauss: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}

export const H = 3600;
export const DAY = 24 * H;
/** Long enough for every window (and its endpoint averaging and closing lag) to fill. */
export const FULL = DAY + 120;

/** One window of a result, by id. */
export function win(r: WaterBalanceResult, id: string): WindowResult {
  const w = r.windows.find((x) => x.id === id);
  if (!w) throw new Error(`no window ${id}`);
  return w;
}

/** A result's computed tags by name. */
export function tagsOf(wb: WaterBalance, r: WaterBalanceResult): Record<string, ComputedTagValue> {
  return Object.fromEntries(wb.computedTags(r).map((t) => [t.name, t]));
}
