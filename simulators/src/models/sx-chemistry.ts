// SX equilibria for a P507-type cation exchanger: D vs pH with a loading cap, and the Na/H buffer of saponified organic.
import { MOLAR_MASS } from './reactions.js';

export interface SxChemistry {
  /** log10 D at pH 0; D = 10^(logD0 + slopePerPh·pH). */
  logD0: number;
  /** About 3 per pH unit for a trivalent cation. */
  slopePerPh: number;
  /** Extractant concentration, mol/L of organic. */
  extractantM: number;
  /** REE loading cap as a fraction of the extractant (≈0.1 × [P507] mol/L of REE). */
  maxLoadingFrac: number;
  /** Na/H exchange on the organic: pH = pKNa + log10(θ/(1 − θ)), θ = Na share of the free sites. */
  pKNa: number;
}

const KW = 1e-14;

/** pH of a strong-acid solution of `molL` (negative: strong base), water ionisation included. */
export function strongAcidPh(molL: number): number {
  const h =
    molL >= 0
      ? (molL + Math.sqrt(molL * molL + 4 * KW)) / 2
      : (2 * KW) / (-molL + Math.sqrt(molL * molL + 4 * KW));
  return -Math.log10(h);
}

export function distribution(c: Readonly<SxChemistry>, ph: number): number {
  return Math.pow(10, c.logD0 + c.slopePerPh * ph);
}

/** Loading cap, kg REE per L of organic. */
export function loadingCapKgL(c: Readonly<SxChemistry>): number {
  return c.maxLoadingFrac * c.extractantM * MOLAR_MASS.REE;
}

/** Langmuir-capped equilibrium loading y*(x), kg/L, for aqueous x kg/L. */
export function equilibriumLoading(c: Readonly<SxChemistry>, d: number, x: number): number {
  const cap = loadingCapKgL(c);
  return (cap * d * x) / (cap + d * x);
}

/**
 * Splits `totalKg` of REE between `va` L of aqueous and `vo` L of organic at equilibrium; returns the
 * aqueous concentration x (kg/L). Stable closed form of the quadratic for any D.
 */
export function equilibriumSplit(
  c: Readonly<SxChemistry>,
  d: number,
  totalKg: number,
  va: number,
  vo: number,
): number {
  if (!(totalKg > 0) || !(va > 0)) return 0;
  if (!(vo > 0) || !(d > 0)) return totalKg / va;
  const cap = loadingCapKgL(c);
  const a = va * d;
  const b = va * cap + vo * cap * d - totalKg * d;
  const cc = totalKg * cap;
  return (2 * cc) / (b + Math.sqrt(b * b + 4 * a * cc));
}

/**
 * Na/H exchange between aqueous acid and Na-loaded organic (H⁺ + NaA ⇌ Na⁺ + HA), fast and reversible.
 * Returns s, the mol moved forward (H⁺ consumed, Na⁺ released); negative when Na⁺ loads back.
 * Equilibrium [H⁺] = 10^−pKNa·(1 − θ)/θ with θ = Na/free sites is the quadratic
 * K·(a − s)(n − s) = V·(F − n + s), K = 10^pKNa; its smaller root is the physical one.
 */
export function naExchange(
  c: Readonly<SxChemistry>,
  acidMol: number,
  naClMol: number,
  naOrgMol: number,
  freeSitesMol: number,
  va: number,
): number {
  if (!(freeSitesMol > 0) || !(va > 0)) return 0;
  const lo = -Math.max(0, Math.min(naClMol, freeSitesMol - naOrgMol));
  const hi = Math.max(0, Math.min(acidMol, naOrgMol));
  if (hi - lo <= 0) return 0;
  const k = Math.pow(10, c.pKNa);
  const a = Math.max(0, acidMol);
  const n = Math.max(0, naOrgMol);
  const b = k * (n + a) + va;
  const cc = k * n * a - va * (freeSitesMol - n);
  const disc = Math.max(0, b * b - 4 * k * cc);
  const s = (2 * cc) / (b + Math.sqrt(disc));
  return Math.min(hi, Math.max(lo, s));
}
