import { loadPlantFile, parsePlant } from '@zld/plant';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { isBad } from './quality.js';
import { TagEngine } from './tag-engine.js';
import type { TagValue } from './tag-value.js';
import { MINI_PLANT_YAML } from './test-plant.fixture.js';

const plant = parsePlant(MINI_PLANT_YAML);
// Indices follow plant.tags: LT-101 (fast 500 ms, deadband 0.5), FQ-101 (slow 5 s), XV-101 (bool),
// KI-100, FY-910 (computed, deadband 0.05).
const LT = 0;
const FQ = 1;
const XV = 2;

function recorder(engine: TagEngine): TagValue[][] {
  const batches: TagValue[][] = [];
  engine.subscribe((changes) => batches.push([...changes]));
  return batches;
}

describe('TagEngine: start', () => {
  it('holds every tag, PLC and computed, Bad_WaitingForInitialData with a null value', () => {
    const e = new TagEngine(plant, { startTs: 1000 });
    expect(e.size).toBe(5);
    const snap = e.snapshot();
    expect(snap.map((v) => v.name)).toEqual(['LT-101', 'FQ-101', 'XV-101', 'KI-100', 'FY-910']);
    for (const v of snap) {
      expect(v).toEqual({
        name: v.name,
        value: null,
        quality: 'Bad_WaitingForInitialData',
        ts: 1000,
        gatewayTs: 1000,
        tsOrigin: 'gateway',
      });
    }
    expect(e.indexOf('XV-101')).toBe(XV);
    expect(e.indexOf('NOPE-1')).toBe(-1);
    expect(e.tagAt(FQ).name).toBe('FQ-101');
    expect(e.get('NOPE-1')).toBeUndefined();
    expect(e.get(99)).toBeUndefined();
  });

  it('refuses unknown tags and bad indices on update', () => {
    const e = new TagEngine(plant);
    expect(() => e.update('NOPE-1', 1, 'Good', undefined, 0)).toThrow(/unknown tag/);
    expect(() => e.update(5, 1, 'Good', undefined, 0)).toThrow(RangeError);
    expect(() => e.update(-1, 1, 'Good', undefined, 0)).toThrow(RangeError);
    expect(() => e.update(0.5, 1, 'Good', undefined, 0)).toThrow(RangeError);
    expect(() => new TagEngine(plant, { staleFactor: 0 })).toThrow(RangeError);
  });
});

describe('TagEngine: values, timestamps, deadband', () => {
  it('publishes the first value with gateway or source timestamps', () => {
    const e = new TagEngine(plant);
    e.update(LT, 50, 'Good', undefined, 2000);
    expect(e.get('LT-101')).toEqual({
      name: 'LT-101',
      value: 50,
      quality: 'Good',
      ts: 2000,
      gatewayTs: 2000,
      tsOrigin: 'gateway',
    });
    e.update('FQ-101', 7, 'Good', 1500, 2001);
    expect(e.get(FQ)).toMatchObject({ value: 7, ts: 1500, gatewayTs: 2001, tsOrigin: 'source' });
  });

  it('does not publish a change within the deadband, measured from the last published value', () => {
    const e = new TagEngine(plant);
    const batches = recorder(e);
    const seen: number[] = [];
    for (const [t, v] of [
      [0, 50],
      [1, 50.4],
      [2, 50.5],
      [3, 49.5],
      [4, 50.51],
      [5, 50.9],
      [6, 51.02],
    ] as const) {
      e.update(LT, v, 'Good', undefined, t);
      e.flush();
    }
    for (const b of batches) for (const v of b) seen.push(v.value as number);
    expect(seen).toEqual([50, 50.51, 51.02]);
    expect(e.get(LT)).toMatchObject({ value: 51.02, ts: 6 });
    expect(e.counters()).toMatchObject({ updates: 7, published: 3, suppressed: 4 });
  });

  it('with a zero deadband publishes every change and no repeat', () => {
    const e = new TagEngine(plant);
    e.update(FQ, 1, 'Good', undefined, 0);
    e.update(FQ, 1, 'Good', undefined, 1);
    e.update(FQ, 1.0000001, 'Good', undefined, 2);
    expect(e.counters()).toMatchObject({ published: 2, suppressed: 1 });
    expect(e.get(FQ)).toMatchObject({ value: 1.0000001, ts: 2 });
  });

  it('always publishes a quality change, even with the value unchanged', () => {
    const e = new TagEngine(plant);
    e.update(LT, 50, 'Good', undefined, 0);
    e.update(LT, 50.1, 'Uncertain_SensorNotAccurate', undefined, 1);
    expect(e.get(LT)).toMatchObject({ value: 50.1, quality: 'Uncertain_SensorNotAccurate', ts: 1 });
    e.update(LT, 50.1, 'Good', undefined, 2);
    expect(e.get(LT)).toMatchObject({ value: 50.1, quality: 'Good', ts: 2 });
    expect(e.counters().published).toBe(3);
  });

  it('carries booleans, publishing any change, and coerces numbers for bool tags', () => {
    const e = new TagEngine(plant);
    e.update(XV, true, 'Good', undefined, 0);
    e.update(XV, 1, 'Good', undefined, 1);
    expect(e.counters().suppressed).toBe(1);
    e.update(XV, 0, 'Good', undefined, 2);
    expect(e.get(XV)).toMatchObject({ value: false, ts: 2 });
    e.update(FQ, true, 'Good', undefined, 3);
    expect(e.get(FQ)!.value).toBe(1);
  });

  it('turns a Good sample without a usable value into Bad_SensorFailure', () => {
    const e = new TagEngine(plant);
    e.update(LT, 10, 'Good', undefined, 0);
    for (const bad of [NaN, Infinity, null]) {
      e.update(LT, bad, 'Good', undefined, 1);
      expect(e.get(LT)).toMatchObject({
        value: null,
        quality: 'Bad_SensorFailure',
        lastUsable: 10,
      });
    }
    e.update(XV, NaN, 'Good', undefined, 1);
    expect(e.get(XV)).toMatchObject({ value: null, quality: 'Bad_SensorFailure' });
  });
});

