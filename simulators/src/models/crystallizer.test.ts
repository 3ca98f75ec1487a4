import { describe, it, expect } from 'vitest';
import type { CrystallizerInputs, CrystallizerParams, CrystallizerState } from './crystallizer.js';
import {
  CRYSTALS,
  crystallizerInitial,
  crystallizerPressureKpa,
  crystallizerStep,
  solidsWtPct,
} from './crystallizer.js';
import { accumulate, closes, emptyTerms, relativeResidual } from './ledger.js';
import { naclSolubility, saturatedSaltKg } from './solubility.js';

const P: CrystallizerParams = {
  areaM2: 0.08,
  heightM: 1,
  vapourSpaceM3: 0.3,
  tauCrystS: 600,
  condenserUaKwK: 0.3,
  coolingWaterC: 30,
  vacuumKgHAt100: 3,
  vacuumRefKpa: 16,
  lossFrac: 0.014,
  heatLossKw: 0.2,
};
const FEED = { water: 9.8, solutes: { NaCl: 2.7, other: 0.02 } };
const BASE: CrystallizerInputs = {
  feeds: { concentrate: FEED },
  heaterKw: 6.8,
  vacuumOpenPct: 20,
  slurryLh: 0,
  purgeLh: 0.3,
  circulationM3h: 4,
};

function run(s0: CrystallizerState, seconds: number, u: Partial<CrystallizerInputs> = {}, dt = 1) {
  let s = s0;
  const total = emptyTerms();
  let out = crystallizerStep(P, s, { ...BASE, ...u }, dt).out;
  for (let t = 0; t < seconds; t += dt) {
    const r = crystallizerStep(P, s, { ...BASE, ...u }, dt);
    expect(closes(r.out.water, s.water + s.vapourKg)).toBe(true);
    accumulate(total, r.out.water);
    s = r.state;
    out = r.out;
  }
  return { s, out, total };
}

describe('FC crystallizer', () => {
  const s0 = crystallizerInitial(P, 60, 20, 16, { other: 0.05 });

  it('starts saturated with the solids asked for', () => {
    expect(solidsWtPct(s0)).toBeCloseTo(20, 6);
    expect(crystallizerPressureKpa(P, s0)).toBeCloseTo(16, 6);
  });

  it('relaxes supersaturation toward solubility with its time constant', () => {
    // A closed vessel (no heat, no condenser, no flows): only the excess dissolved salt moves.
    const closed: CrystallizerParams = { ...P, condenserUaKwK: 0, heatLossKw: 0 };
    const still: CrystallizerInputs = {
      ...BASE,
      feeds: {},
      heaterKw: 0,
      vacuumOpenPct: 0,
      purgeLh: 0,
    };
    const extra: CrystallizerState = {
      ...s0,
      solutes: { ...s0.solutes, NaCl: (s0.solutes['NaCl'] ?? 0) + 1 },
    };
    const excess = (s: CrystallizerState): number =>
      (s.solutes['NaCl'] ?? 0) - saturatedSaltKg(s.water, naclSolubility(s.tC));
    let s = crystallizerStep(closed, extra, still, 1e-6).state;
    const e0 = excess(s);
    for (let t = 0; t < 600; t++) s = crystallizerStep(closed, s, still, 1).state;
    expect(excess(s) / e0).toBeCloseTo(Math.exp(-1), 1);
    for (let t = 0; t < 6000; t++) s = crystallizerStep(closed, s, still, 1).state;
    expect(Math.abs(excess(s))).toBeLessThan(1e-3);
  });

  it('boils what the heater supplies and crystallises the salt of the feed', () => {
    const r = run(s0, 4 * 3600, {}, 2);
    expect(r.out.boilKgH).toBeGreaterThan(8.5);
    expect(r.out.boilKgH).toBeLessThan(11);
    expect(r.out.crystallisedKgH).toBeGreaterThan(2.3);
    expect(r.out.crystallisedKgH).toBeLessThan(3);
    expect(r.out.tC).toBeGreaterThan(55);
    expect(r.out.heaterOutletC).toBeGreaterThan(r.out.tC);
    // The purge is clear liquor: no crystals leave with it.
    expect(r.out.purge.solutes[CRYSTALS] ?? 0).toBe(0);
    expect(relativeResidual(r.total)).toBeLessThan(1e-9);
  });

  it('slurry leaves with its crystals; more vacuum lowers the pressure', () => {
    const r = run(s0, 600, { slurryLh: 10 }, 1);
    const sl = r.out.slurry;
    expect(
      (sl.solutes[CRYSTALS] ?? 0) /
        (sl.water + Object.values(sl.solutes).reduce((a, b) => a + b, 0)),
    ).toBeCloseTo(solidsWtPct(r.s) / 100, 1);
    const closed = run(s0, 1800, { vacuumOpenPct: 0 }, 1).out.pKpa;
    const open = run(s0, 1800, { vacuumOpenPct: 80 }, 1).out.pKpa;
    expect(open).toBeLessThan(closed);
  });
});
