// Aqueous liquid bookkeeping: kg of water plus kg of named solutes, with volume and density from apparent densities.

/** kg (or kg/h) of each dissolved or suspended species, by name. */
export type Solutes = Record<string, number>;

/** A liquid stream: water and solute mass flows, kg/h. */
export interface Stream {
  water: number;
  solutes: Solutes;
}

/** A parcel of liquid: water and solute masses, kg. */
export interface Parcel {
  water: number;
  solutes: Solutes;
}

/** Density of water used for volumes, kg/L. */
export const WATER_DENSITY = 1.0;

/**
 * Apparent density of each solute in solution, kg/L (the volume a kg of it adds).
 * NaCl 2.7 gives 1.155 kg/L at 21 wt% and 1.20 at saturation (26.4 wt%).
 */
export const SOLUTE_DENSITY: Readonly<Record<string, number>> = {
  NaCl: 2.7,
  HCl: 1.76,
  NaOH: 3.16,
  REE: 2.6,
  Fe: 2.6,
  other: 2.5,
  oxalic: 1.9,
  crystals: 2.165,
};

const DEFAULT_SOLUTE_DENSITY = 2.5;

export function soluteDensity(name: string): number {
  return SOLUTE_DENSITY[name] ?? DEFAULT_SOLUTE_DENSITY;
}

/** Total solute mass, kg. */
export function soluteMass(s: Readonly<Solutes>): number {
  let m = 0;
  for (const k in s) m += s[k] ?? 0;
  return m;
}

/** Liquid volume of water plus solutes, L. */
export function volumeL(water: number, solutes: Readonly<Solutes>): number {
  let v = water / WATER_DENSITY;
  for (const k in solutes) v += (solutes[k] ?? 0) / soluteDensity(k);
  return v;
}

/** Density of a parcel, kg/L (water density when empty). */
export function densityKgL(water: number, solutes: Readonly<Solutes>): number {
  const v = volumeL(water, solutes);
  return v > 0 ? (water + soluteMass(solutes)) / v : WATER_DENSITY;
}

/** A stream of `lh` L/h of a liquid with the composition of `p`. */
export function streamFromParcel(p: Readonly<Parcel>, lh: number): Stream {
  const v = volumeL(p.water, p.solutes);
  const f = v > 0 ? lh / v : 0;
  return { water: p.water * f, solutes: scaleSolutes(p.solutes, f) };
}

/** A stream of `lh` L/h of liquid of the given composition (kg solute per kg water). */
export function streamOf(lh: number, solutesPerKgWater: Readonly<Solutes>): Stream {
  return streamFromParcel({ water: 1, solutes: { ...solutesPerKgWater } }, lh);
}

/** Volumetric flow of a stream, L/h. */
export function streamLh(s: Readonly<Stream>): number {
  return volumeL(s.water, s.solutes);
}

export function scaleSolutes(s: Readonly<Solutes>, f: number): Solutes {
  const out: Solutes = {};
  for (const k in s) out[k] = (s[k] ?? 0) * f;
  return out;
}

/** a + f·b, species by species (new object). */
export function addSolutes(a: Readonly<Solutes>, b: Readonly<Solutes>, f = 1): Solutes {
  const out: Solutes = { ...a };
  for (const k in b) out[k] = (out[k] ?? 0) + (b[k] ?? 0) * f;
  return out;
}

export function addStreams(...streams: readonly Readonly<Stream>[]): Stream {
  let water = 0;
  let solutes: Solutes = {};
  for (const s of streams) {
    water += s.water;
    solutes = addSolutes(solutes, s.solutes);
  }
  return { water, solutes };
}

export function scaleStream(s: Readonly<Stream>, f: number): Stream {
  return { water: s.water * f, solutes: scaleSolutes(s.solutes, f) };
}

export const EMPTY_STREAM: Readonly<Stream> = Object.freeze({
  water: 0,
  solutes: Object.freeze({}),
});

/** Concentration of one solute, g per litre of solution. */
export function concentrationGL(p: Readonly<Parcel>, name: string): number {
  const v = volumeL(p.water, p.solutes);
  return v > 0 ? ((p.solutes[name] ?? 0) * 1000) / v : 0;
}

/** Total dissolved solids, g per litre of solution. */
export function tdsGL(p: Readonly<Parcel>): number {
  const v = volumeL(p.water, p.solutes);
  return v > 0 ? (soluteMass(p.solutes) * 1000) / v : 0;
}
