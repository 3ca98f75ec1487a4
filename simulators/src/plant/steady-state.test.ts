// From the start-up state the pilot settles within its normal ranges, holds them for 24 h, reproduces the nominal
// water balance of plant model §5 within 5 % per term, and its true water books close to round-off.
import { describe, it, expect, beforeAll } from 'vitest';
import { closes, residual } from '../models/ledger.js';
import type { BoundaryTerms } from './plant-ledger.js';
import { boundaryIn, boundaryOut } from './plant-ledger.js';
import { PlantSim } from './plant-sim.js';

const SETTLE_S = 3600;
const SPAN_S = 24 * 3600;
const DT = 2;

/** Plant model §5, kg/h. */
const NOMINAL_BALANCE: Partial<Record<keyof BoundaryTerms, number>> = {
  makeup: 0.5,
  hclWater: 3.5,
  naohWater: 1.7,
  oxalicCrystalWater: 0.34,
  reaction: 0.75,
  feResidue: 0.8,
  oxalateCake: 1.07,
  saltCake: 0.14,
  dryerVapour: 0.37,
  vents: 0.7,
  export: 3.7,
  discharge: 0,
};

describe('the pilot from its start-up state, 24 h without operator action', () => {
  const sim = new PlantSim({ seed: 7 });
  const excursions = new Map<string, { n: number; lo: number; hi: number }>();
  let before: BoundaryTerms;
  let after: BoundaryTerms;
  let holdup0 = 0;
  let holdup1 = 0;

  beforeAll(() => {
    for (let t = 0; t < SETTLE_S; t += DT) sim.step(DT);
    before = sim.books().boundary;
    holdup0 = sim.holdupKg();
    const ranged = sim.plant.tags.filter((t) => t.normal && !t.computed);
    for (let t = 0; t < SPAN_S; t += DT) {
      sim.step(DT);
      const truth = sim.truth().tags;
      for (const tag of ranged) {
        const v = truth[tag.name];
        const [lo, hi] = tag.normal ?? [0, 0];
        if (typeof v !== 'number' || (v >= lo && v <= hi)) continue;
        const e = excursions.get(tag.name) ?? { n: 0, lo: v, hi: v };
        excursions.set(tag.name, { n: e.n + 1, lo: Math.min(e.lo, v), hi: Math.max(e.hi, v) });
      }
    }
    after = sim.books().boundary;
    holdup1 = sim.holdupKg();
  }, 900_000);

  it('keeps every tag with a normal range inside it (process values, without transmitter noise)', () => {
    expect(Object.fromEntries(excursions)).toEqual({});
  });

  it('reproduces the nominal balance of plant model §5 within 5 % per term (24 h averages)', () => {
    for (const [term, nominal] of Object.entries(NOMINAL_BALANCE) as [
      keyof BoundaryTerms,
      number,
    ][]) {
      const kgH = (after[term] - before[term]) / (SPAN_S / 3600);
      if (nominal === 0) expect(kgH, term).toBe(0);
      else
        expect(Math.abs(kgH / nominal - 1), `${term}: ${kgH.toFixed(3)} kg/h`).toBeLessThan(0.05);
    }
    expect(after.leaks - before.leaks).toBe(0);
  });

  it('closes the true water ledger to round-off: inputs + reaction = outputs + accumulation + leaks', () => {
    const inputs = boundaryIn(after) - boundaryIn(before);
    const reaction = after.reaction - before.reaction;
    const outputs = boundaryOut(after) - boundaryOut(before);
    const leaks = after.leaks - before.leaks;
    const accumulation = holdup1 - holdup0;
    const r = inputs + reaction - outputs - leaks - accumulation;
    expect(Math.abs(r)).toBeLessThan(1e-9 * (inputs + reaction + holdup1));
    // And since the start-up state.
    const books = sim.books();
    expect(Math.abs(books.residualKg)).toBeLessThan(1e-9 * books.holdupKg);
  });

  it('closes every tank and unit ledger to round-off', () => {
    const books = sim.books();
    expect(Object.keys(books.units).length).toBeGreaterThan(15);
    for (const [id, terms] of Object.entries(books.units)) {
      expect(closes(terms, books.holdupKg), `${id}: residual ${residual(terms)}`).toBe(true);
    }
  });

  it('gives a true value for every PLC tag and a reading for each', () => {
    const truth = sim.truth();
    for (const t of sim.plant.tags) {
      if (t.computed) continue;
      expect(truth.tags[t.name], t.name).toBeDefined();
      expect(() => sim.read(t.name), t.name).not.toThrow();
    }
    expect(Object.keys(truth.tanks)).toEqual(
      expect.arrayContaining(['TK-402', 'TK-701', 'EV-500', 'CR-600']),
    );
  });
});
