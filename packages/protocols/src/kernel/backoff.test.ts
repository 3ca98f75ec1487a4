import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const o = { initialDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap, with jitter between half and all of the step', () => {
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, o, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, o, () => 0))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
  });

  it('spreads draws across the window', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3, o);
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
      seen.add(d);
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it('survives huge attempt counts', () => {
    expect(backoffDelay(10_000, o, () => 1)).toBe(1000);
  });
});
