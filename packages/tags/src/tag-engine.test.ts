// The tag engine: start, values and deadband, Bad quality, staleness.
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { TagEngine } from './tag-engine.js';
import { FQ, LT, plant, recorder, XV } from './tag-engine.fixture.js';

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
