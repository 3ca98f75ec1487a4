// Pump: centrifugal curve against a system curve (or metering), affinity laws, VFD ramp, flow lag, run/stop/trip.
import { lagFraction } from './substep.js';

export type PumpStatus = 'stopped' | 'running' | 'tripped';
export type TripReason = 'low-flow' | 'dry-run' | 'external';

export interface PumpParams {
  /** 'centrifugal': H = H0·n² − k·Q² against the system; 'metering': Q = ratedLh·n. */
  kind: 'centrifugal' | 'metering';
  /** Flow at the best-efficiency point at rated speed, L/h (metering: flow at 100 % speed). */
  bepLh: number;
  /** Shut-off head at rated speed, m (centrifugal). */
  h0M?: number;
  /** Curve coefficient, m per (L/h)² (centrifugal; default puts BEP at 75 % of H0 with no static head). */
  curveK?: number;
  /** Efficiency at BEP (0-1). */
  efficiency?: number;
  /** VFD ramp time for 0 → 100 % speed, s (5-10). */
  rampS?: number;
  /** Flow lag time constant, s (1-2). */
  tauS?: number;
  /** Low-flow trip threshold as a fraction of BEP flow at the running speed (0.15). */
  lowFlowFrac?: number;
  /** The low-flow condition must persist this long, s. */
  tripDelayS?: number;
  /** Protection is inhibited this long after a start, s (default ramp + 5 tau). */
  startGraceS?: number;
}

export interface PumpState {
  status: PumpStatus;
  /** Actual speed, % of rated. */
  speedPct: number;
  flowLh: number;
  /** Seconds since the last start. */
  runS: number;
  /** Seconds the low-flow or dry-run condition has held. */
  lowFlowS: number;
  tripReason: TripReason | null;
  /** The previous run command (a trip clears when the command is cycled off). */
  lastRun: boolean;
}

export interface PumpInputs {
  run: boolean;
  /** VFD speed command, % (fixed-speed pumps: 100). */
  speedPct: number;
  /** Static head of the system, m. */
  staticHeadM?: number;
  /** System resistance incl. valves, m per (L/h)². Infinity for a closed line. */
  systemK?: number;
  /** Liquid at the suction (false: dry-run). */
  suction?: boolean;
  /** Clears a trip. */
  reset?: boolean;
  /** Forces a trip (fault injection, motor protection). */
  trip?: boolean;
  /** Liquid density, kg/L. */
  density?: number;
}

export interface PumpOutputs {
  headM: number;
  powerKw: number;
  running: boolean;
}

export function pumpInitial(running = false, speedPct = 0, flowLh = 0): PumpState {
  return {
    status: running ? 'running' : 'stopped',
    speedPct,
    flowLh,
    runS: running ? 1e9 : 0,
    lowFlowS: 0,
    tripReason: null,
    lastRun: running,
  };
}

function h0(p: Readonly<PumpParams>): number {
  return p.h0M ?? 20;
}
function curveK(p: Readonly<PumpParams>): number {
  return p.curveK ?? (0.25 * h0(p)) / (p.bepLh * p.bepLh);
}

/** Steady flow at speed fraction n: the pump curve meets the system curve (closed form). */
export function steadyFlowLh(
  p: Readonly<PumpParams>,
  n: number,
  staticHeadM = 0,
  systemK = 0,
): number {
  if (n <= 0) return 0;
  if (p.kind === 'metering') return p.bepLh * n;
  if (!Number.isFinite(systemK)) return 0;
  const dh = h0(p) * n * n - staticHeadM;
  return dh > 0 ? Math.sqrt(dh / (curveK(p) + systemK)) : 0;
}

/** Head at speed fraction n and flow Q (pump curve). */
export function pumpHeadM(p: Readonly<PumpParams>, n: number, q: number): number {
  if (p.kind === 'metering') return 0;
  return Math.max(0, h0(p) * n * n - curveK(p) * q * q);
}

/**
 * Shaft power, kW: ρ·g·Q·H/η with η = ηbep·q(2−q), q = Q/(Qbep·n); written without the 0/0 at Q = 0,
 * so the shut-off power is finite and P ∝ n³ (affinity).
 */
export function shaftPowerKw(p: Readonly<PumpParams>, n: number, q: number, density = 1): number {
  if (n <= 0) return 0;
  const eta = p.efficiency ?? 0.5;
  const qb = p.bepLh * n;
  const x = Math.min(1.999, q / qb);
  const headM = p.kind === 'metering' ? h0(p) : pumpHeadM(p, n, q);
  // ρgQH/η with Q/η = Qb/(ηbep (2 − x)); Q in m³/s, ρ in kg/m³, result W → kW.
  return (density * 1000 * 9.81 * (qb / 3.6e6) * headM) / (eta * (2 - x)) / 1000;
}

/** One step of `dtS` seconds. Pure. */
export function pumpStep(
  p: Readonly<PumpParams>,
  s: Readonly<PumpState>,
  u: Readonly<PumpInputs>,
  dtS: number,
): { state: PumpState; out: PumpOutputs } {
  let status = s.status;
  let tripReason = s.tripReason;
  let runS = s.runS;
  let lowFlowS = s.lowFlowS;
  if (status === 'tripped' && (u.reset === true || (!u.run && s.lastRun))) {
    status = 'stopped';
    tripReason = null;
  }
  if (u.trip === true && status !== 'tripped') {
    status = 'tripped';
    tripReason = 'external';
  }
  if (status === 'stopped' && u.run) {
    status = 'running';
    runS = 0;
    lowFlowS = 0;
  } else if (status === 'running' && !u.run) {
    status = 'stopped';
  }
  const target = status === 'running' ? Math.min(100, Math.max(0, u.speedPct)) : 0;
  const ramp = ((p.rampS ?? 8) > 0 ? 100 / (p.rampS ?? 8) : Infinity) * dtS;
  const speedPct =
    s.speedPct < target ? Math.min(target, s.speedPct + ramp) : Math.max(target, s.speedPct - ramp);
  const n = speedPct / 100;
  const suction = u.suction ?? true;
  const qss = suction ? steadyFlowLh(p, n, u.staticHeadM ?? 0, u.systemK ?? 0) : 0;
  const flowLh = s.flowLh + (qss - s.flowLh) * lagFraction(dtS, p.tauS ?? 1.5);
  if (status === 'running') {
    runS += dtS;
    const grace = p.startGraceS ?? (p.rampS ?? 8) + 5 * (p.tauS ?? 1.5);
    const low = flowLh < (p.lowFlowFrac ?? 0.15) * p.bepLh * n || !suction;
    lowFlowS = low && runS > grace ? lowFlowS + dtS : 0;
    if (lowFlowS >= (p.tripDelayS ?? 5)) {
      status = 'tripped';
      tripReason = suction ? 'low-flow' : 'dry-run';
    }
  } else {
    lowFlowS = 0;
  }
  const state: PumpState = {
    status,
    speedPct,
    flowLh,
    runS,
    lowFlowS,
    tripReason,
    lastRun: u.run,
  };
  return {
    state,
    out: {
      headM: pumpHeadM(p, n, flowLh),
      powerKw: shaftPowerKw(p, n, flowLh, u.density ?? 1),
      running: status === 'running',
    },
  };
}
