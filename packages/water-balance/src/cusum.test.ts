import { describe, expect, it } from 'vitest';
import { Cusum } from './cusum.js';

describe('Cusum', () => {
  it('stays at zero while the residual is within the slack', () => {
    const c = new Cusum(0.5, 20);
    for (let i = 0; i < 1000; i++) c.step(i % 2 ? 0.4 : -0.4, 1);
    expect(c.state.loss).toBe(0);
    expect(c.state.gain).toBe(0);
    expect(c.side).toBeNull();
    expect(c.alarm).toBe(false);
  });

  it('detects a small persistent loss after threshold / (r - k) hours', () => {
    const c = new Cusum(0.5, 20);
    let hours = 0;
    while (!c.alarm) {
      c.step(1.5 / 360, 1 / 360); // 1.5 kg/h in 10 s steps
      hours += 1 / 360;
    }
    expect(hours).toBeCloseTo(20, 1);
    expect(c.side).toBe('loss');
    expect(c.signed).toBeGreaterThan(20);
  });

  it('reports a gain with a negative sign', () => {
    const c = new Cusum(0, 1);
    c.step(-2, 1);
    expect(c.side).toBe('gain');
    expect(c.signed).toBe(-2);
    expect(c.alarm).toBe(true);
  });

  it('holds its sums while frozen, and clears on reset', () => {
    const c = new Cusum(0, 100);
    c.step(5, 1);
    c.freeze();
    expect(c.state).toMatchObject({ loss: 5, frozen: true });
    c.step(1, 1);
    expect(c.state).toMatchObject({ loss: 6, frozen: false, steps: 2 });
    c.reset();
    expect(c.state).toEqual({ loss: 0, gain: 0, steps: 0, frozen: false });
  });
});
