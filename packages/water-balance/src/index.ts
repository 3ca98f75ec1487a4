// Public API of the ZLD water balance.
export { WaterBalance } from './water-balance.js';
export { DEFAULT_OPTIONS } from './layout.js';
export type { BalanceOptions, Side, TermKind } from './layout.js';
export { Cusum } from './cusum.js';
export type { CusumState } from './cusum.js';
export { limitState } from './window-result.js';
export type {
  ComputedTagValue,
  CondensateRecoveryResult,
  CusumResult,
  DischargePathResult,
  DischargeResult,
  LimitState,
  TankResult,
  TermResult,
  WaterBalanceResult,
  WindowResult,
} from './result.js';
