// Each process fault moves what it should and nothing else, and the true books still close.
import { describe, it, expect } from 'vitest';
import { PlantSim } from './plant-sim.js';

const DT = 2;
const run = (sim: PlantSim, seconds: number): void => {
  for (let t = 0; t < seconds; t += DT) sim.step(DT);
};
const num = (sim: PlantSim, tag: string): number => Number(sim.read(tag));
interface TrueBalance {
  ratesKgH: Record<string, number>;
  leakLh: number;
}
const balance = (sim: PlantSim): TrueBalance => sim.truth().balance as unknown as TrueBalance;
const rate = (sim: PlantSim, term: string): number => balance(sim).ratesKgH[term] ?? NaN;
/** The meters the ZLD balance is built from (plant file waterBalance terms). */
const BOUNDARY_METERS = [
  'FT-001',
  'FT-003',
  'FT-004',
  'FIC-302',
  'FT-704',
  'FT-901',
  'WT-005',
  'WT-306',
  'WT-612',
  'FT-607',
];

/** Two identical plants (same seed); the fault goes into the second one after a short warm-up. */
function pair(): [PlantSim, PlantSim] {
  const a = new PlantSim({ seed: 3 });
  const b = new PlantSim({ seed: 3 });
  run(a, 600);
  run(b, 600);
  return [a, b];
}

describe('process faults', () => {
  it('a 5 L/h leak on TK-402 is a 5 L/h unmetered loss in the truth, and no flow meter sees it', () => {
    const [base, leaky] = pair();
    leaky.addFault({ id: 'f1', kind: 'leak', target: 'TK-402', magnitude: 5 });
    const lvl0 = leaky.truth().tanks['TK-402']!.waterKg;
    const ref0 = base.truth().tanks['TK-402']!.waterKg;
    run(base, 1800);
    run(leaky, 1800);
    expect(balance(leaky).leakLh).toBeCloseTo(5, 6);
    expect(rate(leaky, 'leaks')).toBeGreaterThan(4.6);
    expect(rate(leaky, 'leaks')).toBeLessThan(5);
    expect(balance(base).leakLh).toBe(0);
    // Half an hour of the leak: ~2.4 kg more gone from TK-402 than in the plant without it.
    const lost =
      ref0 -
      base.truth().tanks['TK-402']!.waterKg -
      (lvl0 - leaky.truth().tanks['TK-402']!.waterKg);
    expect(-lost).toBeGreaterThan(2.2);
    expect(-lost).toBeLessThan(2.6);
    for (const m of BOUNDARY_METERS) expect(num(leaky, m), m).toBeCloseTo(num(base, m), 1);
    expect(num(leaky, 'FT-901')).toBe(0);
    expect(leaky.read('ZSC-901')).toBe(true);
    expect(Math.abs(leaky.books().residualKg)).toBeLessThan(1e-9 * leaky.holdupKg());
  }, 120_000);

  it('outfall-open: the valve opens, FT-901 meters the discharge and the truth counts it', () => {
    const [base, open] = pair();
    open.addFault({ id: 'f2', kind: 'outfall-open', target: 'TK-402', magnitude: 4 });
    run(base, 300);
    run(open, 300);
    expect(open.read('ZSC-901')).toBe(false);
    expect(num(open, 'FT-901')).toBeCloseTo(4, 1);
    expect(rate(open, 'discharge')).toBeGreaterThan(3.5);
    expect(num(base, 'FT-901')).toBe(0);
    expect(Number(open.read('FQ-901'))).toBeGreaterThan(0.1);
    open.removeFault('f2');
    run(open, 120);
    expect(open.read('ZSC-901')).toBe(true);
    expect(Math.abs(open.books().residualKg)).toBeLessThan(1e-9 * open.holdupKg());
  }, 120_000);

  it('sensor faults change the reading only: drift by % of reading, stuck, extra noise', () => {
    const [base, bad] = pair();
    bad.addFault({ id: 'd', kind: 'sensor-drift', target: 'FT-001', magnitude: 5 });
    bad.addFault({ id: 's', kind: 'sensor-stuck', target: 'LT-002' });
    bad.addFault({ id: 'n', kind: 'sensor-noise', target: 'FT-004', magnitude: 3 });
    const stuckAt = bad.read('LT-002');
    const ft004: number[] = [];
    for (let t = 0; t < 1200; t += DT) {
      base.step(DT);
      bad.step(DT);
      ft004.push(num(bad, 'FT-004') - num(base, 'FT-004'));
    }
    expect(num(bad, 'FT-001')).toBeCloseTo(1.05 * Number(bad.truth().tags['FT-001']), 2);
    expect(bad.read('LT-002')).toBe(stuckAt);
    expect(bad.quality('LT-002')).toBe('Uncertain_SensorNotAccurate');
    expect(bad.quality('FT-001')).toBe('Good');
    const sd = Math.sqrt(ft004.reduce((a, x) => a + x * x, 0) / ft004.length);
    expect(sd).toBeGreaterThan(0.1);
    // The process itself is untouched: the true values are those of the plant without the faults.
    const tb = base.truth().tags;
    const tf = bad.truth().tags;
    for (const tag of ['FT-001', 'LT-002', 'FT-004', 'LIC-402', 'FT-509', 'LIC-701'])
      expect(tf[tag], tag).toBe(tb[tag]);
    bad.removeFault('s');
    bad.step(DT);
    expect(bad.quality('LT-002')).toBe('Good');
  }, 120_000);

  it('pump-trip stops the pump (RUN off, FLT on) and its flow; clearing it restarts the pump', () => {
    const [, sim] = pair();
    sim.addFault({ id: 'p', kind: 'pump-trip', target: 'P-405' });
    run(sim, 120);
    expect(sim.read('P-405.RUN')).toBe(false);
    expect(sim.read('P-405.FLT')).toBe(true);
    expect(num(sim, 'FIC-405')).toBeLessThan(0.5);
    sim.removeFault('p');
    run(sim, 300);
    expect(sim.read('P-405.RUN')).toBe(true);
    expect(sim.read('P-405.FLT')).toBe(false);
    expect(num(sim, 'FIC-405')).toBeGreaterThan(30);
  }, 120_000);

  it('vent-loss sends vapour to atmosphere instead of the condensate tank', () => {
    const [base, lossy] = pair();
    lossy.addFault({ id: 'v', kind: 'vent-loss', target: 'EV-500', magnitude: 10 });
    run(base, 600);
    run(lossy, 600);
    const extra = rate(lossy, 'vents') - rate(base, 'vents');
    expect(extra).toBeGreaterThan(3);
    expect(extra).toBeLessThan(5);
    expect(num(lossy, 'FT-509')).toBeLessThan(num(base, 'FT-509') - 3);
    expect(Math.abs(lossy.books().residualKg)).toBeLessThan(1e-9 * lossy.holdupKg());
  }, 120_000);

  it('refuses faults that do not fit the plant, with a plain message', () => {
    const sim = new PlantSim();
    expect(() => sim.addFault({ id: 'x', kind: 'leak', target: 'P-405' })).toThrow(/not a tank/);
    expect(() => sim.addFault({ id: 'x', kind: 'sensor-drift', target: 'NOPE-1' })).toThrow(
      /not a measured tag/,
    );
    expect(() => sim.addFault({ id: 'x', kind: 'pump-trip', target: 'TK-402' })).toThrow(
      /not a pump/,
    );
    expect(() => sim.addFault({ id: 'x', kind: 'vent-loss', target: 'TK-402' })).toThrow(
      /EV-500 or CR-600/,
    );
    expect(() => sim.addFault({ id: 'x', kind: 'outfall-open', target: 'R-101' })).toThrow(
      /XV-901/,
    );
  });
});

