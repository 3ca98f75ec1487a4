import { loadPlantFile } from '@zld/plant';
import type { Quality, TagValue } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import { definitionRefusal, qualityRefusal, stepRefusal, writeLimits } from './write-policy.js';

const plant = loadPlantFile();
const tv = (value: number | boolean | null, quality: Quality = 'Good'): TagValue => ({
  name: 'x',
  value,
  quality,
  ts: 0,
  gatewayTs: 0,
  tsOrigin: 'gateway',
});

describe('write checks from the plant definition', () => {
  it('refuse tags that are not writable (403)', () => {
    expect(definitionRefusal(plant.tag('FT-001'), 5)).toMatchObject({ code: 'FORBIDDEN' });
    expect(definitionRefusal(plant.tag('LT-105'), 5)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keep values inside write.min and write.max (400, with the reason)', () => {
    const sp = plant.tag('FIC-106.SP'); // 15..35 m3/h
    expect(writeLimits(sp)).toEqual([15, 35]);
    expect(definitionRefusal(sp, 15)).toBeNull();
    expect(definitionRefusal(sp, 35)).toBeNull();
    expect(definitionRefusal(sp, 14.99)).toMatchObject({
      code: 'BAD_REQUEST',
      reason: expect.stringMatching(/below the write limit 15/),
    });
    expect(definitionRefusal(sp, 36)?.reason).toMatch(/above the write limit 35/);
  });

  it('check the value type: booleans for commands, numbers for setpoints, states for modes', () => {
    expect(definitionRefusal(plant.tag('P-103.CMD'), true)).toBeNull();
    expect(definitionRefusal(plant.tag('P-103.CMD'), 1)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(definitionRefusal(plant.tag('FIC-106.SP'), true)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(definitionRefusal(plant.tag('FIC-106.SP'), Number.NaN)).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(definitionRefusal(plant.tag('FIC-106.SP'), Infinity)).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const mode = plant.tag('FIC-106.MODE');
    expect(definitionRefusal(mode, 1)).toBeNull();
    expect(definitionRefusal(mode, 1.5)).toMatchObject({
      reason: expect.stringMatching(/whole number/),
    });
    expect(definitionRefusal(mode, 3)).toMatchObject({
      reason: expect.stringMatching(/0 \(MAN\)/),
    });
  });

  it('limit the step from the current value (400)', () => {
    const sp = plant.tag('FIC-106.SP'); // maxStep 5
    expect(stepRefusal(sp, 30, tv(25))).toBeNull();
    expect(stepRefusal(sp, 20, tv(25))).toBeNull();
    expect(stepRefusal(sp, 30.5, tv(25))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: expect.stringMatching(/exceeds the largest step 5/),
    });
    expect(stepRefusal(sp, 30, tv(null, 'Bad_Stale'))).toMatchObject({ code: 'CONFLICT' });
    expect(stepRefusal(plant.tag('P-103.CMD'), true, tv(false))).toBeNull();
  });

  it('refuse a target whose quality is Bad or Stale, not one that is Uncertain', () => {
    const sp = plant.tag('FIC-106.SP');
    expect(qualityRefusal(sp, tv(25))).toBeNull();
    expect(qualityRefusal(sp, tv(25, 'Uncertain_LastUsableValue'))).toBeNull();
    for (const q of ['Bad_Stale', 'Bad_CommunicationError', 'Bad_WaitingForInitialData'] as const)
      expect(qualityRefusal(sp, tv(null, q)), q).toMatchObject({
        code: 'CONFLICT',
        reason: expect.stringContaining(q),
      });
    expect(qualityRefusal(sp, undefined)).toMatchObject({ code: 'CONFLICT' });
  });
});
