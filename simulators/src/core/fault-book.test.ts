import { loadPlant, protocols } from '@zld/protocols';
import { describe, expect, it } from 'vitest';
import { FaultBook, FaultRequestError } from './fault-book.js';
import { DEFAULT_EXCEPTION_CODE, DEFAULT_SLOW_MS } from './faults.js';
import { SimRunner } from './sim-runner.js';
import { PlantSim } from '../plant/plant-sim.js';

const plant = loadPlant();
const START = Date.parse('2030-01-01T00:00:00Z');

/** Real servers, never started: the book only changes their fault state. */
function setup() {
  let simMs = START;
  const plantSim = new PlantSim({ plant });
  const runner = new SimRunner({
    plant: plantSim,
    clockTags: plant.plcs.map((p) => p.clockTag),
    startEpochMs: START,
    monotonicMs: () => 0,
  });
  const servers = plant.plcs.map((plc) =>
    protocols.createServer(plc, {
      plant,
      source: runner,
      host: '127.0.0.1',
      port: 0,
      pkiDir: 'unused',
      log: () => undefined,
    }),
  );
  const book = new FaultBook(plantSim, servers, () => simMs);
  const faultsOf = (id: string) => servers.find((s) => s.plcId === id)!.status().faults;
  return { book, runner, plantSim, faultsOf, setSim: (ms: number) => (simMs = ms) };
}

