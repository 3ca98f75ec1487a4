// Oxalic acid precipitation of the REE: 2 Ln³⁺ + 3 H2C2O4 + 10 H2O → Ln2(C2O4)3·10H2O↓ + 6 H⁺.
import type { Solutes, Stream } from './liquid.js';
import { MOLAR_MASS } from './reactions.js';

/** The precipitate (decahydrate, hydrate water included in its mass) is carried as the species 'oxalate'. */
export const OXALATE = 'oxalate';

/** Hydrate water per mol of REE precipitated: 5 H2O, kg. */
export const HYDRATE_WATER_PER_MOL = 5 * MOLAR_MASS.H2O;
/** Precipitate mass per mol REE: Ln + 1.5 C2O4 + 5 H2O, kg. */
export const OXALATE_KG_PER_MOL = MOLAR_MASS.REE + 1.5 * 0.088019 + HYDRATE_WATER_PER_MOL;

/** Yield vs oxalic dose (fraction of stoichiometric): 93 % at 1.0, 96.7 % at 1.2, 98.1 % at 1.4. */
export function oxalateYield(doseRatio: number): number {
  const pts: readonly [number, number][] = [
    [0, 0],
    [1.0, 0.93],
    [1.2, 0.967],
    [1.4, 0.981],
    [2.0, 0.99],
  ];
  const r = Math.max(0, doseRatio);
  for (let i = 1; i < pts.length; i++) {
    const [x1, y1] = pts[i] as [number, number];
    const [x0, y0] = pts[i - 1] as [number, number];
    if (r <= x1) return y0 + ((y1 - y0) * (r - x0)) / (x1 - x0);
  }
  return 0.99;
}

export interface Precipitation {
  /** The slurry (liquor + precipitate), kg/h. */
  slurry: Stream;
  /** Water bound into the hydrate, kg/h (leaves the liquid with the solids). */
  hydrateWaterKgH: number;
  yield: number;
  doseRatio: number;
}

/**
 * Precipitates the REE of a mixed feed (strip liquor + oxalic solution). Below stoichiometry the oxalic acid
 * limits; the yield follows the dose ratio. The H⁺ released is booked as HCl (the chloride was the REE's).
 */
export function precipitateOxalate(feed: Readonly<Stream>): Precipitation {
  const reeMol = (feed.solutes['REE'] ?? 0) / MOLAR_MASS.REE;
  const oxMol = (feed.solutes['oxalic'] ?? 0) / MOLAR_MASS.oxalic;
  const ratio = reeMol > 0 ? oxMol / (1.5 * reeMol) : 0;
  const y = Math.min(oxalateYield(ratio), ratio);
  const n = Math.min(reeMol * y, oxMol / 1.5, feed.water / HYDRATE_WATER_PER_MOL);
  const s: Solutes = { ...feed.solutes };
  s['REE'] = (s['REE'] ?? 0) - n * MOLAR_MASS.REE;
  s['oxalic'] = Math.max(0, (s['oxalic'] ?? 0) - 1.5 * n * MOLAR_MASS.oxalic);
  s['HCl'] = (s['HCl'] ?? 0) + 3 * n * MOLAR_MASS.HCl;
  s[OXALATE] = (s[OXALATE] ?? 0) + n * OXALATE_KG_PER_MOL;
  const hydrate = n * HYDRATE_WATER_PER_MOL;
  return {
    slurry: { water: feed.water - hydrate, solutes: s },
    hydrateWaterKgH: hydrate,
    yield: reeMol > 0 ? n / reeMol : 0,
    doseRatio: ratio,
  };
}
