// TEST FIXTURE: the real gateway runtime (tag engine, sink, flushes) on a manual clock, fed by the test instead of PLC drivers.
import { loadPlantFile, type Plant } from '@zld/plant';
import { ManualClock, TagEngine, type Quality, type Value } from '@zld/tags';
import { createRuntime, type DriverWiring, type Runtime } from '../runtime/runtime.js';
import { wallTimebase } from '../runtime/timebase.js';

export interface TestRuntime {
  plant: Plant;
  runtime: Runtime;
  clock: ManualClock;
  /** A sample as a driver would send it (stamped with the clock when `ts` is absent). */
  push(tag: string, value: Value, quality?: Quality, ts?: number): void;
  /** Several Good samples at once. */
  pushAll(values: Readonly<Record<string, Value>>): void;
  /** Lets the runtime's scheduled flush (and anything scheduled before it) run. */
  settle(): Promise<void>;
}

export const T0 = Date.parse('2026-03-02T08:00:00.000Z');

let pilot: Plant | undefined;
/** The pilot plant, loaded once per test file. */
export function pilotPlant(): Plant {
  pilot ??= loadPlantFile();
  return pilot;
}

/** A runtime with no drivers: the test is the only source of samples. Not started (no timers). */
export function testRuntime(plant: Plant = pilotPlant(), start = T0): TestRuntime {
  const clock = new ManualClock(start);
  const engine = new TagEngine(plant, { startTs: start });
  let sink: DriverWiring['sink'] | undefined;
  const runtime = createRuntime({
    plant,
    engine,
    timebase: wallTimebase(clock),
    drivers: (wiring) => {
      sink = wiring.sink;
      return [];
    },
  });
  const push = (tag: string, value: Value, quality: Quality = 'Good', ts?: number) =>
    sink!(tag, value, quality, ts);
  return {
    plant,
    runtime,
    clock,
    push,
    pushAll: (values) => {
      for (const [tag, v] of Object.entries(values)) push(tag, v);
    },
    settle: () => new Promise((resolve) => setImmediate(() => setImmediate(resolve))),
  };
}
