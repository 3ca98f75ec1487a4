import { loadPlantFile, type Condition } from '@zld/plant';
import type { Quality, TagValue } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import {
  blockingInterlock,
  evaluateCondition,
  openedDischargePath,
  sameValue,
} from './interlocks.js';

const plant = loadPlantFile();
const tv = (name: string, value: number | boolean | null, quality: Quality = 'Good'): TagValue => ({
  name,
  value,
  quality,
  ts: 0,
  gatewayTs: 0,
  tsOrigin: 'gateway',
});
const lookupOf =
  (values: Record<string, [number | boolean | null, Quality?]>) =>
  (name: string): TagValue | undefined => {
    const v = values[name];
    return v && tv(name, v[0], v[1] ?? 'Good');
  };

describe('conditions in three-valued logic', () => {
  const ge = (tag: string, value: number): Condition => ({ tag, op: 'ge', value, forS: 0 });
  it('compare current values', () => {
    const l = lookupOf({ 'LT-105': [96], 'LSH-902': [true] });
    expect(evaluateCondition(ge('LT-105', 95), l)).toBe(true);
    expect(evaluateCondition(ge('LT-105', 97), l)).toBe(false);
    expect(evaluateCondition({ tag: 'LSH-902', op: 'eq', value: true, forS: 0 }, l)).toBe(true);
    expect(evaluateCondition({ tag: 'LSH-902', op: 'ne', value: 1, forS: 0 }, l)).toBe(false);
    expect(evaluateCondition({ always: true }, l)).toBe(true);
  });

  it('are unknown on a Bad or missing input, unless another branch decides', () => {
    const l = lookupOf({ 'LT-105': [null, 'Bad_Stale'], 'LT-002': [10] });
    expect(evaluateCondition(ge('LT-105', 95), l)).toBeNull();
    expect(evaluateCondition(ge('XX-999', 95), l)).toBeNull();
    expect(evaluateCondition({ any: [ge('LT-105', 95), ge('LT-002', 5)] }, l)).toBe(true);
    expect(evaluateCondition({ any: [ge('LT-105', 95), ge('LT-002', 50)] }, l)).toBeNull();
    expect(evaluateCondition({ all: [ge('LT-105', 95), ge('LT-002', 50)] }, l)).toBe(false);
    expect(evaluateCondition({ all: [ge('LT-105', 95), ge('LT-002', 5)] }, l)).toBeNull();
  });

  it('use an Uncertain value as it is', () => {
    const l = lookupOf({ 'LT-105': [96, 'Uncertain_SensorNotAccurate'] });
    expect(evaluateCondition(ge('LT-105', 95), l)).toBe(true);
  });
});

describe('the pilot plant interlocks', () => {
  it('always block opening the outfall (IL-ZLD-OUTFALL), whatever the sump says', () => {
    const hit = blockingInterlock(plant, 'XV-901.CMD', true, lookupOf({ 'LSH-902': [false] }));
    expect(hit?.interlock.id).toBe('IL-ZLD-OUTFALL');
    expect(blockingInterlock(plant, 'XV-901.CMD', false, lookupOf({}))).toBeNull();
  });

  it('block a pump start while its tank is at HH, and not below', () => {
    expect(
      blockingInterlock(plant, 'P-103.CMD', true, lookupOf({ 'LT-105': [96] }))?.interlock.id,
    ).toBe('IL-105-HH');
    expect(blockingInterlock(plant, 'P-103.CMD', true, lookupOf({ 'LT-105': [60] }))).toBeNull();
    // Stopping is never blocked.
    expect(blockingInterlock(plant, 'P-103.CMD', false, lookupOf({ 'LT-105': [99] }))).toBeNull();
    // 1 is the same command as true.
    expect(blockingInterlock(plant, 'P-103.CMD', 1, lookupOf({ 'LT-105': [99] }))).not.toBeNull();
  });

  it('block, fail-safe, when the level is Bad', () => {
    const hit = blockingInterlock(
      plant,
      'P-103.CMD',
      true,
      lookupOf({ 'LT-105': [null, 'Bad_CommunicationError'] }),
    );
    expect(hit).toMatchObject({ interlock: { id: 'IL-105-HH' }, unknown: true });
  });

  it('find the discharge path a command would open', () => {
    expect(openedDischargePath(plant, 'XV-901.CMD', true)?.id).toBe('outfall');
    expect(openedDischargePath(plant, 'XV-901.CMD', 1)?.id).toBe('outfall');
    expect(openedDischargePath(plant, 'XV-901.CMD', false)).toBeNull();
    expect(openedDischargePath(plant, 'P-103.CMD', true)).toBeNull();
  });

  it('compare values the way commands mean them', () => {
    expect(sameValue(true, 1)).toBe(true);
    expect(sameValue(false, 0)).toBe(true);
    expect(sameValue(true, 0)).toBe(false);
    expect(sameValue(2.5, 2.5)).toBe(true);
  });
});
