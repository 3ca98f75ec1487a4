import { describe, it, expect } from 'vitest';
import {
  CALCINE,
  hclDemandKgPerKg,
  ironPrecipitation,
  leachReaction,
  MAGNET_LEACH,
  magnetFeed,
  RESIDUE,
} from './leach.js';
import { MOLAR_MASS } from './reactions.js';

describe('leach chemistry', () => {
  it('needs about 3.5 mol HCl per mol REE and dissolves 99 % of the REE', () => {
    const demand = hclDemandKgPerKg(MAGNET_LEACH);
    const reeMol = (MAGNET_LEACH.reeFrac * MAGNET_LEACH.reeYield) / MOLAR_MASS.REE;
    expect(demand / MOLAR_MASS.HCl / reeMol).toBeCloseTo(MAGNET_LEACH.hclPerRee, 9);
    expect(MAGNET_LEACH.hclPerRee).toBeGreaterThan(3.3);
    expect(MAGNET_LEACH.hclPerRee).toBeLessThan(3.7);
    const r = leachReaction(MAGNET_LEACH)(20, { [CALCINE]: 1, HCl: 1 });
    expect(r.solutes[CALCINE]).toBe(0);
    expect(r.solutes['REE']).toBeCloseTo(MAGNET_LEACH.reeFrac * 0.99, 9);
    expect(r.solutes['HCl']).toBeCloseTo(1 - demand, 9);
    expect(r.solutes[RESIDUE]).toBeCloseTo(0.88, 9);
    expect(r.water).toBe(20);
  });

  it('is limited by the acid present', () => {
    const demand = hclDemandKgPerKg(MAGNET_LEACH);
    const r = leachReaction(MAGNET_LEACH)(20, { [CALCINE]: 1, HCl: demand / 2 });
    expect(r.solutes[CALCINE]).toBeCloseTo(0.5, 9);
    expect(r.solutes['HCl']).toBe(0);
  });

  it('carries 0.5 % feed moisture and precipitates Fe as the pH rises', () => {
    expect(magnetFeed(2.5).water).toBeCloseTo(0.0125, 12);
    const lo = ironPrecipitation(2.5)(1, { Fe: 1 }).solutes['Fe'] ?? 0;
    const hi = ironPrecipitation(3.75)(1, { Fe: 1 }).solutes['Fe'] ?? 0;
    expect(hi).toBeLessThan(0.05);
    expect(lo).toBeGreaterThan(hi);
  });
});
