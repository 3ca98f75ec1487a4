import { describe, it, expect } from 'vitest';
import { integrate, lagFraction, substeps } from './substep.js';

describe('substeps', () => {
  it('splits a frame so each substep is at most tauMin/5', () => {
    expect(substeps(1, 1)).toEqual({ n: 5, h: 0.2 });
    expect(substeps(0.1, 1)).toEqual({ n: 1, h: 0.1 });
    expect(substeps(0.2, 1).n).toBe(1);
    const s = substeps(7, 2);
    expect(s.n).toBe(18);
    expect(s.h).toBeLessThanOrEqual(0.4);
    expect(s.n * s.h).toBeCloseTo(7, 12);
  });

  it('keeps explicit Euler accurate on the fastest lag', () => {
    const exact = Math.exp(-1);
    const coarse = 1 + -1 * 1; // one Euler step of dt = tau: 0
    const fine = integrate(1, 1, 1, (x, h) => x - x * h);
    expect(coarse).toBe(0);
    expect(Math.abs(fine - exact)).toBeLessThan(0.05);
  });

  it('gives the exact first-order lag fraction', () => {
    expect(lagFraction(2, 2)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(lagFraction(1, 0)).toBe(1);
  });
});
