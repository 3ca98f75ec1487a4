// Electrical conductivity of a dilute liquor for the condensate and sump analysers (≈2 µS/cm per mg/L of salt).
import type { Parcel } from '../models/liquid.js';
import { soluteMass, volumeL } from '../models/liquid.js';

export function conductivity(p: Readonly<Parcel>, backgroundUsCm = 0.5): number {
  const v = volumeL(p.water, p.solutes);
  if (!(v > 0)) return backgroundUsCm;
  const mgL = ((soluteMass(p.solutes) - (p.solutes['oil'] ?? 0)) * 1e6) / v;
  return backgroundUsCm + 2 * mgL;
}