describe('TagEngine: Bad quality', () => {
  it('makes a Bad value null and keeps the last usable value beside it', () => {
    const e = new TagEngine(plant);
    e.update(LT, 42, 'Good', undefined, 0);
    e.update(LT, 42, 'Bad_DeviceFailure', undefined, 1);
    expect(e.get(LT)).toEqual({
      name: 'LT-101',
      value: null,
      quality: 'Bad_DeviceFailure',
      ts: 1,
      gatewayTs: 1,
      tsOrigin: 'gateway',
      lastUsable: 42,
    });
    e.update(LT, 43, 'Good', undefined, 2);
    expect(e.get(LT)).toEqual({
      name: 'LT-101',
      value: 43,
      quality: 'Good',
      ts: 2,
      gatewayTs: 2,
      tsOrigin: 'gateway',
    });
  });

  it('reports comm loss as Bad_NoCommunication before any usable value', () => {
    const e = new TagEngine(plant);
    e.update(LT, null, 'Bad_CommunicationError', undefined, 5);
    expect(e.get(LT)).toEqual({
      name: 'LT-101',
      value: null,
      quality: 'Bad_NoCommunication',
      ts: 5,
      gatewayTs: 5,
      tsOrigin: 'gateway',
    });
  });

  it('reports comm loss as Bad_CommunicationError once a usable value exists', () => {
    const e = new TagEngine(plant);
    e.update(LT, 60, 'Good', undefined, 0);
    for (const report of [
      'Bad_NoCommunication',
      'Bad_Timeout',
      'Bad_CommunicationError',
    ] as const) {
      e.update(LT, null, report, undefined, 10);
      expect(e.get(LT)).toMatchObject({
        value: null,
        quality: 'Bad_CommunicationError',
        lastUsable: 60,
        ts: 10,
      });
    }
    // The same loss reported again is not a change.
    expect(e.counters()).toMatchObject({ published: 2, suppressed: 2 });
  });

  it('keeps other Bad codes as they are and does not treat Uncertain as comm loss', () => {
    const e = new TagEngine(plant);
    e.update(LT, null, 'Bad_ConfigurationError', undefined, 0);
    expect(e.get(LT)!.quality).toBe('Bad_ConfigurationError');
    e.update(LT, 70, 'Uncertain_LastUsableValue', undefined, 1);
    expect(e.get(LT)).toMatchObject({ value: 70, quality: 'Uncertain_LastUsableValue' });
  });
});

