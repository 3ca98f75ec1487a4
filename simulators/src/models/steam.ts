// Water and vapour properties: Antoine saturation curve, latent heat, vapour density, boiling-point elevation.
import type { Solutes } from './liquid.js';

/** Antoine constants for water (P in mmHg, T in °C), 1-100 °C and 99-374 °C. */
const LOW = { A: 8.07131, B: 1730.63, C: 233.426 };
const HIGH = { A: 8.14019, B: 1810.94, C: 244.485 };
const MMHG_KPA = 0.133322;

/** Saturation pressure of water, kPa(a). */
export function psatKpa(tC: number): number {
  const k = tC < 100 ? LOW : HIGH;
  return Math.pow(10, k.A - k.B / (k.C + tC)) * MMHG_KPA;
}

/** Saturation temperature of water, °C, at `pKpa` kPa(a). */
export function tsatC(pKpa: number): number {
  const mmHg = Math.max(1e-6, pKpa) / MMHG_KPA;
  const low = LOW.B / (LOW.A - Math.log10(mmHg)) - LOW.C;
  if (low < 100) return low;
  return HIGH.B / (HIGH.A - Math.log10(mmHg)) - HIGH.C;
}

/** Latent heat of vaporisation, kJ/kg (linear fit, 2257 at 100 °C). */
export function latentHeatKjKg(tC: number): number {
  return 2501 - 2.44 * tC;
}

/** Specific heat of liquid water and of brine (rough), kJ/(kg·K). */
export const CP_WATER = 4.18;
/** Specific heat of water vapour, kJ/(kg·K). */
export const CP_VAPOUR = 1.9;

/** Density of water vapour (ideal gas), kg/m³. */
export function vapourDensity(pKpa: number, tC: number): number {
  return (pKpa * 18.015) / (8.314 * (tC + 273.15));
}

/** Ebullioscopic constant of water, K·kg/mol. */
export const KB_WATER = 0.512;

/** Van 't Hoff factor and molar mass (kg/mol) of the species that raise the boiling point. */
const COLLIGATIVE: Readonly<Record<string, { i: number; m: number }>> = {
  NaCl: { i: 2, m: 0.058443 },
  HCl: { i: 2, m: 0.036461 },
  NaOH: { i: 2, m: 0.039997 },
  REE: { i: 4, m: 0.14424 },
  other: { i: 3, m: 0.12 },
  oxalic: { i: 1, m: 0.090034 },
};

/**
 * Boiling-point elevation, K: i·Kb·m summed over dissolved species, times `realFactor` (real brines
 * run 1-2 K above the ideal value: 1.25 gives 5.9 K at 21 wt% NaCl and 7.9 K at saturation).
 */
export function bpeK(water: number, dissolved: Readonly<Solutes>, realFactor = 1.25): number {
  if (!(water > 0)) return 0;
  let osm = 0;
  for (const k in dissolved) {
    const c = COLLIGATIVE[k];
    if (c) osm += (c.i * (dissolved[k] ?? 0)) / c.m;
  }
  return realFactor * KB_WATER * (osm / water);
}
