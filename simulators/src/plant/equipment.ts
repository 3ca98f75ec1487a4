// Pumps, drives and valves of the pilot as the simulator runs them (capacities are design values, not in the plant file).
import type { PumpParams } from '../models/pump.js';
import type { OnOffValveParams, ValveParams } from '../models/valve.js';

const metering = (ratedLh: number, extra: Partial<PumpParams> = {}): PumpParams => ({
  kind: 'metering',
  bepLh: ratedLh,
  rampS: 2,
  tauS: 1,
  lowFlowFrac: 0,
  ...extra,
});
const centrifugal = (ratedLh: number): PumpParams => ({
  kind: 'centrifugal',
  bepLh: ratedLh,
  h0M: 25,
  curveK: (0.25 * 25) / (ratedLh * ratedLh),
  efficiency: 0.45,
  rampS: 8,
  tauS: 1.5,
  lowFlowFrac: 0.15,
  tripDelayS: 5,
});

/** System resistance that gives the rated flow at full speed for a centrifugal pump with no static head. */
export function ratedSystemK(p: Readonly<PumpParams>): number {
  const h0 = p.h0M ?? 20;
  return h0 / (p.bepLh * p.bepLh) - (p.curveK ?? 0);
}

/** Every pump and drive by equipment id; flows in L/h at 100 % speed (drives: rpm; the compressor: %). */
export const PUMPS: Readonly<Record<string, PumpParams>> = {
  'P-102': metering(4),
  'P-103': centrifugal(60),
  'P-104': metering(0.2),
  'P-106': metering(50),
  'P-201': metering(80),
  'P-202': metering(8),
  'P-203': metering(10),
  'P-204': metering(2.5),
  'M-212': metering(1200, { rampS: 5 }),
  'P-301': metering(10),
  'P-302': metering(20),
  'P-401': centrifugal(60),
  'P-403': metering(3),
  'P-405': centrifugal(100),
  'K-504': metering(100, { rampS: 20, tauS: 2 }),
  'P-508': metering(30),
  'P-605': centrifugal(6000),
  'P-609': metering(30),
  'CF-610': metering(3500, { rampS: 30 }),
  'P-703': centrifugal(80),
  'P-704': metering(30),
  'P-902': centrifugal(200),
  /** Internal: fresh-water wash pump from TK-002, and the centrate return pump. */
  'P-002W': metering(0.5),
  'P-610R': metering(20),
};

/** Where each pump draws from (suction lost → dry-run trip for centrifugal pumps). */
export const SUCTION: Readonly<Record<string, string>> = {
  'P-103': 'R-101',
  'P-106': 'TK-105',
  'P-301': 'strip-pot',
  'P-401': 'TK-206',
  'P-405': 'TK-402',
  'P-703': 'TK-701',
  'P-704': 'TK-701',
  'P-002W': 'TK-002',
  'P-610R': 'centrate-pot',
};

export const CONTROL_VALVES: Readonly<Record<string, ValveParams>> = {
  'PV-502': {
    characteristic: 'equal-percentage',
    kv: 1,
    rangeability: 30,
    tauS: 2,
    deadbandPct: 0.5,
  },
  'PV-602': {
    characteristic: 'equal-percentage',
    kv: 1,
    rangeability: 30,
    tauS: 2,
    deadbandPct: 0.5,
  },
};

export const ON_OFF_VALVES: Readonly<Record<string, OnOffValveParams>> = {
  'XV-001': { strokeS: 3, kv: 0.1 },
  'XV-510': { strokeS: 5, kv: 1 },
  'XV-901': { strokeS: 5, kv: 1 },
};

/** Outfall line capacity when XV-901 is open, L/h (gravity from the sump). */
export const OUTFALL_CAPACITY_LH = 200;
/** Make-up float valve: flow = gain × (set − level), L/h per %, capped; XV-001 isolates it. */
export const FLOAT_VALVE = { setPct: 62, gainLhPerPct: 1, maxLh: 2 } as const;
/** MVR compressor: surge protection trips it below this speed. */
export const COMPRESSOR_MIN_PCT = 35;
