// Solubility on ONE basis: g of salt per 100 g of water (never per litre of solution).

/** NaCl: 35.9 g/100 g water at 20 °C, 39.2 at 100 °C (linear between, clamped outside). */
export function naclSolubility(tC: number): number {
  const t = Math.min(110, Math.max(0, tC));
  return 35.9 + ((39.2 - 35.9) * (t - 20)) / 80;
}

/** NH4Cl: 29.7, 37.6, 46, 55.3, 65.6, 77.3 g/100 g water at 0/20/40/60/80/100 °C (interpolated). */
export function nh4clSolubility(tC: number): number {
  const pts = [29.7, 37.6, 46, 55.3, 65.6, 77.3];
  const x = Math.min(100, Math.max(0, tC)) / 20;
  const i = Math.min(4, Math.floor(x));
  const a = pts[i] ?? 29.7;
  const b = pts[i + 1] ?? a;
  return a + (b - a) * (x - i);
}

/** Saturated salt mass fraction of the solution, from g/100 g water. */
export function saturationWtPct(gPer100gWater: number): number {
  return (100 * gPer100gWater) / (100 + gPer100gWater);
}

/** kg of dissolved salt that saturates `waterKg` of water. */
export function saturatedSaltKg(waterKg: number, gPer100gWater: number): number {
  return (waterKg * gPer100gWater) / 100;
}
