// The tag engine's fan-out to listeners, computed tags, the pilot plant and raw samples.
import { loadPlantFile } from '@zld/plant';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { isBad } from './quality.js';
import { TagEngine } from './tag-engine.js';
import type { TagValue } from './tag-value.js';
import { FQ, LT, plant, recorder, XV } from './tag-engine.fixture.js';

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
