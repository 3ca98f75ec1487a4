// Forced-circulation NaCl crystallizer: liquor + crystals, supersaturation relaxation, heater, condenser, vacuum, purge.
import type { WaterTerms } from './ledger.js';
import type { Parcel, Solutes, Stream } from './liquid.js';
import { addSolutes, scaleSolutes, soluteMass, volumeL } from './liquid.js';
import { naclSolubility, saturatedSaltKg } from './solubility.js';
import { bpeK, CP_WATER, latentHeatKjKg, tsatC, vapourDensity } from './steam.js';

/** Crystals are carried as the solute 'crystals' (solid NaCl) in streams and in the state. */
export const CRYSTALS = 'crystals';

export interface CrystallizerParams {
  areaM2: number;
  heightM: number;
  vapourSpaceM3: number;
  /** Supersaturation relaxation time constant, s (5-15 min). */
  tauCrystS: number;
  /** Condenser U·A, kW/K, and cooling-water temperature, °C. */
  condenserUaKwK: number;
  coolingWaterC: number;
  /** Vacuum-valve capacity at 100 % open and `vacuumRefKpa`, kg/h of vapour. */
  vacuumKgHAt100: number;
  vacuumRefKpa: number;
  /** Fraction of the vapour lost to atmosphere (vacuum-pump exhaust), 1-2 %. */
  lossFrac: number;
  /** Heat loss, kW. */
  heatLossKw?: number;
  /** Feed enters this far below the boiling temperature, K. */
  feedApproachK?: number;
  bpeFactor?: number;
  /** Specific heat of the circulating slurry, kJ/(kg·K), and its density, kg/L. */
  slurryCp?: number;
  slurryDensity?: number;
  /**
   * Other dissolved species that co-crystallise above their own solubility, g per 100 g water
   * (they leave with the cake instead of building up in the liquor).
   */
  impuritySolubility?: Readonly<Record<string, number>>;
}

export interface CrystallizerState extends Parcel {
  vapourKg: number;
  tC: number;
}

export interface CrystallizerInputs {
  /** Streams in (kg/h), e.g. concentrate and centrate. */
  feeds: Readonly<Record<string, Stream>>;
  /** Heater duty, kW. */
  heaterKw: number;
  /** Vacuum valve PV-602 opening, %. */
  vacuumOpenPct: number;
  /** Slurry drawn to the centrifuge, L/h (liquor and crystals together). */
  slurryLh: number;
  /** Clear mother liquor purged, L/h. */
  purgeLh: number;
  /** Forced-circulation flow, m³/h (heater outlet temperature rise). */
  circulationM3h: number;
  extraLossFrac?: number;
  leakLh?: number;
}

export interface CrystallizerOutputs {
  pKpa: number;
  tC: number;
  heaterOutletC: number;
  bpeK: number;
  boilKgH: number;
  condensedKgH: number;
  vacuumKgH: number;
  lossKgH: number;
  /** Dissolved NaCl over solubility, (c − c*)/c*. */
  supersaturation: number;
  solidsWtPct: number;
  levelPct: number;
  crystallisedKgH: number;
  distillate: Stream;
  slurry: Stream;
  purge: Stream;
  water: WaterTerms;
}

const R = 8.314;
const MW = 0.018015;

export function crystallizerPressureKpa(
  p: Readonly<CrystallizerParams>,
  s: Readonly<CrystallizerState>,
): number {
  return (s.vapourKg * R * (s.tC + 273.15)) / (MW * p.vapourSpaceM3) / 1000;
}

function dissolved(s: Readonly<Solutes>): Solutes {
  const d: Solutes = { ...s };
  delete d[CRYSTALS];
  return d;
}

export function solidsWtPct(s: Readonly<Parcel>): number {
  const total = s.water + soluteMass(s.solutes);
  return total > 0 ? (100 * (s.solutes[CRYSTALS] ?? 0)) / total : 0;
}

function take(s: Parcel, f: number, liquorOnly: boolean): Parcel {
  const k = Math.min(1, Math.max(0, f));
  const src = liquorOnly ? dissolved(s.solutes) : s.solutes;
  const t: Parcel = { water: s.water * k, solutes: scaleSolutes(src, k) };
  s.water -= t.water;
  s.solutes = addSolutes(s.solutes, t.solutes, -1);
  return t;
}

