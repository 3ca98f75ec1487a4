import { describe, it, expect } from 'vitest';
import { createRng, deriveSeed, gaussian, Rng, uniform } from './rng.js';

describe('rng', () => {
  it('repeats a run from the same seed and differs for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xa = Array.from({ length: 100 }, () => uniform(a));
    expect(Array.from({ length: 100 }, () => uniform(b))).toEqual(xa);
    expect(Array.from({ length: 100 }, () => uniform(c))).not.toEqual(xa);
  });

  it('gives uniform samples in [0, 1) and standard normal samples', () => {
    const r = new Rng(1);
    let s = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100000; i++) {
      const u = r.uniform();
      s += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(s / 100000).toBeCloseTo(0.5, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const g = createRng(9);
    const xs = Array.from({ length: 100000 }, () => gaussian(g));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(0, 1);
    expect(sd).toBeCloseTo(1, 1);
    expect(xs.filter((x) => Math.abs(x) > 3).length / xs.length).toBeLessThan(0.005);
  });

  it('derives stable, distinct seeds per label', () => {
    expect(deriveSeed(1, 'FT-001')).toBe(deriveSeed(1, 'FT-001'));
    expect(deriveSeed(1, 'FT-001')).not.toBe(deriveSeed(1, 'FT-003'));
    expect(deriveSeed(1, 'FT-001')).not.toBe(deriveSeed(2, 'FT-001'));
  });
});
