import type { Condition } from '@zld/plant';
import type { Quality } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import { compare, evaluateCondition } from './condition.js';
import type { AlarmInput } from './reading.js';

const values = (entries: Record<string, [number | boolean | null, Quality]>) =>
  new Map<string, AlarmInput>(
    Object.entries(entries).map(([k, [value, quality]]) => [k, { value, quality }]),
  );

const run = (
  c: Condition,
  v: Map<string, AlarmInput>,
  prev: Record<string, number> = {},
  now = 0,
) => {
  const next: Record<string, number> = {};
  return { ...evaluateCondition(c, v, prev, next, now, 'w'), next };
};

const gt = (tag: string, value: number, forS = 0) => ({ tag, op: 'gt' as const, value, forS });

describe('compare', () => {
  it.each([
    ['gt', 2, 1, true],
    ['gt', 1, 1, false],
    ['ge', 1, 1, true],
    ['lt', 0, 1, true],
    ['le', 1, 1, true],
    ['eq', true, true, true],
    ['eq', 1, true, true],
    ['ne', false, true, true],
    ['eq', null, true, null],
  ] as const)('%s: %s vs %s -> %s', (op, v, ref, want) => {
    expect(compare({ op, value: ref }, v)).toBe(want);
  });
});

describe('evaluateCondition: three-valued logic with quality', () => {
  it('always holds', () => {
    expect(run({ always: true }, values({}))).toMatchObject({ truth: true, quality: 'Good' });
  });

  it.each([
    // a, b, any -> , all ->
    [
      [1, 'Good'],
      [1, 'Good'],
      [false, 'Good'],
      [false, 'Good'],
    ],
    [
      [5, 'Good'],
      [1, 'Good'],
      [true, 'Good'],
      [false, 'Good'],
    ],
    [
      [5, 'Good'],
      [5, 'Good'],
      [true, 'Good'],
      [true, 'Good'],
    ],
    [
      [5, 'Good'],
      [null, 'Bad_NoCommunication'],
      [true, 'Good'],
      [null, 'Bad_NoCommunication'],
    ],
    [
      [1, 'Good'],
      [null, 'Bad_NoCommunication'],
      [null, 'Bad_NoCommunication'],
      [false, 'Good'],
    ],
    [
      [1, 'Uncertain_LastUsableValue'],
      [1, 'Good'],
      [false, 'Uncertain_LastUsableValue'],
      [false, 'Good'],
    ],
    [
      [5, 'Uncertain_LastUsableValue'],
      [5, 'Good'],
      [true, 'Good'],
      [true, 'Uncertain_LastUsableValue'],
    ],
  ] as const)('A=%j B=%j: any %j, all %j', (a, b, anyWant, allWant) => {
    const v = values({ 'FT-001': [...a], 'FT-002': [...b] });
    const kids = [gt('FT-001', 2), gt('FT-002', 2)];
    expect(run({ any: kids }, v)).toMatchObject({ truth: anyWant[0], quality: anyWant[1] });
    expect(run({ all: kids }, v)).toMatchObject({ truth: allWant[0], quality: allWant[1] });
  });

  it('a missing tag reads as Bad_WaitingForInitialData', () => {
    expect(run(gt('FT-009', 1), values({}))).toMatchObject({
      truth: null,
      quality: 'Bad_WaitingForInitialData',
    });
  });

  it('honours forS: the comparison must hold for the whole time, restarting when it does not', () => {
    const c: Condition = {
      any: [gt('FT-901', 0.2, 60), { tag: 'ZSC-901', op: 'eq', value: false, forS: 0 }],
    };
    const high = values({ 'FT-901': [0.5, 'Good'], 'ZSC-901': [true, 'Good'] });
    const low = values({ 'FT-901': [0.1, 'Good'], 'ZSC-901': [true, 'Good'] });
    let timers: Record<string, number> = {};
    let r = run(c, high, timers, 0);
    expect(r.truth).toBe(false);
    expect(r.next).toEqual({ 'w.0': 0 });
    timers = r.next;
    r = run(c, high, timers, 59_000);
    expect(r.truth).toBe(false);
    r = run(c, high, r.next, 60_000);
    expect(r.truth).toBe(true);
    r = run(c, low, r.next, 61_000);
    expect(r).toMatchObject({ truth: false, next: {} });
    r = run(c, high, r.next, 62_000);
    expect(r).toMatchObject({ truth: false, next: { 'w.0': 62_000 } });
    // the other branch decides at once
    r = run(c, values({ 'FT-901': [0.1, 'Good'], 'ZSC-901': [false, 'Good'] }), {}, 0);
    expect(r.truth).toBe(true);
  });

  it('a Bad input stops a forS timer (it restarts when the input is good again)', () => {
    const c = gt('FT-901', 0.2, 10);
    let r = run(c, values({ 'FT-901': [1, 'Good'] }), {}, 0);
    r = run(c, values({ 'FT-901': [null, 'Bad_CommunicationError'] }), r.next, 5_000);
    expect(r).toMatchObject({ truth: null, next: {} });
    r = run(c, values({ 'FT-901': [1, 'Good'] }), r.next, 11_000);
    expect(r.truth).toBe(false);
    r = run(c, values({ 'FT-901': [1, 'Good'] }), r.next, 21_000);
    expect(r.truth).toBe(true);
  });
});
