import { loadPlantFile } from '@zld/plant';
import { describe, expect, it } from 'vitest';
import { SimRunner } from './sim-runner.js';
import { StandInPlant } from './stand-in-plant.js';

const plant = loadPlantFile();
const clockTags = plant.plcs.map((p) => p.clockTag);
const START = Date.parse('2030-01-01T00:00:00Z');

function runner(speed = 1) {
  let realMs = 0;
  const r = new SimRunner({
    plant: new StandInPlant(plant),
    clockTags,
    speed,
    startEpochMs: START,
    monotonicMs: () => realMs,
  });
  return { r, advanceReal: (ms: number) => (realMs += ms) };
}

describe('SimRunner', () => {
  it('starts at the given epoch and follows real time at speed 1', () => {
    const { r, advanceReal } = runner(1);
    expect(r.simTimeMs()).toBe(START);
    advanceReal(2500);
    r.tick();
    expect(r.simTimeMs()).toBe(START + 2500);
    advanceReal(60_000);
    r.tick();
    expect(r.simTimeMs()).toBe(START + 62_500);
  });

  it('starts at the wall clock when no epoch is given', () => {
    const r = new SimRunner({ plant: new StandInPlant(plant), clockTags, wallMs: () => 1234567 });
    expect(r.simTimeMs()).toBe(1234567);
  });

  it('runs faster at a higher speed and keeps simulated time continuous across a change', () => {
    const { r, advanceReal } = runner(10);
    advanceReal(1000);
    r.tick();
    expect(r.simTimeMs()).toBeCloseTo(START + 10_000, 6);
    r.setSpeed(100);
    expect(r.speed).toBe(100);
    advanceReal(500);
    r.tick();
    expect(r.simTimeMs()).toBeCloseTo(START + 10_000 + 50_000, 6);
  });

  it('steps the plant in fixed steps at any speed and carries the remainder to the next tick', () => {
    const { r, advanceReal } = runner(1);
    expect(r.stepS).toBe(0.5);
    advanceReal(1250);
    r.tick();
    expect(r.stepCount).toBe(2);
    expect(r.simTimeMs()).toBe(START + 1000);
    advanceReal(250);
    r.tick();
    expect(r.stepCount).toBe(3);
    expect(r.simTimeMs()).toBe(START + 1500);
    r.setSpeed(100);
    expect(r.stepS).toBe(0.5);
  });

  it('reports a failing plant once and keeps time moving', () => {
    let realMs = 0;
    const errors: unknown[] = [];
    const broken = new StandInPlant(plant);
    broken.step = () => {
      throw new Error('model diverged');
    };
    const r = new SimRunner({
      plant: broken,
      clockTags,
      startEpochMs: START,
      monotonicMs: () => realMs,
      onError: (e) => errors.push(e),
    });
    for (let i = 1; i <= 3; i++) {
      realMs = i * 500;
      r.tick();
    }
    expect(errors).toHaveLength(1);
    expect(r.simTimeMs()).toBe(START + 1500);
  });

  it('freezes at speed 0', () => {
    const { r, advanceReal } = runner(0);
    advanceReal(10_000);
    r.tick();
    expect(r.simTimeMs()).toBe(START);
    expect(r.stepCount).toBe(0);
  });

  it('splits a long interval into fixed steps of the given size', () => {
    let realMs = 0;
    const r = new SimRunner({
      plant: new StandInPlant(plant),
      clockTags,
      speed: 100,
      stepS: 1,
      startEpochMs: START,
      monotonicMs: () => realMs,
    });
    realMs = 100; // 10 simulated seconds
    r.tick();
    expect(r.stepCount).toBe(10);
    expect(r.stepS).toBe(1);
  });

  it('falls behind rather than spending more than its budget per tick on a slow plant', () => {
    let realMs = 0;
    const slow = new StandInPlant(plant);
    const step = slow.step.bind(slow);
    slow.step = (dt: number) => {
      realMs += 20; // each simulated second costs 20 ms of real time
      step(dt);
    };
    const r = new SimRunner({
      plant: slow,
      clockTags,
      speed: 1000,
      tickMs: 100,
      startEpochMs: START,
      monotonicMs: () => realMs,
    });
    realMs = 100; // asks for 100 simulated seconds
    r.tick();
    expect(r.lagging).toBe(true);
    expect(r.stepCount).toBe(3); // 50 ms budget: the third step passes it
    expect(r.simTimeMs()).toBe(START + 1500);
    // the backlog is gone: the next tick starts from where the plant is
    realMs += 1;
    r.tick();
    expect(r.simTimeMs()).toBe(START + 2500);
  });

  it('answers the PLC clock tags with simulated epoch seconds and refuses writes to them', () => {
    const { r, advanceReal } = runner(1);
    advanceReal(1500);
    r.tick();
    for (const t of clockTags) expect(r.read(t!)).toBe((START + 1500) / 1000);
    expect(r.quality('KI-100')).toBe('Good');
    expect(() => r.write('KI-100', 1)).toThrow(/clock/);
  });

  it('moves the plant: a loop in AUTO follows a new setpoint', () => {
    const { r, advanceReal } = runner(100);
    r.write('FIC-106.SP', 40);
    advanceReal(1000); // 100 s, ten lag time constants
    r.tick();
    expect(r.read('FIC-106')).toBeCloseTo(40, 2);
  });

  it('tells its listeners the simulated time after every tick', () => {
    const { r, advanceReal } = runner(1);
    const seen: number[] = [];
    const off = r.onTick((t) => seen.push(t));
    advanceReal(500);
    r.tick();
    off();
    r.tick();
    expect(seen).toEqual([START + 500]);
  });

  it('refuses speeds outside 0..1000', () => {
    const { r } = runner(1);
    expect(() => r.setSpeed(-1)).toThrow(RangeError);
    expect(() => r.setSpeed(1001)).toThrow(RangeError);
    expect(() => r.setSpeed(Number.NaN)).toThrow(RangeError);
  });
});