/** One step of `dtS` seconds. Pure. */
export function crystallizerStep(
  p: Readonly<CrystallizerParams>,
  s0: Readonly<CrystallizerState>,
  u: Readonly<CrystallizerInputs>,
  dtS: number,
): { state: CrystallizerState; out: CrystallizerOutputs } {
  const h = dtS / 3600;
  const pk = crystallizerPressureKpa(p, s0);
  const bpe = bpeK(s0.water, dissolved(s0.solutes), p.bpeFactor ?? 1.25);
  const t = tsatC(pk) + bpe;
  const m: Parcel = { water: s0.water, solutes: { ...s0.solutes } };
  const water: WaterTerms = {
    in: {},
    out: {},
    reaction: 0,
    leak: 0,
    overflow: 0,
    vent: 0,
    accumulation: 0,
  };
  let feedKgH = 0;
  for (const name in u.feeds) {
    const f = u.feeds[name];
    if (!f) continue;
    water.in[name] = f.water * h;
    m.water += f.water * h;
    m.solutes = addSolutes(m.solutes, f.solutes, h);
    feedKgH += f.water + soluteMass(f.solutes);
  }
  // Crystallisation (or dissolution) relaxes dissolved NaCl toward saturation.
  const sat = saturatedSaltKg(m.water, naclSolubility(t));
  const dis = m.solutes['NaCl'] ?? 0;
  const xtal = m.solutes[CRYSTALS] ?? 0;
  const relax = 1 - Math.exp(-dtS / p.tauCrystS);
  const dC = dis > sat ? (dis - sat) * relax : -Math.min(xtal, (sat - dis) * relax);
  m.solutes['NaCl'] = dis - dC;
  m.solutes[CRYSTALS] = xtal + dC;
  let made = dC;
  for (const k in p.impuritySolubility ?? {}) {
    const limit = ((p.impuritySolubility?.[k] ?? Infinity) / 100) * m.water;
    const have = m.solutes[k] ?? 0;
    if (have > limit) {
      const d = (have - limit) * relax;
      m.solutes[k] = have - d;
      m.solutes[CRYSTALS] = (m.solutes[CRYSTALS] ?? 0) + d;
      made += d;
    }
  }
  // Heat: heater duty boils water; the condenser and vacuum valve remove vapour.
  const sensible = (feedKgH * CP_WATER * (p.feedApproachK ?? 3)) / 3600;
  const boilWant =
    (Math.max(0, u.heaterKw - sensible - (p.heatLossKw ?? 0)) * 3600) / latentHeatKjKg(t);
  const boil = Math.min(boilWant * h, 0.5 * m.water);
  m.water -= boil;
  let cond =
    ((p.condenserUaKwK * Math.max(0, tsatC(pk) - p.coolingWaterC) * 3600) / latentHeatKjKg(t)) * h;
  let vac =
    p.vacuumKgHAt100 *
    (Math.min(100, Math.max(0, u.vacuumOpenPct)) / 100) *
    (pk / p.vacuumRefKpa) *
    h;
  const avail = s0.vapourKg + boil;
  if (cond + vac > avail) {
    const k = avail / (cond + vac);
    cond *= k;
    vac *= k;
  }
  const vapourKg = s0.vapourKg + boil - cond - vac;
  const lost = (cond + vac) * Math.min(1, p.lossFrac + (u.extraLossFrac ?? 0));
  const vol = (): number => volumeL(m.water, m.solutes);
  const leak = take(m, vol() > 0 ? ((u.leakLh ?? 0) * h) / vol() : 0, false);
  const purge = take(
    m,
    vol() > 0 ? (Math.max(0, u.purgeLh) * h) / volumeL(m.water, dissolved(m.solutes)) : 0,
    true,
  );
  const slurry = take(m, vol() > 0 ? (Math.max(0, u.slurryLh) * h) / vol() : 0, false);
  const distWater = cond + vac - lost;
  const state: CrystallizerState = { water: m.water, solutes: m.solutes, vapourKg, tC: t };
  water.out['slurry'] = slurry.water;
  water.out['purge'] = purge.water;
  water.out['distillate'] = distWater;
  water.leak = leak.water;
  water.vent = lost;
  water.accumulation = state.water + state.vapourKg - (s0.water + s0.vapourKg);
  const satNow = saturatedSaltKg(m.water, naclSolubility(t));
  const perH = (x: Parcel): Stream => ({
    water: x.water / h,
    solutes: scaleSolutes(x.solutes, 1 / h),
  });
  const circKgH = Math.max(1e-6, u.circulationM3h) * 1000 * (p.slurryDensity ?? 1.3);
  return {
    state,
    out: {
      pKpa: pk,
      tC: t,
      heaterOutletC: t + (u.heaterKw * 3600) / (circKgH * (p.slurryCp ?? 3.3)),
      bpeK: bpe,
      boilKgH: boil / h,
      condensedKgH: cond / h,
      vacuumKgH: vac / h,
      lossKgH: lost / h,
      supersaturation: satNow > 0 ? ((m.solutes['NaCl'] ?? 0) - satNow) / satNow : 0,
      solidsWtPct: solidsWtPct(state),
      levelPct: (100 * volumeL(state.water, state.solutes)) / 1000 / p.areaM2 / p.heightM,
      crystallisedKgH: made / h,
      distillate: { water: distWater / h, solutes: {} },
      slurry: perH(slurry),
      purge: perH(purge),
      water,
    },
  };
}

/** A running state: `levelPct` of saturated slurry with `solidsPct` wt% crystals, vapour at `pKpa`. */
export function crystallizerInitial(
  p: Readonly<CrystallizerParams>,
  levelPct: number,
  solidsPct: number,
  pKpa: number,
  impuritiesPerKgWater: Readonly<Solutes> = {},
): CrystallizerState {
  // Per kg water: saturated NaCl (at an estimated temperature) plus impurities plus crystals.
  const t0 = tsatC(pKpa) + 7.5;
  const salt = naclSolubility(t0) / 100;
  const liquor = 1 + salt + soluteMass(impuritiesPerKgWater);
  const crystals = (solidsPct / (100 - solidsPct)) * liquor;
  const perKg: Solutes = { ...impuritiesPerKgWater, NaCl: salt, [CRYSTALS]: crystals };
  const litres = (levelPct / 100) * p.heightM * p.areaM2 * 1000;
  const water = litres / volumeL(1, perKg);
  const solutes = scaleSolutes(perKg, water);
  const t = tsatC(pKpa) + bpeK(water, dissolved(solutes), p.bpeFactor ?? 1.25);
  return { water, solutes, vapourKg: vapourDensity(pKpa, t) * p.vapourSpaceM3, tC: t };
}
