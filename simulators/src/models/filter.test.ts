import { describe, it, expect } from 'vitest';
import { filterStep } from './filter.js';
import { relativeResidual } from './ledger.js';

describe('filter', () => {
  it('makes a cake at the set moisture and sends the rest (with the wash) to the filtrate', () => {
    const slurry = { water: 25, solutes: { residue: 2.2, REE: 0.74, NaCl: 0.1 } };
    const r = filterStep({ solids: ['residue'], recovery: 1, moisturePct: 26 }, slurry, 3600, {
      water: 0.5,
      solutes: {},
    });
    expect((100 * r.cake.water) / r.cakeKgH).toBeCloseTo(26, 9);
    expect(r.cake.solutes['residue']).toBe(2.2);
    expect(r.filtrate.solutes['residue']).toBeCloseTo(0, 12);
    expect(r.filtrate.water + r.cake.water).toBeCloseTo(25.5, 12);
    // The liquor caught in the cake carries its dissolved REE with it.
    expect((r.cake.solutes['REE'] ?? 0) / r.cake.water).toBeCloseTo(0.74 / 25, 12);
    expect(relativeResidual(r.water)).toBeLessThan(1e-12);
  });
});
