// Transmitter: lag (plus optional dead time), Gaussian noise, 16-bit quantisation over the span, and faults.
import type { RngState } from './rng.js';
import { createRng, gaussian } from './rng.js';
import { lagFraction } from './substep.js';

export interface SensorParams {
  /** Calibrated span [lo, hi] in engineering units; the reading saturates at its ends. */
  span: readonly [number, number];
  /** First-order lag, s. */
  tauS: number;
  /** Noise 1 sigma, as a fraction of the reading or of the span. */
  noise?: number;
  noiseBasis?: 'reading' | 'span';
  /** Analyser dead time, s (approximated by four lags in series). */
  deadTimeS?: number;
  /** ADC resolution over the span (0: none). */
  bits?: number;
}

/** Active faults on one instrument. */
export interface SensorFaults {
  /** Fixed offset, % of reading. */
  driftPct?: number;
  /** Growing drift, % of reading per hour (adds to the fixed offset while active). */
  driftRatePctPerH?: number;
  /** Freeze the reading at its value when the fault begins. */
  stuck?: boolean;
  /** Extra noise, 1 sigma as % of span. */
  extraNoisePctSpan?: number;
}

export interface SensorState {
  /** The true process value last seen (ground truth). */
  truth: number;
  /** The lagged (noise-free) signal. */
  lagged: number;
  /** Dead-time chain (empty without dead time). */
  chain: number[];
  /** Drift accumulated by a growing-drift fault, %. */
  driftGrownPct: number;
  stuckAt: number | null;
  /** What the PLC reads. */
  measured: number;
  rng: RngState;
}

const DEAD_STAGES = 4;

export function sensorInitial(p: Readonly<SensorParams>, value: number, seed: number): SensorState {
  return {
    truth: value,
    lagged: value,
    chain: p.deadTimeS ? new Array<number>(DEAD_STAGES).fill(value) : [],
    driftGrownPct: 0,
    stuckAt: null,
    measured: quantise(p, value),
    rng: createRng(seed),
  };
}

/** Clamp to the span and round to the ADC resolution. */
export function quantise(p: Readonly<SensorParams>, v: number): number {
  const [lo, hi] = p.span;
  const c = Math.min(hi, Math.max(lo, v));
  const bits = p.bits ?? 16;
  if (bits <= 0 || hi === lo) return c;
  const steps = Math.pow(2, bits) - 1;
  return lo + (Math.round(((c - lo) / (hi - lo)) * steps) / steps) * (hi - lo);
}

/** One step of `dtS` seconds with the true value `truth`. Pure (the RNG state is copied). */
export function sensorStep(
  p: Readonly<SensorParams>,
  s: Readonly<SensorState>,
  truth: number,
  dtS: number,
  faults: Readonly<SensorFaults> = {},
): SensorState {
  let input = truth;
  let chain = s.chain;
  if (chain.length > 0 && p.deadTimeS) {
    const f = lagFraction(dtS, p.deadTimeS / DEAD_STAGES);
    chain = chain.slice();
    for (let i = 0; i < chain.length; i++) {
      const prev = chain[i] ?? input;
      chain[i] = prev + (input - prev) * f;
      input = chain[i] ?? input;
    }
  }
  const lagged = s.lagged + (input - s.lagged) * lagFraction(dtS, p.tauS);
  const driftGrownPct =
    faults.driftRatePctPerH !== undefined
      ? s.driftGrownPct + (faults.driftRatePctPerH * dtS) / 3600
      : 0;
  const rng = { ...s.rng };
  if (faults.stuck === true) {
    const stuckAt = s.stuckAt ?? s.measured;
    return { truth, lagged, chain, driftGrownPct, stuckAt, measured: stuckAt, rng };
  }
  const span = p.span[1] - p.span[0];
  const base = (p.noise ?? 0) * ((p.noiseBasis ?? 'reading') === 'span' ? span : Math.abs(lagged));
  const extra = ((faults.extraNoisePctSpan ?? 0) / 100) * span;
  const sigma = Math.sqrt(base * base + extra * extra);
  const drift = 1 + ((faults.driftPct ?? 0) + driftGrownPct) / 100;
  const noisy = lagged * drift + (sigma > 0 ? sigma * gaussian(rng) : 0);
  return { truth, lagged, chain, driftGrownPct, stuckAt: null, measured: quantise(p, noisy), rng };
}
