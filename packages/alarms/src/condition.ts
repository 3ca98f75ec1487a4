// Evaluates a plant-file Condition tree in three-valued logic, with `forS` timers and the quality the answer rests on.
import { compareValue, type Comparison, type Condition } from '@zld/plant';
import { isBad, type Quality } from '@zld/tags';
import { bestQuality, readTag, worstQuality, type TagLookup } from './reading.js';

export interface ConditionResult {
  /** null: unknown, because an input the answer depends on is Bad. */
  truth: boolean | null;
  /**
   * The quality the answer rests on: a true `any` is as good as its best true branch, a false `any`
   * as bad as its worst branch (and the other way round for `all`).
   */
  quality: Quality;
}

/**
 * Evaluates `cond` at `now`. `prevTimers` holds since-when each timed comparison has held (by path under
 * `prefix`); the timers still running are written to `nextTimers`. A timer runs only while its comparison
 * is known to hold: a false or unknown comparison restarts it.
 */
export function evaluateCondition(
  cond: Condition,
  values: TagLookup,
  prevTimers: Readonly<Record<string, number>>,
  nextTimers: Record<string, number>,
  now: number,
  prefix: string,
): ConditionResult {
  if ('always' in cond) return { truth: true, quality: 'Good' };
  if ('any' in cond || 'all' in cond) {
    const isAny = 'any' in cond;
    const children = isAny ? cond.any : cond.all;
    const results = children.map((c, i) =>
      evaluateCondition(c, values, prevTimers, nextTimers, now, `${prefix}.${i}`),
    );
    return combine(results, isAny);
  }
  return compareTimed(cond, values, prevTimers, nextTimers, now, prefix);
}

function combine(results: ConditionResult[], isAny: boolean): ConditionResult {
  // `any` is decided by a true branch, `all` by a false one.
  const deciding = results.filter((r) => r.truth === isAny);
  if (deciding.length > 0) {
    return { truth: isAny, quality: bestQuality(deciding.map((r) => r.quality)) };
  }
  const quality = worstQuality(results.map((r) => r.quality));
  const unknown = results.some((r) => r.truth === null);
  return { truth: unknown ? null : !isAny, quality };
}

function compareTimed(
  c: Comparison,
  values: TagLookup,
  prevTimers: Readonly<Record<string, number>>,
  nextTimers: Record<string, number>,
  now: number,
  key: string,
): ConditionResult {
  const input = readTag(values, c.tag);
  const holds = compare(c, input.value);
  if (holds === null || isBad(input.quality)) return { truth: null, quality: input.quality };
  if (!holds) return { truth: false, quality: input.quality };
  if (c.forS <= 0) return { truth: true, quality: input.quality };
  const since = prevTimers[key] ?? now;
  nextTimers[key] = since;
  return { truth: now - since >= c.forS * 1000, quality: input.quality };
}

/** One comparison on a value; null when the value is missing. Booleans compare as 1 and 0. */
export function compare(c: Pick<Comparison, 'op' | 'value'>, value: unknown): boolean | null {
  if (typeof value !== 'number' && typeof value !== 'boolean') return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return compareValue(c.op, value, c.value);
}
