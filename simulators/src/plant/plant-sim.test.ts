// The PlantSim as the PLC servers see it: reads, writes, modes, cascades, interlocks from the plant file.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parsePlant, PILOT_PLANT_FILE } from '@zld/plant';
import { PlantSim } from './plant-sim.js';

const run = (sim: PlantSim, seconds: number, dt = 2): void => {
  for (let t = 0; t < seconds; t += dt) sim.step(dt);
};
const modeOf = (sim: PlantSim, label: string, tag: string): number => {
  const states = sim.plant.tag(tag).states ?? {};
  return Number(Object.entries(states).find(([, l]) => l === label)?.[0]);
};

describe('PlantSim reads and writes', () => {
  it('starts with every loop at its start-up mode, setpoint and output, and readings near the truth', () => {
    const sim = new PlantSim();
    expect(sim.read('LIC-402.SP')).toBe(50);
    expect(sim.read('FIC-405.MODE')).toBe(modeOf(sim, 'CAS', 'FIC-405.MODE'));
    expect(sim.read('P-405.CMD')).toBe(true);
    expect(sim.read('XV-901.CMD')).toBe(false);
    expect(sim.read('ZSC-901')).toBe(true);
    run(sim, 60);
    const truth = sim.truth().tags;
    for (const tag of ['FIC-405', 'LIC-402', 'PIC-502', 'DIC-507', 'AIC-403'])
      expect(Math.abs(Number(sim.read(tag)) - Number(truth[tag])), tag).toBeLessThan(
        0.02 * Math.abs(Number(truth[tag])) + 0.05,
      );
  }, 120_000);

  it('is deterministic for a seed', () => {
    const a = new PlantSim({ seed: 5 });
    const b = new PlantSim({ seed: 5 });
    run(a, 120);
    run(b, 120);
    expect(a.read('FT-509')).toBe(b.read('FT-509'));
    expect(a.truth().tags).toEqual(b.truth().tags);
  }, 120_000);

  it('takes setpoints, modes and manual outputs, and refuses what a PLC would refuse', () => {
    const sim = new PlantSim();
    sim.write('FIC-106.SP', 24);
    expect(sim.read('FIC-106.SP')).toBe(24);
    run(sim, 120);
    expect(Number(sim.read('FIC-106'))).toBeCloseTo(24, 0);
    expect(() => sim.write('FIC-106.OUT', 10)).toThrow(/MAN/);
    sim.write('FIC-106.MODE', modeOf(sim, 'MAN', 'FIC-106.MODE'));
    const out = Number(sim.read('FIC-106.OUT'));
    sim.write('FIC-106.OUT', out + 10);
    expect(sim.read('FIC-106.OUT')).toBe(out + 10);
    run(sim, 60);
    expect(Number(sim.read('FIC-106'))).toBeGreaterThan(26);
    expect(() => sim.write('FIC-106.MODE', modeOf(sim, 'CAS', 'TIC-101.MODE'))).toThrow(
      /not supported/,
    );
    expect(() => sim.write('FIC-405.SP', 40)).toThrow(/CAS/);
    expect(() => sim.write('FIC-106', 3)).toThrow(/not writable/);
    expect(() => sim.write('LIC-402.SP', 150)).toThrow(/outside/);
    expect(() => sim.read('FY-913')).toThrow();
    expect(() => sim.read('NOPE-001')).toThrow();
  }, 120_000);

  it('bumpless cascade: the master tracks the slave until the slave goes to CAS', () => {
    const sim = new PlantSim();
    sim.write('FIC-405.MODE', modeOf(sim, 'AUTO', 'FIC-405.MODE'));
    sim.write('FIC-405.SP', 40);
    run(sim, 60);
    // LIC-402 output tracks the slave setpoint (0-100 % over FIC-405's 0-100 L/h).
    expect(Number(sim.read('LIC-402.OUT'))).toBeCloseTo(40, 3);
    sim.write('FIC-405.MODE', modeOf(sim, 'CAS', 'FIC-405.MODE'));
    sim.step(1);
    expect(Math.abs(Number(sim.read('FIC-405.SP')) - 40)).toBeLessThan(0.5);
  }, 120_000);

  it('commands pumps: stopping P-106 starves the SX feed and TK-105 rises', () => {
    const sim = new PlantSim();
    const lvl = Number(sim.truth().tags['LT-105']);
    sim.write('P-106.CMD', false);
    run(sim, 600);
    expect(sim.read('P-106.RUN')).toBe(false);
    expect(Number(sim.read('FIC-106'))).toBeLessThan(0.5);
    expect(Number(sim.truth().tags['LT-105'])).toBeGreaterThan(lvl + 1);
  }, 120_000);
});

describe('interlocks from the plant file', () => {
  it('executes IL-105-HH while TK-105 reads at HH: P-103 is held stopped', () => {
    const sim = new PlantSim();
    // The PLC acts on what it reads: a drifting LT-105 reaching 95 % trips the interlock.
    sim.addFault({ id: 'd', kind: 'sensor-drift', target: 'LT-105', magnitude: 95 });
    run(sim, 30);
    expect(sim.activeInterlocks()).toContain('IL-105-HH');
    expect(sim.read('P-103.CMD')).toBe(false);
    expect(sim.read('P-103.RUN')).toBe(false);
    sim.removeFault('d');
    run(sim, 30);
    expect(sim.activeInterlocks()).not.toContain('IL-105-HH');
    // Held, not restarted: the operator restarts it.
    expect(sim.read('P-103.CMD')).toBe(false);
    sim.write('P-103.CMD', true);
    run(sim, 30);
    expect(sim.read('P-103.RUN')).toBe(true);
  }, 120_000);

  it('executes IL-510-HH: high distillate conductivity diverts the distillate to TK-402', () => {
    const sim = new PlantSim();
    sim.addFault({ id: 'c', kind: 'sensor-drift', target: 'AIC-510', magnitude: 20000 });
    run(sim, 60);
    expect(sim.activeInterlocks()).toContain('IL-510-HH');
    expect(sim.read('XV-510.CMD')).toBe(true);
    expect(sim.read('XV-510.POS')).toBe(true);
  }, 120_000);

  it('evaluates any interlock the plant file defines, with no copy of them in the code', () => {
    const text = readFileSync(PILOT_PLANT_FILE, 'utf8').replace(
      /^interlocks:\n/m,
      [
        'interlocks:',
        '  - id: IL-TEST-001',
        '    description: Test interlock on the make-up flow reading',
        '    when: { all: [{ tag: FT-001, op: gt, value: 0.2, forS: 20 }, { tag: LT-002, op: lt, value: 90 }] }',
        '    actions: [{ tag: P-703.CMD, value: false }, { tag: FIC-302.MODE, value: 0 }]',
        '    reason: test',
        '    enforcedBy: [plc]',
        '',
      ].join('\n'),
    );
    const sim = new PlantSim({ plant: parsePlant(text, { source: 'test.yaml' }) });
    sim.step(2);
    expect(sim.read('P-703.CMD')).toBe(true);
    run(sim, 30);
    expect(sim.activeInterlocks()).toContain('IL-TEST-001');
    expect(sim.read('P-703.CMD')).toBe(false);
    expect(sim.read('FIC-302.MODE')).toBe(0);
  }, 120_000);
});
