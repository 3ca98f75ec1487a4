// Gateway-side interlocks and discharge paths (pure): which plant-file rule a write would break, fail-safe on Bad inputs.
import {
  compareValue,
  type Comparison,
  type Condition,
  type InterlockDef,
  type Plant,
} from '@zld/plant';
import { isBad, type TagValue } from '@zld/tags';

export type Lookup = (tagName: string) => TagValue | undefined;

/** true, false, or null when an input the answer depends on is Bad or missing. */
export type Truth = boolean | null;

/** Whether two command values are the same (a boolean and 1/0 are). */
export function sameValue(a: number | boolean, b: number | boolean): boolean {
  return compareValue('eq', a, b);
}

function compare(c: Comparison, lookup: Lookup): Truth {
  const v = lookup(c.tag);
  if (!v || isBad(v.quality) || v.value === null) return null;
  return compareValue(c.op, v.value, c.value);
}

/**
 * Three-valued evaluation of a condition on current values. `forS` is not applied: a gateway block
 * acts on the condition as soon as it holds, the conservative side for a refusal.
 */
export function evaluateCondition(cond: Condition, lookup: Lookup): Truth {
  if ('always' in cond) return true;
  if ('any' in cond) {
    const r = cond.any.map((c) => evaluateCondition(c, lookup));
    return r.includes(true) ? true : r.includes(null) ? null : false;
  }
  if ('all' in cond) {
    const r = cond.all.map((c) => evaluateCondition(c, lookup));
    return r.includes(false) ? false : r.includes(null) ? null : true;
  }
  return compare(cond, lookup);
}

export interface InterlockHit {
  interlock: InterlockDef;
  /** The condition could not be evaluated (a Bad input): blocked to stay on the safe side. */
  unknown: boolean;
}

/**
 * The first gateway-enforced interlock whose `blocks` list contains this write and whose condition
 * holds, or cannot be evaluated because an input is Bad (fail-safe).
 */
export function blockingInterlock(
  plant: Plant,
  tag: string,
  value: number | boolean,
  lookup: Lookup,
): InterlockHit | null {
  for (const il of plant.interlocks) {
    if (!il.enforcedBy.includes('gateway')) continue;
    if (!il.blocks.some((b) => b.tag === tag && sameValue(b.value, value))) continue;
    const truth = evaluateCondition(il.when, lookup);
    if (truth !== false) return { interlock: il, unknown: truth === null };
  }
  return null;
}

/**
 * The discharge path this write would open, if any: a boolean command equal to an `openedBy` value,
 * or a numeric one at or beyond a positive `openedBy` value (a valve position).
 */
export function openedDischargePath(
  plant: Plant,
  tag: string,
  value: number | boolean,
): { id: string; description: string } | null {
  for (const path of plant.waterBalance?.dischargePaths ?? []) {
    for (const o of path.openedBy) {
      if (o.tag !== tag) continue;
      const opens =
        typeof o.value === 'number' && typeof value === 'number' && o.value > 0
          ? value >= o.value
          : sameValue(o.value, value);
      if (opens) return { id: path.id, description: path.description };
    }
  }
  return null;
}
