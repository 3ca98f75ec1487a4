// Valves: control valve (linear, equal-percentage, quick-opening; Kv; positioner lag with deadband) and on/off valve.
import { lagFraction } from './substep.js';

export type Characteristic = 'linear' | 'equal-percentage' | 'quick-opening';

export interface ValveParams {
  characteristic: Characteristic;
  /** Flow coefficient at full travel, m³/h at 1 bar (Kv = 0.865·Cv). */
  kv: number;
  /** Rangeability for equal-percentage (30-50). */
  rangeability?: number;
  /** Actuator lag, s (1-3). */
  tauS?: number;
  /** Positioner deadband, % of travel (0.5). */
  deadbandPct?: number;
}

export interface OnOffValveParams {
  /** Full stroke time, s. */
  strokeS: number;
  /** Flow coefficient when open, m³/h at 1 bar. */
  kv: number;
}

export interface ValveState {
  /** Actual stem travel, % (0 closed). */
  positionPct: number;
  /** The demand the positioner has accepted (moves only when the command leaves the deadband). */
  demandPct: number;
}

/** Relative flow f(x) for travel x in 0..1. */
export function characteristic(c: Characteristic, x: number, rangeability = 40): number {
  const t = Math.min(1, Math.max(0, x));
  if (t <= 0) return 0;
  switch (c) {
    case 'linear':
      return t;
    case 'equal-percentage':
      return Math.pow(rangeability, t - 1);
    case 'quick-opening':
      return Math.sqrt(t);
  }
}

/** Flow through a valve, L/h: Q = Kv·f·√(ΔP/SG), ΔP in bar. */
export function valveFlowLh(kv: number, f: number, dpBar: number, sg = 1): number {
  return dpBar > 0 ? kv * f * Math.sqrt(dpBar / sg) * 1000 : 0;
}

/** The valve as a system-curve term: head loss = K·Q², K in m per (L/h)² (Infinity when shut). */
export function valveResistance(kv: number, f: number): number {
  const c = kv * f;
  return c > 0 ? 10.197e-6 / (c * c) : Infinity;
}

export function valveInitial(positionPct = 0): ValveState {
  return { positionPct, demandPct: positionPct };
}

/** Control valve step: deadband on the command, then a first-order actuator lag. Pure. */
export function valveStep(
  p: Readonly<ValveParams>,
  s: Readonly<ValveState>,
  commandPct: number,
  dtS: number,
): ValveState {
  const cmd = Math.min(100, Math.max(0, commandPct));
  const db = p.deadbandPct ?? 0.5;
  const demandPct = Math.abs(cmd - s.demandPct) > db ? cmd : s.demandPct;
  const positionPct = s.positionPct + (demandPct - s.positionPct) * lagFraction(dtS, p.tauS ?? 2);
  return { positionPct, demandPct };
}

/** Relative flow of a control valve in its present position. */
export function valveF(p: Readonly<ValveParams>, s: Readonly<ValveState>): number {
  return characteristic(p.characteristic, s.positionPct / 100, p.rangeability ?? 40);
}

/** On/off valve step: travels at constant speed toward fully open or shut. Pure. */
export function onOffStep(
  p: Readonly<OnOffValveParams>,
  s: Readonly<ValveState>,
  open: boolean,
  dtS: number,
): ValveState {
  const target = open ? 100 : 0;
  const rate = p.strokeS > 0 ? (100 / p.strokeS) * dtS : 100;
  const pos =
    s.positionPct < target
      ? Math.min(target, s.positionPct + rate)
      : Math.max(target, s.positionPct - rate);
  return { positionPct: pos, demandPct: target };
}

/** Limit switches of an on/off valve. */
export function limitSwitches(s: Readonly<ValveState>): { closed: boolean; open: boolean } {
  return { closed: s.positionPct <= 0.5, open: s.positionPct >= 99.5 };
}
