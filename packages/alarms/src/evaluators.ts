// One evaluator per alarm type, chosen from a registry: reads the inputs and answers whether the condition holds.
import type { AlarmDef, AlarmType } from '@zld/plant';
import { evaluateCondition, type ConditionResult } from './condition.js';
import { readLimit } from './limit.js';
import { readRate } from './rate.js';
import { numeric, readTag, type Reading, type TagLookup } from './reading.js';
import type { AlarmState } from './state.js';

export interface EvaluatorOptions {
  /** Rate-of-change window, seconds. */
  rocWindowS: number;
}

/** What one evaluation yields: the reading, the suppression answer, and the memory to keep. */
export interface Evaluation {
  reading: Reading;
  /** The `suppressWhen` answer, or null when the alarm has none. */
  suppress: ConditionResult | null;
  timers: Record<string, number>;
  samples: [number, number][];
}

interface Memory {
  timers: Record<string, number>;
  samples: [number, number][];
}

type Evaluator = (
  def: AlarmDef,
  values: TagLookup,
  prev: AlarmState,
  now: number,
  opts: EvaluatorOptions,
  memory: Memory,
) => Reading;

const limit: Evaluator = (def, values, prev) => readLimit(def, values, prev);

const rate: Evaluator = (def, values, prev, now, opts, memory) => {
  const r = readRate(def, values, prev, now, { windowS: opts.rocWindowS });
  memory.samples = r.samples;
  return { truth: r.truth, quality: r.quality, value: r.value };
};

const discrete: Evaluator = (def, values) => {
  const input = readTag(values, def.tag);
  const v = numeric(input.value);
  const want = numeric(def.activeWhen ?? true);
  return { truth: v === null ? null : v === want, quality: input.quality, value: input.value };
};

const direct: Evaluator = (def, values, prev, now, _opts, memory) => {
  const shown = def.tag === '' ? null : readTag(values, def.tag).value;
  if (!def.when) return { truth: null, quality: 'Bad_ConfigurationError', value: shown };
  const r = evaluateCondition(def.when, values, prev.timers, memory.timers, now, 'when');
  return { truth: r.truth, quality: r.quality, value: shown };
};

/** The registry: add a type here, not a branch elsewhere. */
export const EVALUATORS: Readonly<Record<AlarmType, Evaluator>> = {
  LL: limit,
  L: limit,
  H: limit,
  HH: limit,
  ROC: rate,
  DISCRETE: discrete,
  DIRECT: direct,
};

/** Evaluates one alarm's condition and its suppression at `now`. Pure: `prev` is not changed. */
export function evaluateAlarm(
  def: AlarmDef,
  values: TagLookup,
  prev: AlarmState,
  now: number,
  opts: EvaluatorOptions,
): Evaluation {
  const memory: Memory = { timers: {}, samples: [] };
  const reading = EVALUATORS[def.type](def, values, prev, now, opts, memory);
  const suppress = def.suppressWhen
    ? evaluateCondition(def.suppressWhen, values, prev.timers, memory.timers, now, 'suppress')
    : null;
  return { reading, suppress, ...memory };
}
