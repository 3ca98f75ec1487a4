// The pilot's design basis for the simulator: unit parameters and the nominal operating point (plant model §1-5).
// Tank geometry comes from the plant file; what the file does not hold (holdups, chemistry, sizing) is here.
import type { CentrifugeParams } from '../models/centrifuge.js';
import type { CrystallizerParams } from '../models/crystallizer.js';
import type { EvaporatorParams } from '../models/evaporator.js';
import type { Solutes } from '../models/liquid.js';
import type { MixerSettlerParams, SectionParams } from '../models/mixer-settler.js';
import type { Buffer } from '../models/reactions.js';

/** Nominal operating point. Flows in L/h unless stated. */
export const NOMINAL = {
  feedKgH: 2.5,
  feedMoisture: 0.005,
  leachTempC: 80,
  leachPh: 3.5,
  polishPh: 3.75,
  plsLh: 25,
  organicLh: 37.5,
  scrubLh: 3.75,
  scrubMolar: 1.0,
  stripLh: 4.8,
  stripMolar: 4.5,
  sapLh: 1.08,
  raffinatePh: 2.5,
  mixerRpm: 550,
  /** What the bank makes at the nominal strip flow; FIC-301 must take just that (see the strip pot). */
  stripLiquorLh: 4.77,
  oxalicLh: 8.8,
  precipitatorTempC: 55,
  calcinerTempC: 875,
  zldPh: 7.25,
  evapFeedLh: 45.85,
  p1Kpa: 47.5,
  densityKgL: 1.1625,
  crystallizerPKpa: 15,
  condensateReuseLh: 44,
  centrifugeRpm: 2000,
  /** Condensate washing the oxalate cake (joins the filtrate to TK-402). */
  oxalateWashLh: 2,
  /** Condensate spray washing the salt cake on the centrifuge (joins the centrate). */
  saltWashLh: 0.6,
} as const;

/** Reagent make-up: 32 % HCl is 10.18 mol/L; per L of dihydrate-made oxalic solution. */
export const REAGENT = {
  hcl32Molar: (1.16 * 0.32) / 0.036461,
  oxalicKgPerL: 0.0945,
  oxalicCrystalWaterPerL: 0.0378,
  /** Condensate per L of oxalic solution, kg (the rest of its water is crystal water). */
  oxalicCondensatePerL: 0.912,
} as const;

/** pH buffers (metal hydrolysis in the leach, carbonate/phosphate in the ZLD feed). */
export const BUFFERS: Readonly<Record<'leach' | 'zld', readonly Buffer[]>> = {
  leach: [{ molL: 0.05, pKa: 3.5, baseFraction: 0.5 }],
  zld: [{ molL: 0.01, pKa: 7.2, baseFraction: 0.5 }],
};

const sxSection = (stages: number, mixerL: number, aq: number): SectionParams => ({
  stages,
  mixerL,
  settlerAreaM2: 0.04,
  settlerDepthM: 0.2,
  nominalAqLh: aq,
  nominalOrgLh: 37.5,
});

/** MS-210: 6 extraction, 4 scrub, 4 strip stages; P507 1.5 M, 36 % saponified. */
export const SX: MixerSettlerParams = {
  extraction: sxSection(6, 3.1, 28.75),
  scrub: sxSection(4, 2.1, 3.75),
  strip: sxSection(4, 2.1, 4.8),
  settlerCstrs: 2,
  murphree: 0.95,
  nominalRpm: 550,
  chemistry: { logD0: -3, slopePerPh: 3, extractantM: 1.5, maxLoadingFrac: 0.12, pKNa: 2.75 },
  bandMmAtNominal: 40,
  bandExponent: 2.5,
  bandLimitMm: 80,
  entrainBase: 0.001,
  entrainSlope: 0.02,
  entrainMax: 0.05,
  interfaceMm: 100,
  interfaceTauS: 60,
};

