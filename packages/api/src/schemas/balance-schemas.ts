// `GET /api/water-balance` and the `water-balance` event: the ZLD water balance per window, recovery, CUSUM, discharge.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { QualitySchema } from './common-schemas.js';
import { Named } from './component.js';
import { JsonTypes, NullableEnum, StringEnum, Strict } from './json-types.js';

const nullableNumber = () => JsonTypes(['number', 'null']);
const nullableString = () => JsonTypes(['string', 'null']);

export const BalanceTermSchema = Strict({
  id: Type.String(),
  label: Type.String(),
  /** input, reaction, solids, vapour, export or discharge (the plant file's term kinds). */
  kind: Type.String(),
  side: StringEnum(['in', 'out']),
  /** Unmetered: an estimate, not a measurement. */
  estimate: Type.Boolean(),
  /** Water over the window, kg, and its average rate, kg/h. */
  kg: Type.Number(),
  kgH: Type.Number(),
  /** 1 sigma of `kg`. */
  sigmaKg: Type.Number(),
  quality: QualitySchema,
  tags: Type.Array(Type.String()),
});
export type BalanceTermDto = Static<typeof BalanceTermSchema>;

export const BalanceTankSchema = Strict({
  tank: Type.String(),
  levelTag: Type.String(),
  unit: Type.String(),
  /** Mean level at the start and the end of the window, in the tag's unit (null: no data). */
  start: nullableNumber(),
  end: nullableNumber(),
  changeKg: Type.Number(),
  sigmaKg: Type.Number(),
  quality: QualitySchema,
});
export type BalanceTankDto = Static<typeof BalanceTankSchema>;

export const BalanceWindowSchema = Strict({
  id: Type.String(),
  /** The configured length. */
  seconds: Type.Number(),
  /** The interval actually balanced (ISO-8601 UTC) and its length. */
  from: Type.String(),
  to: Type.String(),
  spanS: Type.Number(),
  /** True once the window has filled; until then closure and limit state are null. */
  filled: Type.Boolean(),
  fillPct: Type.Number(),
  in: Type.Array(BalanceTermSchema),
  out: Type.Array(BalanceTermSchema),
  inKgH: Type.Number(),
  outKgH: Type.Number(),
  inventory: Strict({
    changeKg: Type.Number(),
    changeKgH: Type.Number(),
    sigmaKg: Type.Number(),
    quality: QualitySchema,
    tanks: Type.Array(BalanceTankSchema),
  }),
  /** r = in + reaction - out - dM/dt; positive = unaccounted loss. */
  residual: Strict({
    kg: Type.Number(),
    kgH: Type.Number(),
    sigmaKg: Type.Number(),
    sigmaKgH: Type.Number(),
    quality: QualitySchema,
  }),
  normaliseBy: NullableEnum(['processed', 'boundaryIn']),
  normaliserKgH: nullableNumber(),
  /** 100 x r / normaliser; null until filled, without a normaliser, or with the plant stopped. */
  closurePct: nullableNumber(),
  /** 1 sigma of closurePct. */
  uncertaintyPct: nullableNumber(),
  tolerancePct: Type.Union([Type.Null(), Strict({ H: Type.Number(), HH: Type.Number() })]),
  /** +H/HH: loss beyond tolerance; L/LL: gain beyond it. */
  limitState: NullableEnum(['normal', 'L', 'LL', 'H', 'HH']),
  quality: QualitySchema,
  /** Some input is Bad or Uncertain, or the window is not full: do not trust a return to normal. */
  questionable: Type.Boolean(),
});
export type BalanceWindowDto = Static<typeof BalanceWindowSchema>;

export const DischargePathSchema = Strict({
  id: Type.String(),
  description: Type.String(),
  meter: nullableString(),
  /** The meter's reading in its unit (null: no usable value). */
  flow: nullableNumber(),
  flowing: Type.Boolean(),
  /** Every openedBy tag holds its opening value. */
  commandedOpen: Type.Boolean(),
  /** A position feedback (`openWhen`) says the path is open, commanded or not. */
  positionOpen: Type.Boolean(),
  quality: QualitySchema,
});
export type DischargePathDto = Static<typeof DischargePathSchema>;

export const WaterBalanceSchema = Named(
  'WaterBalance',
  Strict({
    ts: Type.String(),
    /** The worst quality of the balance's inputs over the longest window. */
    quality: QualitySchema,
    questionable: Type.Boolean(),
    /** Why the balance is questionable, for people: "FT-004 Bad_CommunicationError", "24h filling 12%". */
    issues: Type.Array(Type.String()),
    windows: Type.Array(BalanceWindowSchema),
    condensateRecovery: Strict({
      windowId: Type.String(),
      /** 100 x distillate / evaporated; null with nothing evaporated or before the window has data. */
      pct: nullableNumber(),
      distillateKgH: Type.Number(),
      evaporatedKgH: Type.Number(),
      lowPct: Type.Number(),
      lowLowPct: Type.Number(),
      limitState: NullableEnum(['normal', 'L', 'LL']),
      quality: QualitySchema,
    }),
    cusum: Strict({
      /** The larger side, signed: + loss, - gain, kg. */
      kg: Type.Number(),
      side: NullableEnum(['loss', 'gain']),
      lossKg: Type.Number(),
      gainKg: Type.Number(),
      slackKgH: Type.Number(),
      thresholdKg: Type.Number(),
      /** A side has passed the threshold. */
      alarm: Type.Boolean(),
      quality: QualitySchema,
    }),
    discharge: Strict({
      /** `unknown` when a meter or a command tag has no Good value, unless flow is seen anyway. */
      state: StringEnum(['none', 'open', 'flowing', 'unknown']),
      /** Discharge now, kg/h, from the discharge terms. */
      kgH: Type.Number(),
      quality: QualitySchema,
      paths: Type.Array(DischargePathSchema),
    }),
  }),
);
export type WaterBalanceDto = Static<typeof WaterBalanceSchema>;
