// Pure checks of one write against the plant definition: writable, value type, write limits, step, target quality.
import type { TagDef } from '@zld/plant';
import { isBad, type TagValue } from '@zld/tags';
import { refuse, type Refusal } from './refusal.js';

const INTEGER_RANGES: Partial<Record<TagDef['dataType'], [number, number]>> = {
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/** The limits a write must stay within: `write.min/max`, else the tag's instrument range. */
export function writeLimits(tag: TagDef): [number, number] {
  return [tag.write?.min ?? tag.range[0], tag.write?.max ?? tag.range[1]];
}

/** Refusals that depend only on the definition and the value (checked first, and again at operate). */
export function definitionRefusal(tag: TagDef, value: unknown): Refusal | null {
  if (!tag.writable || tag.computed) return refuse('FORBIDDEN', `${tag.name} is not writable`);
  if (tag.dataType === 'bool') {
    return typeof value === 'boolean'
      ? null
      : refuse('BAD_REQUEST', `${tag.name} takes true or false`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return refuse('BAD_REQUEST', `${tag.name} takes a finite number`);
  const intRange = tag.scaling === undefined ? INTEGER_RANGES[tag.dataType] : undefined;
  if (intRange && !Number.isInteger(value))
    return refuse('BAD_REQUEST', `${tag.name} takes a whole number`);
  if (tag.states !== undefined && !Object.hasOwn(tag.states, String(value)))
    return refuse(
      'BAD_REQUEST',
      `${tag.name} takes one of ${Object.entries(tag.states)
        .map(([k, v]) => `${k} (${v})`)
        .join(', ')}`,
    );
  const [min, max] = writeLimits(tag);
  const unit = tag.unit ? ` ${tag.unit}` : '';
  if (value < min)
    return refuse('BAD_REQUEST', `${value}${unit} is below the write limit ${min}${unit}`);
  if (value > max)
    return refuse('BAD_REQUEST', `${value}${unit} is above the write limit ${max}${unit}`);
  return null;
}

/** Refused while the target's value is Bad (Stale included): the gateway does not know where it stands. */
export function qualityRefusal(tag: TagDef, current: TagValue | undefined): Refusal | null {
  if (!current) return refuse('CONFLICT', `${tag.name} has no current value`);
  if (isBad(current.quality))
    return refuse('CONFLICT', `${tag.name} quality is ${current.quality}: writes are refused`);
  return null;
}

/** A numeric write may move the value at most `write.maxStep` from its current value. */
export function stepRefusal(
  tag: TagDef,
  value: unknown,
  current: TagValue | undefined,
): Refusal | null {
  const maxStep = tag.write?.maxStep;
  if (maxStep === undefined || typeof value !== 'number') return null;
  const now = current?.value;
  if (typeof now !== 'number')
    return refuse('CONFLICT', `${tag.name} has no current value to measure the step from`);
  const step = Math.abs(value - now);
  // A little slack for float32 round-trips of the current value.
  if (step > maxStep * (1 + 1e-9) + 1e-9) {
    const unit = tag.unit ? ` ${tag.unit}` : '';
    return refuse(
      'BAD_REQUEST',
      `a step of ${round(step)}${unit} from ${round(now)}${unit} exceeds the largest step ${maxStep}${unit}`,
    );
  }
  return null;
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;
