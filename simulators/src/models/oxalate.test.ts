import { describe, it, expect } from 'vitest';
import { HYDRATE_WATER_PER_MOL, OXALATE, oxalateYield, precipitateOxalate } from './oxalate.js';
import { MOLAR_MASS } from './reactions.js';

describe('oxalate precipitation', () => {
  it('yields 93 % at 100 %, 96.7 % at 120 %, 98.1 % at 140 % of stoichiometric oxalic acid', () => {
    expect(oxalateYield(1)).toBeCloseTo(0.93, 9);
    expect(oxalateYield(1.2)).toBeCloseTo(0.967, 9);
    expect(oxalateYield(1.4)).toBeCloseTo(0.981, 9);
  });

  it('binds 5 H2O per REE into the decahydrate and releases 3 H⁺ per REE', () => {
    const reeMol = 5.15;
    const feed = {
      water: 13,
      solutes: { REE: reeMol * MOLAR_MASS.REE, oxalic: 1.2 * 1.5 * reeMol * MOLAR_MASS.oxalic },
    };
    const p = precipitateOxalate(feed);
    expect(p.doseRatio).toBeCloseTo(1.2, 9);
    expect(p.yield).toBeCloseTo(0.967, 9);
    const n = reeMol * 0.967;
    expect(p.hydrateWaterKgH).toBeCloseTo(n * HYDRATE_WATER_PER_MOL, 9);
    expect(p.hydrateWaterKgH).toBeCloseTo(0.45, 2);
    expect(p.slurry.water).toBeCloseTo(13 - p.hydrateWaterKgH, 12);
    expect(p.slurry.solutes['HCl']).toBeCloseTo(3 * n * MOLAR_MASS.HCl, 9);
    expect(p.slurry.solutes[OXALATE]).toBeGreaterThan(1.8);
  });
});