describe('TagEngine: staleness', () => {
  it('marks a tag Bad_Stale after 3 scan periods without a fresh update', () => {
    const clock = new ManualClock(10_000);
    const e = new TagEngine(plant);
    e.update(LT, 50, 'Good', undefined, clock.now());
    e.update(FQ, 5, 'Good', undefined, clock.now());
    clock.advance(1500); // exactly 3 x 500 ms: not yet
    expect(e.checkStale(clock.now())).toBe(0);
    clock.advance(1);
    expect(e.checkStale(clock.now())).toBe(1);
    expect(e.get(LT)).toMatchObject({
      value: null,
      quality: 'Bad_Stale',
      lastUsable: 50,
      ts: clock.now(),
      tsOrigin: 'gateway',
    });
    expect(e.get(FQ)!.quality).toBe('Good'); // slow class: 15 s
    expect(e.checkStale(clock.now())).toBe(0); // already stale: no second transition
    clock.advance(13_500);
    expect(e.checkStale(clock.now())).toBe(1);
    expect(e.get(FQ)!.quality).toBe('Bad_Stale');
    expect(e.counters().staleTransitions).toBe(2);
  });

  it('recovers on the next fresh update and re-arms', () => {
    const clock = new ManualClock(0);
    const e = new TagEngine(plant);
    e.update(LT, 50, 'Good', undefined, clock.now());
    clock.advance(2000);
    e.checkStale(clock.now());
    e.update(LT, 50, 'Good', undefined, clock.now());
    expect(e.get(LT)).toMatchObject({ value: 50, quality: 'Good' });
    clock.advance(1000);
    expect(e.checkStale(clock.now())).toBe(0);
    clock.advance(501);
    expect(e.checkStale(clock.now())).toBe(1);
  });

  it('leaves Bad and never-read tags alone', () => {
    const e = new TagEngine(plant);
    e.update(FQ, 1, 'Good', undefined, 0);
    e.update(FQ, null, 'Bad_CommunicationError', undefined, 1);
    expect(e.checkStale(1_000_000)).toBe(0);
    expect(e.get(FQ)!.quality).toBe('Bad_CommunicationError');
    expect(e.get(LT)!.quality).toBe('Bad_WaitingForInitialData');
  });

  it('does not count repeats of an old value as fresh, nor let them revive a stale tag', () => {
    const clock = new ManualClock(0);
    const e = new TagEngine(plant);
    e.update(LT, 50, 'Good', undefined, clock.now());
    clock.advance(1000);
    e.update(LT, 50, 'Uncertain_LastUsableValue', undefined, clock.now());
    clock.advance(1000);
    expect(e.checkStale(clock.now())).toBe(1);
    e.update(LT, 50, 'Uncertain_LastUsableValue', undefined, clock.now());
    expect(e.get(LT)!.quality).toBe('Bad_Stale');
    e.update(LT, 51, 'Uncertain_SensorNotAccurate', undefined, clock.now());
    expect(e.get(LT)).toMatchObject({ value: 51, quality: 'Uncertain_SensorNotAccurate' });
  });

  it('keeps a tag fresh when its source confirms the value without resending it', () => {
    const clock = new ManualClock(0);
    const e = new TagEngine(plant);
    e.update(LT, 50, 'Good', undefined, clock.now());
    for (let k = 0; k < 5; k++) {
      clock.advance(1000);
      e.touch('LT-101', clock.now());
      expect(e.checkStale(clock.now())).toBe(0);
    }
    e.touch(FQ, clock.now()); // never read: stays waiting
    expect(e.get(FQ)!.quality).toBe('Bad_WaitingForInitialData');
  });

  it('honours a custom factor and checks computed tags only when given their period', () => {
    const e = new TagEngine(plant, { staleFactor: 10 });
    e.update(LT, 1, 'Good', undefined, 0);
    e.setComputed('FY-910', 1, 'Good', 0);
    expect(e.checkStale(5000)).toBe(0);
    expect(e.checkStale(5001)).toBe(1);
    expect(e.checkStale(1e9)).toBe(0); // FQ never read; FY-910 without a period: untouched
    expect(e.get('FY-910')!.quality).toBe('Good');
    const c = new TagEngine(plant, { computedPeriodMs: 1000 });
    c.setComputed('FY-910', 1, 'Good', 0);
    expect(c.checkStale(3001)).toBe(1);
    expect(c.get('FY-910')!.quality).toBe('Bad_Stale');
  });
});

