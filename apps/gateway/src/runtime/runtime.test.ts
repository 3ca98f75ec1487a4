import type { SampleSink } from '@zld/protocols';
import { loadPlant } from '@zld/protocols';
import { ManualClock, TagEngine, type TagValue } from '@zld/tags';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlantClock } from './plant-clock.js';
import { createRuntime, type Runtime } from './runtime.js';
import { createTagSink } from './tag-sink.js';
import { plcTimebase, wallTimebase, type Timebase } from './timebase.js';

const plant = loadPlant();
const T0 = Date.UTC(2025, 0, 1);

/** A runtime without drivers; the test pushes samples into the sink a driver would be given. */
function runtimeWith(timebase: Timebase): {
  runtime: Runtime;
  sink: SampleSink;
  engine: TagEngine;
} {
  const engine = new TagEngine(plant, { startTs: timebase.wall.now() });
  let sink: SampleSink | undefined;
  const runtime = createRuntime({
    plant,
    engine,
    timebase,
    drivers: (wiring) => {
      sink = wiring.sink;
      expect(wiring.keyOf(plant.tag('FT-004'))).toBe(engine.indexOf('FT-004'));
      return [];
    },
  });
  return { runtime, sink: sink!, engine };
}

/** Moves the wall clock and the fake timers together. */
function elapse(wall: ManualClock, ms: number, step = 25): void {
  for (let t = 0; t < ms; t += step) {
    wall.advance(step);
    vi.advanceTimersByTime(step);
  }
}