describe('FaultBook', () => {
  it('gives a PLC server the combined state of its protocol faults', async () => {
    const { book, faultsOf } = setup();
    const slow = await book.add({ kind: 'plc-slow', target: 'PLC-100', magnitude: 250 });
    const exc = await book.add({ kind: 'modbus-exception', target: 'PLC-100', magnitude: 6 });
    expect(faultsOf('PLC-100')).toEqual({ offline: false, slowMs: 250, exceptionCode: 6 });
    expect(faultsOf('PLC-300')).toEqual({ offline: false, slowMs: 0, exceptionCode: null });
    const off = await book.add({ kind: 'plc-offline', target: 'PLC-100' });
    expect(faultsOf('PLC-100').offline).toBe(true);
    await book.remove(off.id);
    await book.remove(exc.id);
    expect(faultsOf('PLC-100')).toEqual({ offline: false, slowMs: 250, exceptionCode: null });
    await book.remove(slow.id);
    expect(faultsOf('PLC-100').slowMs).toBe(0);
  });

  it('applies defaults for a slow or exception fault without a magnitude', async () => {
    const { book, faultsOf } = setup();
    await book.add({ kind: 'plc-slow', target: 'PLC-300' });
    await book.add({ kind: 'modbus-exception', target: 'PLC-300' });
    expect(faultsOf('PLC-300')).toEqual({
      offline: false,
      slowMs: DEFAULT_SLOW_MS,
      exceptionCode: DEFAULT_EXCEPTION_CODE,
    });
  });

  it('refuses protocol faults that do not fit the target', async () => {
    const { book } = setup();
    await expect(book.add({ kind: 'plc-offline', target: 'PLC-999' })).rejects.toThrow(
      FaultRequestError,
    );
    await expect(book.add({ kind: 'modbus-exception', target: 'PLC-200' })).rejects.toThrow(
      /does not apply/,
    );
    await expect(
      book.add({ kind: 'modbus-exception', target: 'PLC-100', magnitude: 0 }),
    ).rejects.toThrow(/1 to 255/);
    await expect(book.add({ kind: 'plc-slow', target: 'PLC-100', magnitude: -5 })).rejects.toThrow(
      /delay in ms/,
    );
    expect(book.list()).toEqual([]);
  });

  it('hands process faults to the plant and takes them back', async () => {
    const { book, runner } = setup();
    const f = await book.add({ kind: 'sensor-stuck', target: 'FIC-106' });
    expect(runner.quality('FIC-106')).toBe('Uncertain_SensorNotAccurate');
    expect(await book.remove(f.id)).toBe(true);
    expect(runner.quality('FIC-106')).toBe('Good');
    expect(await book.remove(f.id)).toBe(false);
  });

  it('turns a plant refusal into a fault request error', async () => {
    const { book } = setup();
    await expect(book.add({ kind: 'leak', target: 'P-405' })).rejects.toThrow(FaultRequestError);
  });

  it('lists faults with simulated start and expiry times and clears them when they expire', async () => {
    const { book, setSim } = setup();
    const f = await book.add({ kind: 'leak', target: 'TK-402', magnitude: 5, durationS: 60 });
    expect(f).toEqual({
      id: f.id,
      kind: 'leak',
      target: 'TK-402',
      magnitude: 5,
      durationS: 60,
      state: 'active',
      startsAt: '2030-01-01T00:00:00.000Z',
      startedAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:01:00.000Z',
    });
    const keep = await book.add({ kind: 'plc-slow', target: 'PLC-100', magnitude: 10 });
    book.expire(START + 59_000);
    expect(book.list().map((x) => x.id)).toEqual([f.id, keep.id]);
    setSim(START + 60_000);
    book.expire(START + 60_000);
    await Promise.resolve();
    expect(book.list().map((x) => x.id)).toEqual([keep.id]);
  });

  it('starts a scheduled fault at the first step at or after its time, and its duration runs from then', async () => {
    const { book, plantSim, setSim } = setup();
    const f = await book.add({
      kind: 'leak',
      target: 'TK-402',
      magnitude: 5,
      atS: 90.5,
      durationS: 30,
    });
    expect(f).toMatchObject({ state: 'scheduled', startsAt: '2030-01-01T00:01:30.500Z' });
    expect(f.startedAt).toBeUndefined();
    let started: number | null = null;
    for (let t = START; t <= START + 200_000; t += 1000) {
      setSim(t);
      book.tick(t);
      if (started === null && plantSim.faults.some((x) => x.id === f.id)) started = t;
    }
    // One simulation step (1 s) after its time at most, never before it.
    expect(started).toBe(START + 91_000);
    expect(f.startedAt).toBe('2030-01-01T00:01:31.000Z');
    expect(f.expiresAt).toBe('2030-01-01T00:02:01.000Z');
    expect(book.list()).toEqual([]);
    expect(plantSim.faults).toEqual([]);
  });

  it('ramps a fault from nothing to its magnitude (a multiplier from 1)', async () => {
    const { book, plantSim, setSim } = setup();
    const drift = await book.add({
      kind: 'sensor-drift',
      target: 'FT-509',
      magnitude: -4,
      shape: 'ramp',
      rampS: 100,
    });
    const carry = await book.add({
      kind: 'carry-over',
      target: 'EV-500',
      magnitude: 101,
      shape: 'ramp',
      rampS: 100,
    });
    const at = (id: string) => plantSim.faults.find((x) => x.id === id)?.magnitude;
    expect(at(drift.id)).toBe(0);
    expect(at(carry.id)).toBe(1);
    setSim(START + 25_000);
    book.tick(START + 25_000);
    expect(at(drift.id)).toBeCloseTo(-1, 9);
    expect(at(carry.id)).toBeCloseTo(26, 9);
    book.tick(START + 250_000);
    expect(at(drift.id)).toBe(-4);
    expect(drift.currentMagnitude).toBe(-4);
  });

  it('refuses bad schedules and shapes, and a bad target of a scheduled fault at once', async () => {
    const { book } = setup();
    const bad = [
      { kind: 'leak', target: 'TK-402', at: 'tomorrow' },
      { kind: 'leak', target: 'TK-402', atS: 5, at: '2030-01-01T00:00:00Z' },
      { kind: 'leak', target: 'TK-402', shape: 'ramp', rampS: 10 },
      { kind: 'leak', target: 'TK-402', magnitude: 5, shape: 'ramp' },
      { kind: 'pump-trip', target: 'P-405', magnitude: 1, shape: 'ramp', rampS: 10 },
      { kind: 'plc-slow', target: 'PLC-100', magnitude: 100, shape: 'ramp', rampS: 10 },
      { kind: 'leak', target: 'TK-402', rampS: 10 },
      { kind: 'leak', target: 'P-405', atS: 60 },
    ] as const;
    for (const spec of bad) await expect(book.add(spec)).rejects.toThrow(FaultRequestError);
    expect(book.list()).toEqual([]);
  });
});
