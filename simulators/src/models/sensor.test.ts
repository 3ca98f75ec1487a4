import { describe, it, expect } from 'vitest';
import type { SensorParams } from './sensor.js';
import { quantise, sensorInitial, sensorStep } from './sensor.js';

const FLOW: SensorParams = {
  span: [0, 100],
  tauS: 1,
  noise: 0.0025,
  noiseBasis: 'reading',
  bits: 16,
};

function stats(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, sd: Math.sqrt(v) };
}

describe('sensor', () => {
  it('lags the true value with its time constant and keeps the truth', () => {
    const p: SensorParams = { span: [0, 100], tauS: 10, bits: 0 };
    let s = sensorInitial(p, 0, 1);
    for (let t = 0; t < 10 - 1e-9; t += 0.1) s = sensorStep(p, s, 50, 0.1);
    expect(s.measured / 50).toBeCloseTo(1 - Math.exp(-1), 3);
    expect(s.truth).toBe(50);
  });

  it('adds Gaussian noise of the configured sigma (fraction of reading)', () => {
    let s = sensorInitial(FLOW, 40, 7);
    const xs: number[] = [];
    for (let i = 0; i < 20000; i++) {
      s = sensorStep(FLOW, s, 40, 1);
      xs.push(s.measured);
    }
    const { mean, sd } = stats(xs);
    expect(mean).toBeCloseTo(40, 1);
    expect(sd / (0.0025 * 40)).toBeCloseTo(1, 1);
  });

  it('noise as a fraction of span', () => {
    const p: SensorParams = { span: [0, 14], tauS: 0.001, noise: 0.02 / 14, noiseBasis: 'span' };
    let s = sensorInitial(p, 7, 3);
    const xs: number[] = [];
    for (let i = 0; i < 20000; i++) {
      s = sensorStep(p, s, 7, 1);
      xs.push(s.measured);
    }
    expect(stats(xs).sd).toBeCloseTo(0.02, 2);
  });

  it('quantises to 16 bits over the span and saturates at its ends', () => {
    const step = 100 / 65535;
    const q = quantise(FLOW, 12.3456789);
    expect(Math.abs(q - 12.3456789)).toBeLessThanOrEqual(step / 2 + 1e-12);
    expect(Math.round((q / step) * 1e6) / 1e6).toBe(Math.round(q / step));
    expect(quantise(FLOW, 140)).toBe(100);
    expect(quantise(FLOW, -3)).toBe(0);
  });

  it('is reproducible from its seed', () => {
    const run = (seed: number) => {
      let s = sensorInitial(FLOW, 50, seed);
      const xs: number[] = [];
      for (let i = 0; i < 50; i++) xs.push((s = sensorStep(FLOW, s, 50, 1)).measured);
      return xs;
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('drifts by a fixed or growing % of reading', () => {
    const p: SensorParams = { span: [0, 100], tauS: 0.001, bits: 0 };
    let s = sensorInitial(p, 50, 1);
    s = sensorStep(p, s, 50, 1, { driftPct: 2 });
    expect(s.measured).toBeCloseTo(51, 9);
    expect(s.truth).toBe(50);
    let g = sensorInitial(p, 50, 1);
    for (let i = 0; i < 3600; i++) g = sensorStep(p, g, 50, 1, { driftRatePctPerH: 1 });
    expect(g.measured).toBeCloseTo(50.5, 6);
    g = sensorStep(p, g, 50, 1, {});
    expect(g.measured).toBeCloseTo(50, 9);
  });

  it('freezes when stuck and recovers when the fault clears', () => {
    const p: SensorParams = { span: [0, 100], tauS: 0.001, bits: 0 };
    let s = sensorStep(p, sensorInitial(p, 30, 1), 30, 1);
    for (let i = 0; i < 10; i++) s = sensorStep(p, s, 30 + i * 5, 1, { stuck: true });
    expect(s.measured).toBe(30);
    expect(s.truth).toBe(75);
    s = sensorStep(p, s, 75, 1);
    expect(s.measured).toBeCloseTo(75, 6);
  });

  it('adds extra noise on a noise fault', () => {
    let s = sensorInitial(FLOW, 40, 5);
    const xs: number[] = [];
    for (let i = 0; i < 5000; i++) {
      s = sensorStep(FLOW, s, 40, 1, { extraNoisePctSpan: 2 });
      xs.push(s.measured);
    }
    expect(stats(xs).sd).toBeGreaterThan(1.5);
  });

  it('delays an analyser by its dead time', () => {
    const p: SensorParams = { span: [0, 10], tauS: 1, deadTimeS: 300, bits: 0 };
    let s = sensorInitial(p, 0, 1);
    for (let t = 0; t < 60; t++) s = sensorStep(p, s, 5, 1);
    expect(s.measured).toBeLessThan(0.1);
    for (let t = 0; t < 1200; t++) s = sensorStep(p, s, 5, 1);
    expect(s.measured).toBeCloseTo(5, 1);
  });
});