describe('the runtime', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('flushes the samples of one driver read to subscribers in one coalesced batch', async () => {
    const wall = new ManualClock(T0);
    const { runtime, sink } = runtimeWith(wallTimebase(wall));
    const batches: (readonly TagValue[])[] = [];
    runtime.subscribe((b) => batches.push(b));
    await runtime.start();
    sink(
      plant.tags.findIndex((t) => t.name === 'FT-004'),
      2.0,
      'Good',
      undefined,
    );
    sink('FT-004', 2.3, 'Good', undefined);
    sink('LT-002', 55, 'Good', undefined);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(0);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((v) => [v.name, v.value, v.quality, v.ts, v.tsOrigin])).toEqual([
      ['FT-004', 2.3, 'Good', T0, 'gateway'],
      ['LT-002', 55, 'Good', T0, 'gateway'],
    ]);
    expect(runtime.value('FT-004')?.value).toBe(2.3);
    expect(runtime.value('XX-999')).toBeUndefined();
    expect(runtime.stats().engine.updates).toBe(3);
    await runtime.stop();
  });

  it('hands raw subscribers every sample of their tags, deadband or not, ahead of the changes', async () => {
    const wall = new ManualClock(T0);
    const { runtime, sink } = runtimeWith(wallTimebase(wall));
    const order: string[] = [];
    const raw: TagValue[] = [];
    const stop = runtime.subscribeRaw(['LT-002'], (b) => {
      raw.push(...b);
      order.push('raw');
    });
    runtime.subscribe(() => order.push('changes'));
    await runtime.start();
    sink('LT-002', 55, 'Good', undefined);
    sink('FT-004', 2, 'Good', undefined);
    vi.advanceTimersByTime(0);
    wall.advance(1000);
    sink('LT-002', 55 + plant.tag('LT-002').deadband / 2, 'Good', undefined);
    vi.advanceTimersByTime(0);
    expect(order).toEqual(['raw', 'changes', 'raw']);
    expect(raw.map((v) => [v.name, v.ts])).toEqual([
      ['LT-002', T0],
      ['LT-002', T0 + 1000],
    ]);
    expect(runtime.value('LT-002')?.value).toBe(55);
    stop();
    sink('LT-002', 60, 'Good', undefined);
    vi.advanceTimersByTime(0);
    expect(raw).toHaveLength(2);
    expect(() => runtime.subscribeRaw(['XX-999'], () => {})).toThrow();
    await runtime.stop();
  });

  it('on the wall clock, keeps late source timestamps but not ones from the future', async () => {
    const wall = new ManualClock(T0);
    const { runtime, sink } = runtimeWith(wallTimebase(wall));
    await runtime.start();
    sink('FT-004', 2, 'Good', T0 - 30_000); // buffered in the device: kept
    vi.advanceTimersByTime(0);
    expect(runtime.value('FT-004')).toMatchObject({ ts: T0 - 30_000, tsOrigin: 'source' });
    sink('FT-004', 3, 'Good', T0 + 4000); // a little ahead: clocks differ, kept
    vi.advanceTimersByTime(0);
    expect(runtime.value('FT-004')).toMatchObject({ ts: T0 + 4000, tsOrigin: 'source' });
    sink('FT-004', 4, 'Good', T0 + 60_000); // a device clock running fast: receive time
    vi.advanceTimersByTime(0);
    expect(runtime.value('FT-004')).toMatchObject({ value: 4, ts: T0, tsOrigin: 'gateway' });
    expect(runtime.stats().sink.futureStamps).toBe(1);
    await runtime.stop();
  });

  it('turns a tag Bad_Stale after 3 scan periods without an update (wall clock)', async () => {
    const wall = new ManualClock(T0);
    const { runtime, sink } = runtimeWith(wallTimebase(wall));
    await runtime.start();
    sink('FT-004', 2.0, 'Good', undefined); // fast class: 500 ms
    elapse(wall, 1400);
    expect(runtime.value('FT-004')?.quality).toBe('Good');
    elapse(wall, 600);
    expect(runtime.value('FT-004')).toMatchObject({ quality: 'Bad_Stale', value: null });
    await runtime.stop();
  });

  it('measures updates per second', async () => {
    const wall = new ManualClock(T0);
    const { runtime, sink } = runtimeWith(wallTimebase(wall));
    await runtime.start();
    for (let k = 0; k < 40; k++) {
      sink('FT-004', k, 'Good', undefined);
      elapse(wall, 25);
    }
    expect(runtime.stats().updatesPerSecond).toBeGreaterThan(30);
    expect(runtime.stats().updatesPerSecond).toBeLessThan(50);
    await runtime.stop();
  });

  it('with --clock plc stamps Modbus samples and its own values in plant time', async () => {
    const wall = new ManualClock(T0);
    const plantClock = new PlantClock({ wall });
    const { runtime, sink } = runtimeWith(plcTimebase(plantClock, wall));
    const seen: TagValue[] = [];
    runtime.subscribe((b) => seen.push(...b));
    await runtime.start();
    // The PLC clock runs 100x, one day ahead of the wall clock.
    const P0 = T0 + 86_400_000;
    for (let k = 0; k <= 4; k++) {
      wall.set(T0 + k * 500);
      sink('KI-100', (P0 + k * 50_000) / 1000, 'Good', undefined);
    }
    expect(plantClock.speed()).toBeCloseTo(100, 3);
    sink('FT-004', 2.0, 'Good', undefined);
    vi.advanceTimersByTime(0);
    const ft = seen.filter((v) => v.name === 'FT-004');
    expect(ft[0]!.ts).toBeCloseTo(P0 + 200_000, -1);
    expect(ft[0]!.gatewayTs).toBe(T0 + 2000);
    // Staleness is measured on the wall clock: 3 x 500 ms, not 3 x 500 plant ms.
    elapse(wall, 1000);
    expect(seen.some((v) => v.quality === 'Bad_Stale')).toBe(false);
    elapse(wall, 1000);
    const stale = seen.filter((v) => v.name === 'FT-004' && v.quality === 'Bad_Stale');
    expect(stale).toHaveLength(1);
    // ... and the stale value is stamped in plant time, like every other value.
    expect(stale[0]!.ts).toBeGreaterThan(P0 + 200_000);
    expect(runtime.value('FT-004')!.ts).toBe(stale[0]!.ts);
    expect(runtime.snapshot().find((v) => v.name === 'FT-004')!.ts).toBe(stale[0]!.ts);
    expect(runtime.health().time).toBeGreaterThan(P0);
    await runtime.stop();
  });

  it('sets computed tags stamped on its clock and delivers them', async () => {
    const wall = new ManualClock(T0);
    const { runtime } = runtimeWith(wallTimebase(wall));
    const seen: string[] = [];
    runtime.subscribe((b) => seen.push(...b.map((v) => v.name)));
    runtime.setComputed('FY-910', 12.5, 'Good');
    expect(runtime.value('FY-910')).toMatchObject({ value: 12.5, quality: 'Good', ts: T0 });
    vi.advanceTimersByTime(0);
    expect(seen).toEqual(['FY-910']);
    expect(() => runtime.setComputed('FT-004', 1, 'Good')).toThrow(/not a computed tag/);
  });

  it('keeps delivering when one subscriber throws, and counts it', async () => {
    const wall = new ManualClock(T0);
    const { runtime, sink } = runtimeWith(wallTimebase(wall));
    const got: string[] = [];
    runtime.subscribe(() => {
      throw new Error('broken consumer');
    });
    runtime.subscribe((b) => got.push(...b.map((v) => v.name)));
    await runtime.start();
    sink('FT-004', 2, 'Good', undefined);
    vi.advanceTimersByTime(0);
    expect(got).toEqual(['FT-004']);
    expect(runtime.stats().listenerErrors).toBe(1);
    await runtime.stop();
    await runtime.stop();
  });
});

describe('the tag sink', () => {
  it('never throws: a refused sample is counted and the first one reported', () => {
    const engine = new TagEngine(plant);
    const errors: string[] = [];
    let accepted = 0;
    const { sink, stats } = createTagSink(plant, engine, wallTimebase(), {
      onError: (m) => errors.push(m),
      onSample: () => accepted++,
    });
    expect(() => sink('XX-999', 1, 'Good', undefined)).not.toThrow();
    expect(() => sink('FY-910', 1, 'Good', undefined)).not.toThrow(); // computed: not from a driver
    sink('FT-004', 1, 'Good', undefined);
    expect(stats.errors).toBe(2);
    expect(errors).toHaveLength(1);
    expect(accepted).toBe(1);
  });

  it('feeds only good clock-tag readings to the plant clock', () => {
    const wall = new ManualClock(T0);
    const plantClock = new PlantClock({ wall });
    const engine = new TagEngine(plant);
    const { sink } = createTagSink(plant, engine, plcTimebase(plantClock, wall));
    sink('KI-200', T0 / 1000 + 60, 'Good', T0 + 60_000);
    sink('KI-300', null, 'Bad_CommunicationError', undefined);
    sink('FT-004', 2, 'Good', undefined);
    expect(plantClock.readings()).toBe(1);
    expect(plantClock.now()).toBe(T0 + 60_000);
    expect(engine.get('FT-004')).toMatchObject({ ts: T0 + 60_000, tsOrigin: 'source' });
  });
});
