// Limit alarms (LL, L, H, HH) with a per-limit deadband: activate at the limit, clear only past limit ∓ deadband.
import type { AlarmDef, LimitType } from '@zld/plant';
import { numeric, readTag, type Reading, type TagLookup } from './reading.js';
import type { AlarmState } from './state.js';

const HIGH: Readonly<Record<LimitType, boolean>> = { LL: false, L: false, H: true, HH: true };

/**
 * Whether `x` is in the alarm region of a limit. A high limit is entered at `x >= limit` and left only
 * when `x < limit - deadband`; a low limit is entered at `x <= limit` and left only when
 * `x > limit + deadband`. `wasIn` is the previous answer, which decides inside the deadband.
 */
export function inLimitRegion(
  high: boolean,
  limit: number,
  deadband: number,
  x: number,
  wasIn: boolean,
): boolean {
  if (high) return wasIn ? x >= limit - deadband : x >= limit;
  return wasIn ? x <= limit + deadband : x <= limit;
}

export function isHighLimit(type: LimitType): boolean {
  return HIGH[type];
}

/** Evaluates a LL/L/H/HH alarm on its tag's current value. */
export function readLimit(def: AlarmDef, values: TagLookup, prev: AlarmState): Reading {
  const input = readTag(values, def.tag);
  const x = typeof input.value === 'number' ? numeric(input.value) : null;
  if (x === null || def.limit === undefined || !(def.type in HIGH)) {
    return { truth: null, quality: input.quality, value: input.value };
  }
  const wasIn = prev.condition ?? prev.active;
  const truth = inLimitRegion(HIGH[def.type as LimitType], def.limit, def.deadband, x, wasIn);
  return { truth, quality: input.quality, value: input.value };
}
