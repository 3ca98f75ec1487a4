import { describe, it, expect } from 'vitest';
import type { Condition } from '@zld/plant';
import type { ConditionTimers } from './conditions.js';
import { evaluateCondition, holdsIgnoringDelays } from './conditions.js';

describe('plant-file conditions', () => {
  const values: Record<string, number | boolean> = { 'LT-1': 50, 'LSH-1': false, 'FT-1': 0 };
  const read = (t: string) => {
    const v = values[t];
    if (v === undefined) throw new Error(t);
    return v;
  };

  it('compares numbers and booleans', () => {
    const t: ConditionTimers = new Map();
    expect(evaluateCondition({ tag: 'LT-1', op: 'ge', value: 50, forS: 0 }, read, 0, t)).toBe(true);
    expect(evaluateCondition({ tag: 'LT-1', op: 'gt', value: 50, forS: 0 }, read, 0, t)).toBe(
      false,
    );
    expect(evaluateCondition({ tag: 'LSH-1', op: 'eq', value: false, forS: 0 }, read, 0, t)).toBe(
      true,
    );
    expect(evaluateCondition({ always: true }, read, 0, t)).toBe(true);
  });

  it('combines any/all and applies on-delays in plant time', () => {
    const t: ConditionTimers = new Map();
    const c: Condition = {
      any: [
        { tag: 'FT-1', op: 'gt', value: 0.2, forS: 60 },
        {
          all: [
            { tag: 'LSH-1', op: 'eq', value: true, forS: 0 },
            { tag: 'LT-1', op: 'lt', value: 10, forS: 0 },
          ],
        },
      ],
    };
    expect(evaluateCondition(c, read, 0, t)).toBe(false);
    values['FT-1'] = 1;
    expect(evaluateCondition(c, read, 10, t)).toBe(false);
    expect(evaluateCondition(c, read, 69, t)).toBe(false);
    expect(evaluateCondition(c, read, 70, t)).toBe(true);
    values['FT-1'] = 0;
    expect(evaluateCondition(c, read, 71, t)).toBe(false);
    values['FT-1'] = 1;
    expect(evaluateCondition(c, read, 72, t)).toBe(false);
    values['LSH-1'] = true;
    values['LT-1'] = 5;
    expect(evaluateCondition(c, read, 73, t)).toBe(true);
  });

  it('holdsIgnoringDelays takes every on-delay as met (a refusal errs on the safe side)', () => {
    values['LT-1'] = 96;
    values['LSH-1'] = false;
    const c: Condition = {
      any: [
        { tag: 'LT-1', op: 'ge', value: 95, forS: 60 },
        { tag: 'LSH-1', op: 'eq', value: true, forS: 0 },
      ],
    };
    expect(evaluateCondition(c, read, 0, new Map())).toBe(false);
    expect(holdsIgnoringDelays(c, read)).toBe(true);
    values['LT-1'] = 50;
    expect(holdsIgnoringDelays(c, read)).toBe(false);
    expect(holdsIgnoringDelays({ always: true }, read)).toBe(true);
  });
});
