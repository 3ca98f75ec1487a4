// MVR evaporator (lumped): sump mass/solute balance, vapour-space mass, heater duty, compressor, vent, distillate.
import type { WaterTerms } from './ledger.js';
import type { Parcel, Solutes, Stream } from './liquid.js';
import { addSolutes, densityKgL, scaleSolutes, soluteMass, volumeL } from './liquid.js';
import { bpeK, CP_VAPOUR, CP_WATER, latentHeatKjKg, tsatC, vapourDensity } from './steam.js';

export interface EvaporatorParams {
  /** Sump free surface, m², and height for 100 % level, m. */
  areaM2: number;
  heightM: number;
  /** Heater U·A, kW/K. */
  uaKwK: number;
  /** Vapour space volume, m³. */
  vapourSpaceM3: number;
  /** Compressor displacement at 100 % speed, m³/s of suction vapour. */
  displacementM3s: number;
  /** Pressure ratio P2/P1 at 100 % speed (fan law: r = 1 + (r100 − 1)·n²). */
  ratioAt100: number;
  /** Vent-valve (to the vent condenser) capacity at 100 % open and `ventRefKpa`, kg/h. */
  ventKgHAt100: number;
  ventRefKpa: number;
  /** Fraction of all vapour leaving the body that is lost to atmosphere (1-2 %). */
  lossFrac: number;
  /** Fraction of the vapour flow carried over as brine droplets into the distillate. */
  carryOver?: number;
  /** Feed enters this far below the boiling temperature, K (preheater approach). */
  feedApproachK?: number;
  /** Heat loss, kW. */
  heatLossKw?: number;
  etaIs?: number;
  gamma?: number;
  motorEff?: number;
  /** Mechanical losses while running (bearings, seals), kW. */
  mechLossKw?: number;
  /** Multiplier on the ideal boiling-point elevation. */
  bpeFactor?: number;
}

export interface EvaporatorState extends Parcel {
  /** Vapour held in the body, kg. */
  vapourKg: number;
  /** Boiling temperature of the last step, °C. */
  tBoilC: number;
}

export interface EvaporatorInputs {
  feed: Stream;
  /** Concentrate drawn, L/h. */
  concentrateLh: number;
  /** Compressor speed, % (0 when stopped). */
  speedPct: number;
  /** Vent valve PV-502 opening, %. */
  ventOpenPct: number;
  /** Extra vapour loss (fault), fraction of the vapour. */
  extraLossFrac?: number;
  /** Carry-over multiplier (fault). */
  carryOverFactor?: number;
  /** Heater U·A multiplier (fouling fault: 1 clean, 0.7 after 30 % fouling). */
  uaFactor?: number;
  /** Unmetered sump leak, L/h. */
  leakLh?: number;
}

export interface EvaporatorOutputs {
  p1Kpa: number;
  p2Kpa: number;
  tBoilC: number;
  tCondC: number;
  bpeK: number;
  /** Water boiled off, kg/h. */
  boilKgH: number;
  /** Vapour through the compressor and through the vent valve, kg/h. */
  compressorKgH: number;
  ventValveKgH: number;
  /** Vapour lost to atmosphere, kg/h. */
  lossKgH: number;
  dutyKw: number;
  powerKw: number;
  levelPct: number;
  densityKgL: number;
  distillate: Stream;
  concentrate: Stream;
  water: WaterTerms;
}

const R = 8.314;
const MW = 0.018015;

export function evaporatorPressureKpa(
  p: Readonly<EvaporatorParams>,
  s: Readonly<EvaporatorState>,
): number {
  return (s.vapourKg * R * (s.tBoilC + 273.15)) / (MW * p.vapourSpaceM3) / 1000;
}

/** Vapour mass that gives `pKpa` at `tC` in the vapour space, kg. */
export function vapourKgAt(p: Readonly<EvaporatorParams>, pKpa: number, tC: number): number {
  return vapourDensity(pKpa, tC) * p.vapourSpaceM3;
}

/** Pressure ratio at speed fraction n. */
export function compressorRatio(p: Readonly<EvaporatorParams>, n: number): number {
  return n > 0 ? 1 + (p.ratioAt100 - 1) * n * n : 1;
}

/** Shaft power of the compressor, kW (isentropic work / efficiencies). */
export function compressorPowerKw(
  p: Readonly<EvaporatorParams>,
  kgH: number,
  t1C: number,
  ratio: number,
): number {
  const g = p.gamma ?? 1.33;
  const w = CP_VAPOUR * (t1C + 273.15) * (Math.pow(ratio, (g - 1) / g) - 1);
  return ((kgH / 3600) * w) / (p.etaIs ?? 0.7) / (p.motorEff ?? 0.92);
}

function take(s: Parcel, fraction: number): Parcel {
  const f = Math.min(1, Math.max(0, fraction));
  const t: Parcel = { water: s.water * f, solutes: scaleSolutes(s.solutes, f) };
  s.water -= t.water;
  s.solutes = addSolutes(s.solutes, t.solutes, -1);
  return t;
}

