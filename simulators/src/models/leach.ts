// Leach chemistry: roasted magnet feed dissolving in HCl (acid-limited, fast), and the Fe-polish precipitation.
import type { Solutes, Stream } from './liquid.js';
import { MOLAR_MASS } from './reactions.js';
import type { Reaction } from './tank.js';

/** Reactive feed solids waiting for acid are carried as the species 'calcine'; insoluble solids as 'residue'. */
export const CALCINE = 'calcine';
export const RESIDUE = 'residue';

export interface LeachParams {
  /**
   * Per kg of feed: REE and Fe, kg; other metals (Co 1.5, Ni 0.6, B 0.9 wt%) counted as the salts they dissolve
   * to (×2.3: chlorides and borate), kg.
   */
  reeFrac: number;
  feFrac: number;
  otherFrac: number;
  /** Fractions that dissolve. */
  reeYield: number;
  feDissolved: number;
  otherDissolved: number;
  /** HCl consumed per mol of REE dissolved (n(HCl)/n(Ln) ≈ 3.5: 3 for the REE, the rest for impurities). */
  hclPerRee: number;
  /** Insoluble residue per kg of feed (Fe oxide and gangue), kg. */
  residuePerKg: number;
}

export const MAGNET_LEACH: Readonly<LeachParams> = {
  reeFrac: 0.31,
  feFrac: 0.626,
  otherFrac: 0.069,
  reeYield: 0.99,
  feDissolved: 0.004,
  otherDissolved: 1,
  hclPerRee: 3.45,
  residuePerKg: 0.88,
};

/** HCl needed to dissolve one kg of feed, kg. */
export function hclDemandKgPerKg(p: Readonly<LeachParams>): number {
  return ((p.reeFrac * p.reeYield) / MOLAR_MASS.REE) * p.hclPerRee * MOLAR_MASS.HCl;
}

/**
 * Dissolves as much calcine as the free HCl allows (metal + acid → chloride + H2: no water is made).
 * Feed moisture enters with the feed stream itself.
 */
export function leachReaction(p: Readonly<LeachParams>): Reaction {
  const demand = hclDemandKgPerKg(p);
  return (water, solutes) => {
    const calcine = solutes[CALCINE] ?? 0;
    const hcl = solutes['HCl'] ?? 0;
    if (!(calcine > 0) || !(hcl > 0)) return { water, solutes: { ...solutes } };
    const kg = Math.min(calcine, hcl / demand);
    const out: Solutes = { ...solutes };
    out[CALCINE] = calcine - kg;
    out['HCl'] = Math.max(0, hcl - kg * demand);
    out['REE'] = (out['REE'] ?? 0) + kg * p.reeFrac * p.reeYield;
    out['Fe'] = (out['Fe'] ?? 0) + kg * p.feFrac * p.feDissolved;
    out['other'] = (out['other'] ?? 0) + kg * p.otherFrac * p.otherDissolved;
    out[RESIDUE] = (out[RESIDUE] ?? 0) + kg * p.residuePerKg;
    return { water, solutes: out };
  };
}

/** The magnet feed as a stream: calcine plus its moisture, kg/h. */
export function magnetFeed(kgH: number, moistureFrac = 0.005): Stream {
  return { water: kgH * moistureFrac, solutes: { [CALCINE]: kgH * (1 - moistureFrac) } };
}

/**
 * Fe polish: dissolved Fe precipitates as the pH rises (fraction 1/(1 + 10^(2·(pH50 − pH)))) and joins the residue.
 */
export function ironPrecipitation(ph: number, ph50 = 3.0): Reaction {
  const f = 1 / (1 + Math.pow(10, 2 * (ph50 - ph)));
  return (water, solutes) => {
    const fe = solutes['Fe'] ?? 0;
    if (!(fe > 0)) return { water, solutes: { ...solutes } };
    const out: Solutes = { ...solutes, Fe: fe * (1 - f) };
    out[RESIDUE] = (out[RESIDUE] ?? 0) + fe * f * 1.91;
    return { water, solutes: out };
  };
}