describe('TagEngine: fan-out', () => {
  it('coalesces by tag: one array per flush, the latest value of each tag wins', () => {
    const e = new TagEngine(plant);
    const batches = recorder(e);
    e.update(LT, 10, 'Good', undefined, 1);
    e.update(FQ, 1, 'Good', undefined, 1);
    e.update(LT, 20, 'Good', undefined, 2);
    e.update(LT, 30, 'Good', undefined, 3);
    expect(batches).toEqual([]);
    expect(e.flush()).toBe(2);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((v) => [v.name, v.value, v.ts])).toEqual([
      ['LT-101', 30, 3],
      ['FQ-101', 1, 1],
    ]);
    expect(e.flush()).toBe(0);
    expect(batches).toHaveLength(1);
    e.update(FQ, 2, 'Good', undefined, 4);
    e.flush();
    expect(batches[1]!.map((v) => v.name)).toEqual(['FQ-101']);
    expect(e.counters()).toMatchObject({ published: 5, delivered: 3, flushes: 2 });
  });

  it('delivers the same read-only array to every listener and stops after unsubscribe', () => {
    const e = new TagEngine(plant);
    const got: (readonly TagValue[])[] = [];
    const off = e.subscribe((c) => got.push(c));
    e.subscribe((c) => got.push(c));
    e.update(LT, 10, 'Good', undefined, 1);
    e.flush();
    expect(got).toHaveLength(2);
    expect(got[0]).toBe(got[1]);
    expect(Object.isFrozen(got[0])).toBe(true);
    off();
    off();
    e.update(LT, 20, 'Good', undefined, 2);
    e.flush();
    expect(got).toHaveLength(3);
  });

  it('lets every listener run when one throws, then reports the failure', () => {
    const e = new TagEngine(plant);
    let reached = 0;
    e.subscribe(() => {
      throw new Error('boom');
    });
    e.subscribe(() => reached++);
    e.update(LT, 10, 'Good', undefined, 1);
    expect(() => e.flush()).toThrow(AggregateError);
    expect(reached).toBe(1);
    expect(e.flush()).toBe(0);
  });

  it('publishes stale transitions and comm loss through flush like any change', () => {
    const e = new TagEngine(plant);
    const batches = recorder(e);
    e.update(LT, 10, 'Good', undefined, 0);
    e.update(FQ, 10, 'Good', undefined, 0);
    e.flush();
    e.checkStale(1600);
    e.update(FQ, null, 'Bad_CommunicationError', undefined, 1600);
    e.flush();
    expect(batches[1]!.map((v) => [v.name, v.quality, isBad(v.quality), v.value])).toEqual([
      ['LT-101', 'Bad_Stale', true, null],
      ['FQ-101', 'Bad_CommunicationError', true, null],
    ]);
  });

  it('feeds the engine through a sink stamped by a clock', () => {
    const clock = new ManualClock(777);
    const e = new TagEngine(plant);
    const sink = e.sink(clock);
    sink(LT, 12, 'Good', undefined);
    sink('FQ-101', 3, 'Good', 700);
    expect(e.get(LT)).toMatchObject({ value: 12, ts: 777, gatewayTs: 777, tsOrigin: 'gateway' });
    expect(e.get(FQ)).toMatchObject({ value: 3, ts: 700, gatewayTs: 777, tsOrigin: 'source' });
  });

  it('snapshot is a copy of the current values in plant order', () => {
    const e = new TagEngine(plant);
    e.update(XV, true, 'Good', undefined, 1);
    const snap = e.snapshot();
    expect(snap[XV]).toBe(e.get('XV-101'));
    snap.length = 0;
    expect(e.snapshot()).toHaveLength(5);
  });
});

describe('TagEngine: computed tags', () => {
  it('are set through setComputed, with deadband and quality rules', () => {
    const e = new TagEngine(plant);
    e.setComputed('FY-910', 12.34, 'Good', 100);
    expect(e.get('FY-910')).toEqual({
      name: 'FY-910',
      value: 12.34,
      quality: 'Good',
      ts: 100,
      gatewayTs: 100,
      tsOrigin: 'gateway',
    });
    e.setComputed('FY-910', 12.38, 'Good', 101);
    expect(e.get('FY-910')!.value).toBe(12.34);
    e.setComputed('FY-910', 12.38, 'Uncertain', 102);
    expect(e.get('FY-910')).toMatchObject({ value: 12.38, quality: 'Uncertain' });
    e.setComputed('FY-910', 5, 'Bad', 103);
    expect(e.get('FY-910')).toMatchObject({ value: null, quality: 'Bad', lastUsable: 12.38 });
  });

  it('cannot be written by drivers, and PLC tags cannot be set as computed', () => {
    const e = new TagEngine(plant);
    expect(() => e.update('FY-910', 1, 'Good', undefined, 0)).toThrow(/setComputed/);
    expect(() => e.setComputed('LT-101', 1, 'Good', 0)).toThrow(/not a computed tag/);
  });
});