/** EV-500 (sump geometry from the plant file replaces areaM2/heightM). */
export const EVAPORATOR: EvaporatorParams = {
  areaM2: 0.05,
  heightM: 1,
  uaKwK: 4.3,
  vapourSpaceM3: 0.5,
  displacementM3s: 0.0445,
  ratioAt100: 1.858,
  ventKgHAt100: 10,
  ventRefKpa: 47.5,
  lossFrac: 0.013,
  carryOver: 2e-6,
  heatLossKw: 0.3,
  feedApproachK: 4,
  mechLossKw: 0.35,
};

/** CR-600 (geometry from the plant file). */
export const CRYSTALLIZER: CrystallizerParams = {
  areaM2: 0.08,
  heightM: 1,
  vapourSpaceM3: 0.3,
  tauCrystS: 600,
  condenserUaKwK: 0.21,
  coolingWaterC: 30,
  vacuumKgHAt100: 4,
  vacuumRefKpa: 16,
  lossFrac: 0.013,
  heatLossKw: 0.2,
  feedApproachK: 3,
};

export const CENTRIFUGE: CentrifugeParams = {
  nominalRpm: 2000,
  recovery: 0.98,
  moisturePct: 5.3,
  vibrationMmS: 1.8,
};

/** Holdups of vessels the plant file gives no geometry for, kg of water. */
export const HOLDUP = {
  polishKg: 10,
  precipitatorKg: 15,
  stripPotL: 20,
  centratePotL: 10,
} as const;

/** Heater and burner capacities, kW. */
export const HEATERS = {
  'HE-101': 5,
  'HE-303': 2,
  'CA-305': 30,
  'HE-601': 15,
} as const;

/**
 * Compositions of the start-up state, kg per kg of water: the steady state the plant reaches at the nominal
 * operating point (taken from a 72 h run of this simulator from design estimates).
 */
export const STARTUP_COMPOSITION: Readonly<Record<string, Solutes>> = {
  leach: {
    REE: 0.03003,
    other: 0.006751,
    Fe: 0.000245,
    residue: 0.08611,
    HCl: 1.268e-5,
    NaCl: 2.92e-7,
  },
  polish: { REE: 0.03002, other: 0.006749, residue: 0.08654, NaOH: 0.0002861, NaCl: 2.11e-5 },
  pls: { REE: 0.02999, other: 0.006742, NaOH: 0.0002864, NaCl: 1.984e-5 },
  raffinate: { NaCl: 0.03797, HCl: 0.0001126, other: 0.005631, oil: 0.000886 },
  stripLiquor: { REE: 0.1699, HCl: 0.03944, NaCl: 0.0184 },
  precipitator: { oxalate: 0.1485, HCl: 0.05836, oxalic: 0.01316, REE: 0.002006, NaCl: 0.006505 },
  zldFeed: {
    NaCl: 0.05091,
    other: 0.003703,
    Na2C2O4: 0.004945,
    REE: 0.000547,
    NaOH: 1.203e-5,
    oil: 2.912e-6,
  },
  concentrate: { NaCl: 0.244, Na2C2O4: 0.02357, other: 0.01775, REE: 0.002652, NaOH: 5.673e-5 },
  crystallizerImpurities: {
    Na2C2O4: 0.02096,
    other: 0.01073,
    REE: 0.005102,
    NaOH: 0.001064,
    Fe: 3.142e-7,
  },
  centrate: {
    Na2C2O4: 0.02096,
    other: 0.01073,
    REE: 0.005102,
    NaOH: 0.001064,
    Fe: 3.142e-7,
    NaCl: 0.3862,
  },
  condensate: { NaCl: 3e-7 },
};

/** Crystallizer at start-up: level, %, and slurry solids, wt % (steady values of the same run). */
export const STARTUP_CRYSTALLIZER = { levelPct: 60.09, solidsPct: 18.98 } as const;