describe('24 h with faults', () => {
  it('closes the true water ledger to round-off through leaks, discharge, vent loss, trips and sensor faults', () => {
    const sim = new PlantSim({ seed: 11 });
    const h = 3600;
    run(sim, 1 * h);
    sim.addFault({ id: 'leak', kind: 'leak', target: 'TK-402', magnitude: 5 });
    run(sim, 4 * h);
    sim.addFault({ id: 'vent', kind: 'vent-loss', target: 'CR-600', magnitude: 10 });
    sim.addFault({ id: 'drift', kind: 'sensor-drift', target: 'FIC-405', magnitude: 2 });
    run(sim, 4 * h);
    sim.addFault({ id: 'out', kind: 'outfall-open', target: 'TK-701', magnitude: 3 });
    sim.addFault({ id: 'trip', kind: 'pump-trip', target: 'P-703' });
    run(sim, 2 * h);
    for (const id of ['out', 'trip', 'vent']) sim.removeFault(id);
    sim.addFault({ id: 'leak2', kind: 'leak', target: 'EV-500', magnitude: 2 });
    run(sim, 8 * h);
    sim.removeFault('leak');
    run(sim, 5 * h);
    const books = sim.books();
    const b = books.boundary;
    expect(b.leaks).toBeGreaterThan(80);
    expect(b.discharge).toBeGreaterThan(4);
    const r = boundaryResidual(books);
    expect(Math.abs(r)).toBeLessThan(1e-9 * books.holdupKg);
    for (const [id, terms] of Object.entries(books.units)) {
      const res =
        Object.values(terms.in).reduce((a, x) => a + x, 0) +
        terms.reaction -
        Object.values(terms.out).reduce((a, x) => a + x, 0) -
        terms.leak -
        terms.overflow -
        terms.vent -
        terms.accumulation;
      expect(Math.abs(res), id).toBeLessThan(1e-9 * books.holdupKg);
    }
  }, 900_000);
});

function boundaryResidual(books: ReturnType<PlantSim['books']>): number {
  const b = books.boundary;
  const inputs = b.makeup + b.hclWater + b.naohWater + b.oxalicCrystalWater + b.feedMoisture;
  const outputs =
    b.feResidue + b.oxalateCake + b.saltCake + b.dryerVapour + b.vents + b.export + b.discharge;
  return inputs + b.reaction - outputs - b.leaks - (books.holdupKg - books.startHoldupKg);
}