describe('TagEngine: the pilot plant', () => {
  it('holds every pilot tag with a stale period from its PLC scan class', () => {
    const pilot = loadPlantFile();
    const e = new TagEngine(pilot);
    expect(e.size).toBe(pilot.tags.length);
    expect(e.snapshot().every((v) => v.quality === 'Bad_WaitingForInitialData')).toBe(true);
    const plcTags = pilot.tags.filter((t) => !t.computed);
    for (const t of plcTags)
      e.update(t.name, t.dataType === 'bool' ? false : t.range[0], 'Good', undefined, 0);
    for (const t of pilot.tags.filter((t) => t.computed)) e.setComputed(t.name, 0, 'Good', 0);
    expect(e.flush()).toBe(pilot.tags.length);
    expect(e.checkStale(3_600_000)).toBe(plcTags.length);
    const periodOf = (t: (typeof plcTags)[number]): number =>
      pilot.plcById.get(t.plc!)!.scanClasses[t.scanClass!]!.periodMs;
    const periods = [...new Set(plcTags.map(periodOf))].sort((a, b) => a - b);
    expect(periods.length).toBeGreaterThan(1);
    const e2 = new TagEngine(pilot);
    for (const t of plcTags)
      e2.update(t.name, t.dataType === 'bool' ? true : t.range[1], 'Good', undefined, 0);
    expect(e2.checkStale(3 * periods[0]!)).toBe(0);
    let total = 0;
    for (const p of periods) {
      total += e2.checkStale(3 * p + 1);
      expect(total).toBe(plcTags.filter((t) => periodOf(t) <= p).length);
    }
  });
});

describe('TagEngine: raw samples (before the deadband)', () => {
  it('hands a raw subscriber every sample of its tags, ahead of the changes, and stops on unsubscribe', () => {
    const e = new TagEngine(plant, { startTs: 0 });
    const order: string[] = [];
    const raw: TagValue[][] = [];
    const stop = e.subscribeRaw(['LT-101'], (s) => {
      raw.push([...s]);
      order.push('raw');
    });
    e.subscribe(() => order.push('changes'));
    e.update(LT, 50, 'Good', undefined, 1000);
    e.update(LT, 50.2, 'Good', undefined, 1500); // within the 0.5 deadband: not published
    e.update(FQ, 7, 'Good', 1400, 1500); // not asked for
    e.update(LT, Number.NaN, 'Good', undefined, 2000); // made Bad_SensorFailure, as published
    e.flush();
    expect(order).toEqual(['raw', 'changes']);
    expect(raw).toHaveLength(1);
    expect(raw[0]!.map((v) => [v.value, v.quality, v.ts, v.tsOrigin])).toEqual([
      [50, 'Good', 1000, 'gateway'],
      [50.2, 'Good', 1500, 'gateway'],
      [null, 'Bad_SensorFailure', 2000, 'gateway'],
    ]);
    // Only deadband-suppressed samples: raw still flushes.
    e.update(LT, 7, 'Good', 2400, 2500);
    e.flush();
    e.update(LT, 7.1, 'Good', 2900, 3000);
    expect(e.flush()).toBe(0);
    expect(raw.map((b) => b.map((v) => v.value))).toEqual([[50, 50.2, null], [7], [7.1]]);
    expect(raw[2]![0]).toMatchObject({ ts: 2900, tsOrigin: 'source' });
    stop();
    e.update(LT, 9, 'Good', undefined, 3500);
    e.flush();
    expect(raw).toHaveLength(3);
    expect(() => e.subscribeRaw(['NOPE-1'], () => {})).toThrow();
  });

  it('delivers the changes even when a raw subscriber throws, then reports its error', () => {
    const e = new TagEngine(plant, { startTs: 0 });
    const seen: TagValue[][] = recorder(e);
    e.subscribeRaw(['LT-101'], () => {
      throw new Error('broken consumer');
    });
    e.update(LT, 50, 'Good', undefined, 1000);
    expect(() => e.flush()).toThrow(AggregateError);
    expect(seen.map((b) => b.map((v) => v.value))).toEqual([[50]]);
  });
});
