import { describe, it, expect } from 'vitest';
import { heaterForSteady, thermalSteady, thermalStep } from './thermal.js';

const P = { massKg: 60, cp: 4.0, lossKwK: 0.02, ambientC: 20 };

describe('vessel heat balance', () => {
  it('settles at the steady temperature with time constant M·cp/(F·cp + UA)', () => {
    const u = { heaterKw: 2, flowKgH: 30, inletC: 25 };
    const tInf = thermalSteady(P, u);
    const tau = (P.massKg * P.cp) / ((30 / 3600) * P.cp + P.lossKwK);
    let t = 25;
    t = thermalStep(P, t, u, tau);
    expect((t - 25) / (tInf - 25)).toBeCloseTo(1 - Math.exp(-1), 9);
    for (let i = 0; i < 100; i++) t = thermalStep(P, t, u, tau / 5);
    expect(t).toBeCloseTo(tInf, 6);
  });

  it('gives the heater duty for a steady temperature', () => {
    const q = heaterForSteady(P, 80, 30, 25);
    expect(thermalSteady(P, { heaterKw: q, flowKgH: 30, inletC: 25 })).toBeCloseTo(80, 9);
  });
});
