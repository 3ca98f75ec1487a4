import { describe, it, expect } from 'vitest';
import type { EvaporatorInputs, EvaporatorParams, EvaporatorState } from './evaporator.js';
import {
  compressorRatio,
  evaporatorInitial,
  evaporatorPressureKpa,
  evaporatorStep,
} from './evaporator.js';
import { accumulate, closes, emptyTerms, relativeResidual } from './ledger.js';
import { soluteMass, streamOf } from './liquid.js';

const P: EvaporatorParams = {
  areaM2: 0.05,
  heightM: 1,
  uaKwK: 4.3,
  vapourSpaceM3: 0.5,
  displacementM3s: 0.0456,
  ratioAt100: 1.858,
  ventKgHAt100: 10,
  ventRefKpa: 47.5,
  lossFrac: 0.014,
  heatLossKw: 0.3,
  mechLossKw: 0.2,
};
const FEED = streamOf(50, { NaCl: 0.0553 });

/** Runs with a proportional level controller on the concentrate draw. */
function run(s0: EvaporatorState, hours: number, u: Partial<EvaporatorInputs> = {}) {
  let s = s0;
  let conc = 11;
  const total = emptyTerms();
  let out = evaporatorStep(
    P,
    s,
    { feed: FEED, concentrateLh: conc, speedPct: 85, ventOpenPct: 20, ...u },
    1,
  ).out;
  for (let t = 0; t < hours * 3600; t++) {
    const r = evaporatorStep(
      P,
      s,
      { feed: FEED, concentrateLh: conc, speedPct: 85, ventOpenPct: 20, ...u },
      1,
    );
    expect(closes(r.out.water, s.water + s.vapourKg)).toBe(true);
    accumulate(total, r.out.water);
    s = r.state;
    out = r.out;
    conc = Math.max(0, 11 + 2 * (r.out.levelPct - 50));
  }
  return { s, out, total };
}

describe('MVR evaporator', () => {
  const s0 = evaporatorInitial(P, 50, { NaCl: 0.266 }, 47.5);

  it('starts where it was put', () => {
    expect(evaporatorPressureKpa(P, s0)).toBeCloseTo(47.5, 6);
    expect(compressorRatio(P, 0)).toBe(1);
  });

  it('settles to the steady mass and solute balance V = F·(1 − xF/xB), with the duty, power and BPE in range', () => {
    const { s, out, total } = run(s0, 8);
    const xF = (FEED.solutes['NaCl'] ?? 0) / (FEED.water + soluteMass(FEED.solutes));
    const xB = (s.solutes['NaCl'] ?? 0) / (s.water + soluteMass(s.solutes));
    const feedKgH = FEED.water + soluteMass(FEED.solutes);
    expect(out.boilKgH).toBeCloseTo(feedKgH * (1 - xF / xB), 0);
    expect(out.densityKgL).toBeGreaterThan(1.14);
    expect(out.densityKgL).toBeLessThan(1.2);
    expect(out.tBoilC).toBeGreaterThan(82);
    expect(out.tBoilC).toBeLessThan(88);
    expect(out.bpeK).toBeGreaterThan(5);
    expect(out.p2Kpa).toBeGreaterThan(65);
    const kwhPerM3 = out.powerKw / (out.boilKgH / 1000);
    expect(kwhPerM3).toBeGreaterThan(25);
    expect(kwhPerM3).toBeLessThan(50);
    // Vapour leaves as distillate except the 1.4 % lost.
    expect(out.lossKgH / (out.compressorKgH + out.ventValveKgH)).toBeCloseTo(0.014, 6);
    expect(relativeResidual(total)).toBeLessThan(1e-9);
  });

  it('boils faster and makes denser concentrate at higher compressor speed', () => {
    const lo = run(s0, 2, { speedPct: 80 }).out;
    const hi = run(s0, 2, { speedPct: 95 }).out;
    expect(hi.boilKgH).toBeGreaterThan(lo.boilKgH);
    expect(hi.densityKgL).toBeGreaterThan(lo.densityKgL);
    expect(hi.powerKw).toBeGreaterThan(lo.powerKw);
  });

  it('stops boiling when the compressor stops', () => {
    const r = run(s0, 0.5, { speedPct: 0 }).out;
    expect(r.boilKgH).toBe(0);
    expect(r.powerKw).toBe(0);
  });

  it('the vent valve lowers the body pressure', () => {
    const shut = run(s0, 1, { ventOpenPct: 0 }).out;
    const open = run(s0, 1, { ventOpenPct: 60 }).out;
    expect(open.p1Kpa).toBeLessThan(shut.p1Kpa - 1);
  });

  it('a vent-loss fault loses vapour, a carry-over fault dirties the distillate', () => {
    const base = run(s0, 0.5).out;
    const lossy = run(s0, 0.5, { extraLossFrac: 0.1 }).out;
    expect(lossy.lossKgH).toBeGreaterThan(base.lossKgH + 3);
    expect(lossy.distillate.water).toBeLessThan(base.distillate.water - 3);
    const dirty = run(s0, 0.2, { carryOverFactor: 100 }).out;
    expect(dirty.distillate.solutes['NaCl'] ?? 0).toBeGreaterThan(
      50 * (base.distillate.solutes['NaCl'] ?? 0),
    );
  });
});
