// Generic evaluation of the plant file's conditions (interlock `when`), with `forS` on-delays timed in plant time.
import { compareValue, type Comparison, type Condition } from '@zld/plant';

export type TagReader = (tag: string) => number | boolean;

/** On-delay timers of one condition tree, keyed by the comparison's position in the tree. */
export type ConditionTimers = Map<string, number>;

const compare = (c: Readonly<Comparison>, v: number | boolean): boolean =>
  compareValue(c.op, v, c.value);

/**
 * True when the condition holds now. A comparison with `forS` holds once it has been true for that long
 * (its timer starts at the first true evaluation and resets when it turns false).
 */
export function evaluateCondition(
  c: Readonly<Condition>,
  read: TagReader,
  nowS: number,
  timers: ConditionTimers,
  path = 'r',
): boolean {
  if ('always' in c) return true;
  if ('any' in c) {
    let hit = false;
    // Evaluate every branch so each timer stays current.
    c.any.forEach((x, i) => {
      if (evaluateCondition(x, read, nowS, timers, `${path}.${i}`)) hit = true;
    });
    return hit;
  }
  if ('all' in c) {
    let ok = true;
    c.all.forEach((x, i) => {
      if (!evaluateCondition(x, read, nowS, timers, `${path}.${i}`)) ok = false;
    });
    return ok;
  }
  const now = compare(c, read(c.tag));
  if (!now) {
    timers.delete(path);
    return false;
  }
  if (!(c.forS > 0)) return true;
  const since = timers.get(path) ?? nowS;
  timers.set(path, since);
  return nowS - since >= c.forS;
}

/** True when the condition holds on the values now, every `forS` taken as met (the safe side for a refusal). */
export function holdsIgnoringDelays(c: Readonly<Condition>, read: TagReader): boolean {
  if ('always' in c) return true;
  if ('any' in c) return c.any.some((x) => holdsIgnoringDelays(x, read));
  if ('all' in c) return c.all.every((x) => holdsIgnoringDelays(x, read));
  return compare(c, read(c.tag));
}
