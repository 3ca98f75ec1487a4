import { loadPlantFile } from '@zld/plant';
import { WriteRefusedError } from '@zld/protocols';
import { describe, expect, it } from 'vitest';
import type { TagReader } from './conditions.js';
import { PlantSim } from './plant-sim.js';
import { InterlockGuard, refusedWriteFlagOf } from './plc-interlocks.js';

const plant = loadPlantFile();
const levels =
  (values: Record<string, number | boolean>): TagReader =>
  (tag) =>
    values[tag] ?? 0;
const never = () => false;

describe('the PLC interlock guard', () => {
  it('names each PLC its flag tag, and the pilot file defines one per PLC', () => {
    expect(refusedWriteFlagOf('PLC-300')).toBe('UA-300');
    for (const p of plant.plcs) {
      const t = plant.tag(refusedWriteFlagOf(p.id));
      expect(t).toMatchObject({ plc: p.id, dataType: 'bool', writable: true });
      expect(t.alarms?.DISCRETE).toMatchObject({ activeWhen: true });
    }
  });

  it('marks IL-ZLD-OUTFALL and every interlock with blocks as enforced by the PLC', () => {
    for (const il of plant.interlocks.filter((i) => i.blocks.length > 0))
      expect(il.enforcedBy, il.id).toContain('plc');
  });

  it('refuses what a plc interlock blocks while its condition holds, latching the flag', () => {
    const g = new InterlockGuard(plant);
    expect(() => g.check('P-103.CMD', true, never, levels({ 'LT-105': 50 }))).not.toThrow();
    expect(g.read('UA-100')).toBe(false);
    const high = levels({ 'LT-105': 96 });
    expect(() => g.check('P-103.CMD', true, never, high)).toThrow(WriteRefusedError);
    expect(() => g.check('P-103.CMD', 1, never, high)).toThrow(/IL-105-HH: TK-105 is at HH/);
    expect(() => g.check('P-103.CMD', false, never, high)).not.toThrow();
    expect(g.read('UA-100')).toBe(true);
    expect(g.read('UA-300')).toBe(false);
    // Active at the last scan is enough, whatever the values say now.
    expect(() => g.check('P-103.CMD', true, (id) => id === 'IL-105-HH')).toThrow(/IL-105-HH/);
  });

  it('refuses the outfall always, even with no values to read (before the first scan)', () => {
    const g = new InterlockGuard(plant);
    expect(() => g.check('XV-901.CMD', true, never, levels({}))).toThrow(/IL-ZLD-OUTFALL/);
    expect(() => g.check('XV-901.CMD', true, never)).toThrow(/IL-ZLD-OUTFALL/);
    expect(g.read('UA-300')).toBe(true);
  });

  it('resets a flag on a write of 0 and refuses a write of 1', () => {
    const g = new InterlockGuard(plant);
    expect(() => g.check('XV-901.CMD', true, never)).toThrow(WriteRefusedError);
    expect(() => g.write('UA-300', true)).toThrow(/only the PLC sets/);
    expect(g.write('UA-300', false)).toBe(true);
    expect(g.read('UA-300')).toBe(false);
    expect(g.write('XV-901.CMD', false)).toBe(false);
  });

  it('holds in the plant: a refused write leaves the outfall closed through the scans', () => {
    const sim = new PlantSim({ plant });
    expect(() => sim.write('XV-901.CMD', true)).toThrow(WriteRefusedError);
    sim.step(30);
    expect(sim.read('XV-901.CMD')).toBe(false);
    expect(sim.read('ZSC-901')).toBe(true);
    expect(sim.read('UA-300')).toBe(true);
    expect(sim.truth().tags['UA-300']).toBe(true);
    sim.write('UA-300', false);
    expect(sim.read('UA-300')).toBe(false);
  });
});
