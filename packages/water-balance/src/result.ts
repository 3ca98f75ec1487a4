// The shape of GET /api/water-balance and of the `water-balance` socket event.
import type { Quality } from '@zld/tags';
import type { Side, TermKind } from './layout.js';

/** Where a value stands against its limits, before any on-delay or hysteresis (the alarm engine adds those). */
export type LimitState = 'normal' | 'L' | 'LL' | 'H' | 'HH';

export interface TermResult {
  id: string;
  label: string;
  kind: TermKind;
  side: Side;
  /** Unmetered: an estimate, not a measurement. */
  estimate: boolean;
  /** Water over the window, kg, and its average rate, kg/h. */
  kg: number;
  kgH: number;
  /** 1 sigma of `kg`. */
  sigmaKg: number;
  quality: Quality;
  tags: string[];
}

export interface TankResult {
  tank: string;
  levelTag: string;
  unit: string;
  /** Mean level at the start and the end of the window, in the tag's unit (null: no data). */
  start: number | null;
  end: number | null;
  changeKg: number;
  sigmaKg: number;
  quality: Quality;
}

export interface WindowResult {
  id: string;
  /** The configured length. */
  seconds: number;
  /** The interval actually balanced (ISO-8601 UTC) and its length. */
  from: string;
  to: string;
  spanS: number;
  /** True once the window has filled; until then closure and limit state are null. */
  filled: boolean;
  fillPct: number;
  in: TermResult[];
  out: TermResult[];
  inKgH: number;
  outKgH: number;
  inventory: {
    changeKg: number;
    changeKgH: number;
    sigmaKg: number;
    quality: Quality;
    tanks: TankResult[];
  };
  /** r = in + reaction - out - dM/dt; positive = unaccounted loss. */
  residual: { kg: number; kgH: number; sigmaKg: number; sigmaKgH: number; quality: Quality };
  normaliseBy: 'processed' | 'boundaryIn' | null;
  normaliserKgH: number | null;
  /** 100 x r / normaliser; null until filled, without a normaliser, or with the plant stopped. */
  closurePct: number | null;
  /** 1 sigma of closurePct. */
  uncertaintyPct: number | null;
  tolerancePct: { H: number; HH: number } | null;
  /** +H/HH: loss beyond tolerance; L/LL: gain beyond it. */
  limitState: LimitState | null;
  quality: Quality;
  /** Some input is Bad or Uncertain, or the window is not full: do not trust a return to normal. */
  questionable: boolean;
}

export interface CondensateRecoveryResult {
  windowId: string;
  /** 100 x distillate / evaporated; null with nothing evaporated or before the window has data. */
  pct: number | null;
  distillateKgH: number;
  evaporatedKgH: number;
  lowPct: number;
  lowLowPct: number;
  limitState: 'normal' | 'L' | 'LL' | null;
  quality: Quality;
}

export interface CusumResult {
  /** The larger side, signed: + loss, - gain, kg. */
  kg: number;
  side: 'loss' | 'gain' | null;
  lossKg: number;
  gainKg: number;
  slackKgH: number;
  thresholdKg: number;
  /** A side has passed the threshold. */
  alarm: boolean;
  /** Uncertain while frozen (an input Bad) or before the first bin. */
  quality: Quality;
}

export interface DischargePathResult {
  id: string;
  description: string;
  meter: string | null;
  /** The meter's reading in its unit (null: no usable value). */
  flow: number | null;
  flowing: boolean;
  /** Every openedBy tag holds its opening value. */
  commandedOpen: boolean;
  /** A position feedback (`openWhen`) says the path is open, commanded or not. */
  positionOpen: boolean;
  quality: Quality;
}

export interface DischargeResult {
  /** `unknown` when a meter or a command tag has no Good value, unless flow is seen anyway. */
  state: 'none' | 'open' | 'flowing' | 'unknown';
  /** Discharge now, kg/h, from the discharge terms. */
  kgH: number;
  quality: Quality;
  paths: DischargePathResult[];
}

export interface WaterBalanceResult {
  ts: string;
  /** The worst quality of the balance's inputs over the longest window (filling and discharge are reported apart). */
  quality: Quality;
  questionable: boolean;
  /** Why the balance is questionable, for people: "FT-004 Bad_CommunicationError", "24h filling 12%". */
  issues: string[];
  windows: WindowResult[];
  condensateRecovery: CondensateRecoveryResult;
  cusum: CusumResult;
  discharge: DischargeResult;
}

/** A computed tag for the tag engine: FY-910 ... (null value whenever quality is Bad or the value is unknown). */
export interface ComputedTagValue {
  name: string;
  value: number | null;
  quality: Quality;
}