/** One step of `dtS` seconds. Pure. */
export function evaporatorStep(
  p: Readonly<EvaporatorParams>,
  s0: Readonly<EvaporatorState>,
  u: Readonly<EvaporatorInputs>,
  dtS: number,
): { state: EvaporatorState; out: EvaporatorOutputs } {
  const h = dtS / 3600;
  const bpe = bpeK(s0.water, s0.solutes, p.bpeFactor ?? 1.25);
  const p1 = evaporatorPressureKpa(p, s0);
  const tb = tsatC(p1) + bpe;
  const n = Math.max(0, u.speedPct) / 100;
  const ratio = compressorRatio(p, n);
  const p2 = ratio * p1;
  const tc = tsatC(p2);
  const duty = n > 0 ? p.uaKwK * (u.uaFactor ?? 1) * Math.max(0, tc - tb) : 0;
  const feedKgH = u.feed.water + soluteMass(u.feed.solutes);
  const sensible = (feedKgH * CP_WATER * (p.feedApproachK ?? 4)) / 3600;
  // Sump: feed in, then boil, leak, carry-over and concentrate out (each limited by what is there).
  const sump: Parcel = {
    water: s0.water + u.feed.water * h,
    solutes: addSolutes(s0.solutes, u.feed.solutes, h),
  };
  const boilWant = (Math.max(0, duty - sensible - (p.heatLossKw ?? 0)) * 3600) / latentHeatKjKg(tb);
  const boil = Math.min(boilWant * h, 0.5 * sump.water);
  sump.water -= boil;
  // Vapour space: boil in; compressor and vent valve out (limited to what is there).
  const rhoV = s0.vapourKg / p.vapourSpaceM3;
  let comp = rhoV * p.displacementM3s * n * 3600 * h;
  let vent =
    p.ventKgHAt100 * (Math.min(100, Math.max(0, u.ventOpenPct)) / 100) * (p1 / p.ventRefKpa) * h;
  const availV = s0.vapourKg + boil;
  if (comp + vent > availV) {
    const k = availV / (comp + vent);
    comp *= k;
    vent *= k;
  }
  const vapourKg = s0.vapourKg + boil - comp - vent;
  const lossFrac = Math.min(1, p.lossFrac + (u.extraLossFrac ?? 0));
  const lost = (comp + vent) * lossFrac;
  const v0 = volumeL(sump.water, sump.solutes);
  const leakP = take(sump, v0 > 0 ? ((u.leakLh ?? 0) * h) / v0 : 0);
  const carryKg = (comp + vent) * (p.carryOver ?? 2e-6) * (u.carryOverFactor ?? 1);
  const sumpMass = sump.water + soluteMass(sump.solutes);
  const carried = take(sump, sumpMass > 0 ? carryKg / sumpMass : 0);
  const v1 = volumeL(sump.water, sump.solutes);
  const conc = take(sump, v1 > 0 ? (Math.max(0, u.concentrateLh) * h) / v1 : 0);
  const distWater = comp + vent - lost + carried.water;
  const state: EvaporatorState = { water: sump.water, solutes: sump.solutes, vapourKg, tBoilC: tb };
  const water: WaterTerms = {
    in: { feed: u.feed.water * h },
    out: { concentrate: conc.water, distillate: distWater },
    reaction: 0,
    leak: leakP.water,
    overflow: 0,
    vent: lost,
    accumulation: state.water + state.vapourKg - (s0.water + s0.vapourKg),
  };
  const perH = (x: Parcel): Stream => ({
    water: x.water / h,
    solutes: scaleSolutes(x.solutes, 1 / h),
  });
  return {
    state,
    out: {
      p1Kpa: p1,
      p2Kpa: p2,
      tBoilC: tb,
      tCondC: tc,
      bpeK: bpe,
      boilKgH: boil / h,
      compressorKgH: comp / h,
      ventValveKgH: vent / h,
      lossKgH: lost / h,
      dutyKw: duty,
      powerKw: n > 0 ? compressorPowerKw(p, comp / h, tb, ratio) + (p.mechLossKw ?? 0) : 0,
      levelPct: (100 * volumeL(state.water, state.solutes)) / 1000 / p.areaM2 / p.heightM,
      densityKgL: densityKgL(state.water, state.solutes),
      distillate: { water: distWater / h, solutes: scaleSolutes(carried.solutes, 1 / h) },
      concentrate: perH(conc),
      water,
    },
  };
}

/** A hot start-up state: sump at `levelPct` with `solutesPerKgWater`, vapour at `p1Kpa`. */
export function evaporatorInitial(
  p: Readonly<EvaporatorParams>,
  levelPct: number,
  solutesPerKgWater: Readonly<Solutes>,
  p1Kpa: number,
): EvaporatorState {
  const litres = (levelPct / 100) * p.heightM * p.areaM2 * 1000;
  const water = litres / volumeL(1, solutesPerKgWater);
  const solutes = scaleSolutes(solutesPerKgWater, water);
  const tb = tsatC(p1Kpa) + bpeK(water, solutes, p.bpeFactor ?? 1.25);
  return { water, solutes, vapourKg: vapourKgAt(p, p1Kpa, tb), tBoilC: tb };
}
