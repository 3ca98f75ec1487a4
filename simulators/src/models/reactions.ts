// Reagent chemistry: HCl/NaOH neutralisation and saponification with their reaction water, and a pH model.
import type { Solutes } from './liquid.js';
import { volumeL } from './liquid.js';

/** Molar masses, kg/mol, chosen so HCl + NaOH = NaCl + H2O balances to the last digit. */
export const MOLAR_MASS = {
  HCl: 0.036461,
  NaOH: 0.039997,
  NaCl: 0.058443,
  H2O: 0.018015,
  REE: 0.14424,
  oxalic: 0.090034,
  Na2C2O4: 0.133998,
} as const;

/** Water made per mol of NaOH neutralised or used in saponification, kg (+18 g). */
export const REACTION_WATER_KG_PER_MOL = MOLAR_MASS.H2O;

/** Reagent solutions as dosed. */
export const REAGENTS = {
  /** HCl 32 wt%, 1.16 kg/L. */
  hcl32: { density: 1.16, fraction: 0.32, species: 'HCl' },
  /** NaOH 50 wt%, 1.52 kg/L. */
  naoh50: { density: 1.52, fraction: 0.5, species: 'NaOH' },
} as const;

/** A reagent flow as a stream: L/h of solution → kg/h of water and of the active species. */
export function reagentStream(
  reagent: (typeof REAGENTS)[keyof typeof REAGENTS],
  lh: number,
): { water: number; solutes: Solutes } {
  const kg = lh * reagent.density;
  return {
    water: kg * (1 - reagent.fraction),
    solutes: { [reagent.species]: kg * reagent.fraction },
  };
}

/**
 * HCl + NaOH → NaCl + H2O, then H2C2O4 + 2 NaOH → Na2C2O4 + 2 H2O with what base is left, each to completion
 * on the smaller side. Returns the new water and solutes; the water made is 18.015 g per mol NaOH used.
 */
export function neutralise(
  water: number,
  solutes: Readonly<Solutes>,
): { water: number; solutes: Solutes } {
  let base = (solutes['NaOH'] ?? 0) / MOLAR_MASS.NaOH;
  const acid = (solutes['HCl'] ?? 0) / MOLAR_MASS.HCl;
  const ox = (solutes['oxalic'] ?? 0) / MOLAR_MASS.oxalic;
  if (!(base > 0) || !(acid > 0 || ox > 0)) return { water, solutes: { ...solutes } };
  const out: Solutes = { ...solutes };
  let w = water;
  const n = Math.min(acid, base);
  if (n > 0) {
    out['HCl'] = acid === n ? 0 : (solutes['HCl'] ?? 0) - n * MOLAR_MASS.HCl;
    out['NaCl'] = (solutes['NaCl'] ?? 0) + n * MOLAR_MASS.NaCl;
    w += n * MOLAR_MASS.H2O;
    base -= n;
  }
  const m = Math.min(ox, base / 2);
  if (m > 0) {
    out['oxalic'] = ox === m ? 0 : (solutes['oxalic'] ?? 0) - m * MOLAR_MASS.oxalic;
    out['Na2C2O4'] = (solutes['Na2C2O4'] ?? 0) + m * MOLAR_MASS.Na2C2O4;
    w += 2 * m * MOLAR_MASS.H2O;
    base -= 2 * m;
  }
  out['NaOH'] = base > 0 ? base * MOLAR_MASS.NaOH : 0;
  return { water: w, solutes: out };
}

/** Water made by saponifying `molNaOH` of extractant (NaOH + HA → NaA + H2O), kg. */
export function saponificationWaterKg(molNaOH: number): number {
  return Math.max(0, molNaOH) * REACTION_WATER_KG_PER_MOL;
}

/** A weak acid/base buffer in the liquor (metal hydrolysis, carbonate, borate…). */
export interface Buffer {
  /** Total concentration, mol/L. */
  molL: number;
  pKa: number;
  /**
   * Fraction present in base form when the net strong acid is zero (default 0: added as the weak acid).
   * 0.5 centres the buffer: with no net strong acid the pH sits at pKa.
   */
  baseFraction?: number;
}

const KW = 1e-14;

/** Net strong acid (HCl + 2 oxalic − NaOH), mol/L of solution (oxalic acid counted as fully dissociated). */
export function netAcidMolL(water: number, solutes: Readonly<Solutes>): number {
  const v = volumeL(water, solutes);
  if (!(v > 0)) return 0;
  const acid =
    (solutes['HCl'] ?? 0) / MOLAR_MASS.HCl + (2 * (solutes['oxalic'] ?? 0)) / MOLAR_MASS.oxalic;
  return (acid - (solutes['NaOH'] ?? 0) / MOLAR_MASS.NaOH) / v;
}

/**
 * pH from the charge balance h + cB = cA + Kw/h + Σ B·(Ka/(Ka + h) − baseFraction), by bisection on log h.
 * Buffers soften the titration curve so pH loops are controllable; without them it is a strong acid/base.
 */
export function phFromNetAcid(netAcid: number, buffers: readonly Buffer[] = []): number {
  const f = (logH: number): number => {
    const h = Math.pow(10, logH);
    let r = h - KW / h - netAcid;
    for (const b of buffers) {
      const ka = Math.pow(10, -b.pKa);
      r -= b.molL * (ka / (ka + h) - (b.baseFraction ?? 0));
    }
    return r;
  };
  let lo = -15;
  let hi = 1.5;
  if (f(hi) <= 0) return -hi;
  if (f(lo) >= 0) return -lo;
  for (let i = 0; i < 40; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return -0.5 * (lo + hi);
}

/** pH of a parcel. */
export function phOf(
  water: number,
  solutes: Readonly<Solutes>,
  buffers: readonly Buffer[] = [],
): number {
  return phFromNetAcid(netAcidMolL(water, solutes), buffers);
}
