// Open tank with an exact water and solute ledger: inflows, pumped outflows, leak, vent, overflow weir, level clamp.
import type { WaterTerms } from './ledger.js';
import type { Parcel, Solutes, Stream } from './liquid.js';
import { scaleSolutes, volumeL } from './liquid.js';

export interface TankParams {
  areaM2: number;
  /** Rim height: the level cannot exceed it (liquid above spills to the overflow destination). */
  heightM: number;
  /** Weir crest height, m (default 0.97 × height). */
  overflowM?: number;
  /** Weir coefficient Cw, m^0.5/s (default 1.84, sharp-crested). */
  weirCoeff?: number;
  /** Weir width b, m (default 0.05). */
  weirWidthM?: number;
  /** Where overflow goes (e.g. 'bund'). */
  overflowTo: string;
}

/** What the tank holds, kg. */
export type TankState = Parcel;

/** A reaction applied to the mixed contents: returns the new water (kg) and solutes (kg). */
export type Reaction = (
  water: number,
  solutes: Readonly<Solutes>,
) => {
  water: number;
  solutes: Solutes;
};

export interface TankInputs {
  /** Streams in, kg/h. */
  inflows?: Readonly<Record<string, Stream>>;
  /** Liquid drawn by each outlet, L/h (limited by what the tank holds). */
  outflows?: Readonly<Record<string, number>>;
  /** Unmetered liquid loss, L/h. */
  leakLh?: number;
  /** Open-surface evaporation or vent, water only, kg/h. */
  ventKgH?: number;
  /** Fast reaction of the mixed contents (e.g. neutralisation). */
  reaction?: Reaction;
}

export interface TankReport {
  /** Streams that left, kg/h averaged over the step, per outlet. */
  outflows: Record<string, Stream>;
  overflow: Stream;
  leak: Stream;
  water: WaterTerms;
  /** Solutes: in, out (all liquid leaving), and made by reaction, kg over the step. */
  solutesIn: Solutes;
  solutesOut: Solutes;
  solutesMade: Solutes;
  /** True when the outlets asked for more than the tank held. */
  starved: boolean;
}

export interface TankResult {
  state: TankState;
  report: TankReport;
}

export function tankVolumeL(s: Readonly<TankState>): number {
  return volumeL(s.water, s.solutes);
}

export function tankLevelM(p: Readonly<TankParams>, s: Readonly<TankState>): number {
  return tankVolumeL(s) / 1000 / p.areaM2;
}

export function tankLevelPct(p: Readonly<TankParams>, s: Readonly<TankState>): number {
  return (100 * tankLevelM(p, s)) / p.heightM;
}

/** A tank filled to `levelPct` with liquid of the given composition (kg solute per kg water). */
export function tankAtLevel(
  p: Readonly<TankParams>,
  levelPct: number,
  solutesPerKgWater: Readonly<Solutes> = {},
): TankState {
  const litres = (levelPct / 100) * p.heightM * p.areaM2 * 1000;
  const perKg = volumeL(1, solutesPerKgWater);
  const water = litres / perKg;
  return { water, solutes: scaleSolutes(solutesPerKgWater, water) };
}

/** One step of `dtS` seconds. Pure: returns a new state and the step's report. */
export function tankStep(
  p: Readonly<TankParams>,
  s0: Readonly<TankState>,
  u: Readonly<TankInputs>,
  dtS: number,
): TankResult {
  const h = dtS / 3600;
  const perH = 3600 / dtS;
  let water = s0.water;
  let sol: Solutes = { ...s0.solutes };
  const terms: WaterTerms = {
    in: {},
    out: {},
    reaction: 0,
    leak: 0,
    overflow: 0,
    vent: 0,
    accumulation: 0,
  };
  const solutesIn: Solutes = {};
  const inflows = u.inflows;
  if (inflows) {
    for (const name in inflows) {
      const st = inflows[name];
      if (!st) continue;
      const w = st.water * h;
      terms.in[name] = w;
      water += w;
      for (const k in st.solutes) {
        const m = (st.solutes[k] ?? 0) * h;
        sol[k] = (sol[k] ?? 0) + m;
        solutesIn[k] = (solutesIn[k] ?? 0) + m;
      }
    }
  }
  const solutesMade: Solutes = {};
  if (u.reaction) {
    const r = u.reaction(water, sol);
    terms.reaction = r.water - water;
    for (const k in r.solutes) solutesMade[k] = (r.solutes[k] ?? 0) - (sol[k] ?? 0);
    for (const k in sol) if (!(k in r.solutes)) solutesMade[k] = -(sol[k] ?? 0);
    water = r.water;
    sol = { ...r.solutes };
  }
  // Outlets and leak share what the tank holds; each draw takes a fraction of the mixed liquid.
  let volume = volumeL(water, sol);
  const outs = u.outflows;
  let wantTotal = 0;
  if (outs) for (const name in outs) wantTotal += Math.max(0, (outs[name] ?? 0) * h);
  const leakWant = Math.max(0, (u.leakLh ?? 0) * h);
  wantTotal += leakWant;
  const k = wantTotal > volume ? volume / wantTotal : 1;
  const starved = k < 1;
  const solutesOut: Solutes = {};
  /** Draws `litres` of the mixed liquid; returns the water taken (kg) and the stream (kg/h). */
  const take = (litres: number): { kg: number; st: Stream } => {
    const f = volume > 0 ? Math.min(1, Math.max(0, litres) / volume) : 0;
    const tw = water * f;
    const got: Stream = { water: tw * perH, solutes: {} };
    water -= tw;
    for (const key in sol) {
      const m = (sol[key] ?? 0) * f;
      sol[key] = (sol[key] ?? 0) - m;
      solutesOut[key] = (solutesOut[key] ?? 0) + m;
      got.solutes[key] = m * perH;
    }
    volume *= 1 - f;
    return { kg: tw, st: got };
  };
  const outflows: Record<string, Stream> = {};
  if (outs) {
    for (const name in outs) {
      const got = take(Math.max(0, (outs[name] ?? 0) * h) * k);
      terms.out[name] = got.kg;
      outflows[name] = got.st;
    }
  }
  const leak = take(leakWant * k);
  terms.leak = leak.kg;
  const vent = Math.min(water, Math.max(0, (u.ventKgH ?? 0) * h));
  water -= vent;
  volume -= vent;
  terms.vent = vent;
  // Overflow weir on the level after the step's flows, limited to the liquid above the crest; then the rim.
  const crest = p.overflowM ?? 0.97 * p.heightM;
  const level = volume / 1000 / p.areaM2;
  let overL = 0;
  if (level > crest) {
    const q = (p.weirCoeff ?? 1.84) * (p.weirWidthM ?? 0.05) * Math.pow(level - crest, 1.5);
    overL = Math.min(q * dtS * 1000, (level - crest) * p.areaM2 * 1000);
    overL = Math.max(overL, (level - p.heightM) * p.areaM2 * 1000);
  }
  const over = take(overL);
  terms.overflow = over.kg;
  terms.accumulation = water - s0.water;
  return {
    state: { water, solutes: sol },
    report: {
      outflows,
      overflow: over.st,
      leak: leak.st,
      water: terms,
      solutesIn,
      solutesOut,
      solutesMade,
      starved,
    },
  };
}
