// The comparison kernel of plant-file conditions, shared by the PLC logic, the alarm engine and gateway interlocks.
import type { Comparison } from './schema.js';

const asNumber = (v: number | boolean): number => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** Whether `value <op> target` holds. Booleans compare as 1 and 0; eq/ne allow 1e-9 of float noise. */
export function compareValue(
  op: Comparison['op'],
  value: number | boolean,
  target: number | boolean,
): boolean {
  const a = asNumber(value);
  const b = asNumber(target);
  switch (op) {
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'eq':
      return Math.abs(a - b) <= 1e-9;
    case 'ne':
      return Math.abs(a - b) > 1e-9;
  }
}
