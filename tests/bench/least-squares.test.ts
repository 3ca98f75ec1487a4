// The least-squares slope of the bench's memory figure: exact on lines, the fitted slope on noisy data, null when undefined.
import { describe, expect, it } from 'vitest';
import { leastSquaresSlope } from './least-squares.js';

describe('leastSquaresSlope', () => {
  it('is the slope of points on a line', () => {
    const line = [0, 1, 2, 3, 4].map((x) => ({ x, y: 100 + 2.5 * x }));
    expect(leastSquaresSlope(line)).toBeCloseTo(2.5, 12);
  });

  it('is 0 for a constant and negative for a falling series', () => {
    expect(leastSquaresSlope([1, 2, 3].map((x) => ({ x, y: 7 })))).toBe(0);
    expect(leastSquaresSlope([1, 2, 3].map((x) => ({ x, y: -x })))).toBeCloseTo(-1, 12);
  });

  it('fits noisy samples: alternating noise tilts the slope by its own fit', () => {
    const noisy = [0, 1, 2, 3, 4, 5].map((x, i) => ({ x, y: 3 * x + (i % 2 === 0 ? 1 : -1) }));
    // The alternating noise tilts the fit a little: -3 / 17.5 by hand, so 3 - 6/35.
    expect(leastSquaresSlope(noisy)).toBeCloseTo(3 - 6 / 35, 12);
  });

  it('is null with fewer than two points or a single x', () => {
    expect(leastSquaresSlope([])).toBeNull();
    expect(leastSquaresSlope([{ x: 1, y: 2 }])).toBeNull();
    expect(
      leastSquaresSlope([
        { x: 1, y: 2 },
        { x: 1, y: 5 },
      ]),
    ).toBeNull();
  });
});
