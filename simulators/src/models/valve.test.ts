import { describe, it, expect } from 'vitest';
import type { ValveParams } from './valve.js';
import {
  characteristic,
  limitSwitches,
  onOffStep,
  valveF,
  valveFlowLh,
  valveInitial,
  valveResistance,
  valveStep,
} from './valve.js';

describe('valve characteristics', () => {
  it('linear, equal-percentage and quick-opening', () => {
    expect(characteristic('linear', 0.5)).toBe(0.5);
    expect(characteristic('equal-percentage', 1, 40)).toBe(1);
    expect(characteristic('equal-percentage', 0.5, 40)).toBeCloseTo(Math.pow(40, -0.5), 12);
    // Equal percentage: each 10 % of travel multiplies the flow by the same factor.
    const r1 =
      characteristic('equal-percentage', 0.6, 30) / characteristic('equal-percentage', 0.5, 30);
    const r2 =
      characteristic('equal-percentage', 0.9, 30) / characteristic('equal-percentage', 0.8, 30);
    expect(r1).toBeCloseTo(r2, 12);
    expect(characteristic('quick-opening', 0.25)).toBe(0.5);
    expect(characteristic('linear', 0)).toBe(0);
  });

  it('Q = Kv·f·√(ΔP/SG), and the same valve as a system resistance', () => {
    const q = valveFlowLh(2, 0.5, 4, 1.21);
    expect(q).toBeCloseTo(2 * 0.5 * Math.sqrt(4 / 1.21) * 1000, 9);
    // Head loss K·Q² at that flow equals ΔP/(ρg) with ρ = 1210 kg/m³.
    const head = valveResistance(2, 0.5) * q * q;
    expect((head * 1.21 * 1000 * 9.80665) / 1e5).toBeCloseTo(4, 3);
    expect(valveResistance(2, 0)).toBe(Infinity);
  });
});

describe('control valve actuator', () => {
  const P: ValveParams = { characteristic: 'linear', kv: 1, tauS: 2, deadbandPct: 0.5 };

  it('lags the command with its time constant', () => {
    let s = valveInitial(0);
    for (let t = 0; t < 2; t += 0.01) s = valveStep(P, s, 50, 0.01);
    expect(s.positionPct / 50).toBeCloseTo(1 - Math.exp(-1), 2);
    for (let t = 0; t < 30; t += 0.01) s = valveStep(P, s, 50, 0.01);
    expect(s.positionPct).toBeCloseTo(50, 4);
    expect(valveF(P, s)).toBeCloseTo(0.5, 6);
  });

  it('ignores command changes inside its deadband', () => {
    let s = valveInitial(50);
    for (let t = 0; t < 20; t += 0.1) s = valveStep(P, s, 50.4, 0.1);
    expect(s.positionPct).toBe(50);
    for (let t = 0; t < 20; t += 0.1) s = valveStep(P, s, 50.6, 0.1);
    expect(s.positionPct).toBeCloseTo(50.6, 3);
  });
});

describe('on/off valve', () => {
  it('strokes at constant speed and sets its limit switches', () => {
    const P = { strokeS: 5, kv: 1 };
    let s = valveInitial(0);
    expect(limitSwitches(s)).toEqual({ closed: true, open: false });
    for (let t = 0; t < 2.5 - 1e-9; t += 0.1) s = onOffStep(P, s, true, 0.1);
    expect(s.positionPct).toBeCloseTo(50, 6);
    expect(limitSwitches(s)).toEqual({ closed: false, open: false });
    for (let t = 0; t < 3; t += 0.1) s = onOffStep(P, s, true, 0.1);
    expect(limitSwitches(s)).toEqual({ closed: false, open: true });
  });
});
