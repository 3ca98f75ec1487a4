import { ManualClock } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import { PlantClock } from './plant-clock.js';

const T0 = Date.UTC(2025, 0, 1);

describe('PlantClock', () => {
  it('answers the wall clock until the first reading', () => {
    const wall = new ManualClock(T0);
    const clock = new PlantClock({ wall });
    expect(clock.now()).toBe(T0);
    expect(clock.readings()).toBe(0);
  });

  it('follows a PLC clock running at 100x and extrapolates between readings', () => {
    const wall = new ManualClock(T0);
    const clock = new PlantClock({ wall });
    const plant0 = T0 + 3_600_000;
    // Readings every 500 ms wall; plant time runs 100x.
    for (let k = 0; k <= 6; k++) {
      wall.set(T0 + k * 500);
      clock.observe(plant0 + k * 50_000);
    }
    expect(clock.speed()).toBeCloseTo(100, 6);
    wall.advance(250);
    expect(clock.now()).toBeCloseTo(plant0 + 6 * 50_000 + 25_000, 6);
  });

  it('never goes backwards when a reading is behind the extrapolation', () => {
    const wall = new ManualClock(T0);
    const clock = new PlantClock({ wall });
    for (let k = 0; k <= 4; k++) {
      wall.set(T0 + k * 500);
      clock.observe(T0 + k * 5_000); // 10x
    }
    wall.advance(400);
    const before = clock.now();
    clock.observe(T0 + 4 * 5_000 + 1_000); // late reading: behind what was already answered
    expect(clock.now()).toBe(before);
    wall.advance(500);
    expect(clock.now()).toBeGreaterThan(before);
  });

  it('measures a speed change within the baseline window', () => {
    const wall = new ManualClock(T0);
    const clock = new PlantClock({ wall, minBaselineMs: 1000, maxBaselineMs: 3000 });
    let plant = T0;
    for (let k = 1; k <= 20; k++) {
      wall.advance(250);
      plant += 250 * (k <= 10 ? 1 : 50);
      clock.observe(plant);
    }
    expect(clock.speed()).toBeCloseTo(50, 6);
  });

  it('maps a wall instant to plant time by the model', () => {
    const wall = new ManualClock(T0);
    const clock = new PlantClock({ wall });
    clock.observe(T0 + 1_000_000);
    wall.advance(1000);
    clock.observe(T0 + 1_000_000 + 10_000);
    expect(clock.at(T0 + 1500)).toBe(T0 + 1_000_000 + 15_000);
  });

  it('ignores readings that are not finite numbers', () => {
    const clock = new PlantClock({ wall: new ManualClock(T0) });
    clock.observe(Number.NaN);
    expect(clock.readings()).toBe(0);
  });
});
