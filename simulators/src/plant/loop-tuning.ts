// Tuning, setpoint limits and the start-up operating point of every loop in the pilot plant file.
import type { PidMode } from '../models/pid.js';
import { NOMINAL } from './design.js';

export interface LoopTuning {
  /** Gain, % output per % of PV span; integral time, s. */
  kp: number;
  tiS: number;
  tdS?: number;
  /** reverse: output rises when PV < SP. */
  action: 'direct' | 'reverse';
  /** Setpoint limits (for a cascade slave also the range the master's 0-100 % maps onto). */
  spLimits: readonly [number, number];
  /** Start-up setpoint, output and mode. */
  sp: number;
  out: number;
  mode: PidMode;
}

const flow = (sp: number, ratedLh: number, hi: number, mode: PidMode = 'AUTO'): LoopTuning => ({
  kp: 0.3,
  tiS: 4,
  action: 'reverse',
  spLimits: [0, hi],
  sp,
  out: (100 * sp) / ratedLh,
  mode,
});

/** By loop id. A loop of the plant file without an entry here fails at start with its name. */
export const LOOP_TUNING: Readonly<Record<string, LoopTuning>> = {
  'TIC-101': {
    kp: 4,
    tiS: 1200,
    action: 'reverse',
    spLimits: [20, 95],
    sp: NOMINAL.leachTempC,
    out: 42.9,
    mode: 'AUTO',
  },
  'AIC-102': {
    kp: 4,
    tiS: 1800,
    action: 'direct',
    spLimits: [2, 5],
    sp: NOMINAL.leachPh,
    out: 43.1,
    mode: 'AUTO',
  },
  'LIC-103': {
    kp: 3,
    tiS: 1800,
    action: 'direct',
    spLimits: [20, 85],
    sp: 62.5,
    out: 44.0,
    mode: 'AUTO',
  },
  'AIC-104': {
    kp: 2,
    tiS: 600,
    action: 'reverse',
    spLimits: [3, 5],
    sp: NOMINAL.polishPh,
    out: 5.3,
    mode: 'AUTO',
  },
  'FIC-106': flow(NOMINAL.plsLh, 50, 50),
  'FIC-201': flow(NOMINAL.organicLh, 80, 60),
  'FIC-202': flow(NOMINAL.scrubLh, 8, 8),
  'FIC-203': flow(NOMINAL.stripLh, 10, 10),
  'FIC-204': flow(NOMINAL.sapLh, 2.5, 3, 'CAS'),
  'AIC-205': {
    kp: 1,
    tiS: 1800,
    action: 'reverse',
    spLimits: [1, 4],
    sp: NOMINAL.raffinatePh,
    out: 35.7,
    mode: 'AUTO',
  },
  'SIC-212': {
    kp: 0.3,
    tiS: 3,
    action: 'reverse',
    spLimits: [0, 1000],
    sp: NOMINAL.mixerRpm,
    out: 45.9,
    mode: 'AUTO',
  },
  'FIC-301': flow(NOMINAL.stripLiquorLh, 10, 10),
  'FIC-302': flow(NOMINAL.oxalicLh, 20, 20),
  'TIC-303': {
    kp: 4,
    tiS: 900,
    action: 'reverse',
    spLimits: [20, 80],
    sp: NOMINAL.precipitatorTempC,
    out: 27.8,
    mode: 'AUTO',
  },
  'TIC-305': {
    kp: 3,
    tiS: 2000,
    action: 'reverse',
    spLimits: [20, 1000],
    sp: NOMINAL.calcinerTempC,
    out: 73.9,
    mode: 'AUTO',
  },
  'LIC-402': {
    kp: 2,
    tiS: 3600,
    action: 'direct',
    spLimits: [20, 80],
    sp: 50,
    out: 46.0,
    mode: 'AUTO',
  },
  'AIC-403': {
    kp: 3,
    tiS: 3600,
    action: 'reverse',
    spLimits: [5, 9],
    sp: NOMINAL.zldPh,
    out: 38.7,
    mode: 'AUTO',
  },
  'FIC-405': flow(NOMINAL.evapFeedLh, 100, 100, 'CAS'),
  'PIC-502': {
    kp: 2,
    tiS: 30,
    action: 'direct',
    spLimits: [30, 60],
    sp: NOMINAL.p1Kpa,
    out: 13.0,
    mode: 'AUTO',
  },
  'SIC-504': {
    kp: 0.3,
    tiS: 10,
    action: 'reverse',
    spLimits: [40, 100],
    sp: 81.6,
    out: 81.5,
    mode: 'CAS',
  },
  'LIC-506': {
    kp: 2,
    tiS: 1800,
    action: 'direct',
    spLimits: [20, 80],
    sp: 50,
    out: 34.6,
    mode: 'AUTO',
  },
  'DIC-507': {
    kp: 3,
    tiS: 3600,
    action: 'reverse',
    spLimits: [1.1, 1.2],
    sp: NOMINAL.densityKgL,
    out: 69.2,
    mode: 'AUTO',
  },
  'TIC-601': {
    kp: 8,
    tiS: 90,
    action: 'reverse',
    spLimits: [40, 80],
    sp: 64.145,
    out: 42.6,
    mode: 'AUTO',
  },
  'PIC-602': {
    kp: 2,
    tiS: 60,
    action: 'direct',
    spLimits: [8, 30],
    sp: NOMINAL.crystallizerPKpa,
    out: 45.4,
    mode: 'AUTO',
  },
  'LIC-603': {
    kp: 1,
    tiS: 21600,
    action: 'direct',
    spLimits: [20, 85],
    sp: 60,
    out: 33.3,
    mode: 'AUTO',
  },
  'SIC-610': {
    kp: 0.3,
    tiS: 10,
    action: 'reverse',
    spLimits: [0, 3000],
    sp: NOMINAL.centrifugeRpm,
    out: 57.1,
    mode: 'AUTO',
  },
  'LIC-701': {
    kp: 2,
    tiS: 3600,
    action: 'direct',
    spLimits: [20, 85],
    sp: 50,
    out: 12.3,
    mode: 'AUTO',
  },
  'FIC-703': flow(NOMINAL.condensateReuseLh, 80, 80),
};

/** PLC logic with no faceplate in the plant file (averaging level control and fixed duties). */
export const INTERNAL = {
  /** P-401 speed from LT-206 (averaging PI). */
  raffinateTransfer: { kp: 3, tiS: 1800, sp: 50, out: 50.22 },
  /** Condensate to the leach: ratio to FIC-106.SP plus a trim from LT-105 of ± `trimLh`. */
  leachWater: { ratio: 0.966, trimLh: 5, kp: 2, tiS: 3600, sp: 50 },
  /**
   * Purge trim: at fixed heater-outlet temperature (TIC-601) and boiling point (PIC-602) the heater duty follows
   * the FC circulation, so a slow PI on the purge flow FT-607 sets the P-605 speed (3-5 m³/h, 50-83 %).
   */
  purgeTrim: { kp: 0.05, tiS: 28800, sp: 0.438, out: 67.16, min: 50, max: 83 },
  /** Centrate return pump speed, %; fresh-water wash pump, %. */
  centrateReturnPct: 44,
  washPct: 100,
} as const;
