import { describe, it, expect } from 'vitest';
import type { CentrifugeParams } from './centrifuge.js';
import { centrifugePerformance, centrifugeStep } from './centrifuge.js';
import { CRYSTALS } from './crystallizer.js';
import { relativeResidual } from './ledger.js';

const P: CentrifugeParams = {
  nominalRpm: 2000,
  recovery: 0.98,
  moisturePct: 4.5,
  vibrationMmS: 1.8,
};
const SLURRY = { water: 8, solutes: { NaCl: 3, other: 0.2, [CRYSTALS]: 2.8 } };

describe('centrifuge', () => {
  it('makes a cake of 3-6 % moisture with 95-99 % solids recovery; the rest is centrate', () => {
    const r = centrifugeStep(P, { slurry: SLURRY, speedRpm: 2000, running: true }, 3600);
    expect(r.moisturePct).toBeCloseTo(4.5, 6);
    expect(r.recovery).toBeCloseTo(0.98, 9);
    expect(r.cake.solutes[CRYSTALS]).toBeCloseTo(2.8 * 0.98, 9);
    expect(r.centrate.solutes[CRYSTALS]).toBeCloseTo(2.8 * 0.02, 9);
    expect(r.cakeKgH).toBeGreaterThan(2.8);
    expect(r.centrate.water + r.cake.water).toBeCloseTo(8, 12);
    expect(relativeResidual(r.water)).toBeLessThan(1e-12);
    for (const rpm of [1500, 2500]) {
      const perf = centrifugePerformance(P, rpm);
      expect(perf.recovery).toBeGreaterThanOrEqual(0.95);
      expect(perf.recovery).toBeLessThanOrEqual(0.99);
      expect(perf.moisturePct).toBeGreaterThanOrEqual(3);
      expect(perf.moisturePct).toBeLessThanOrEqual(6);
    }
  });

  it('vibrates with speed squared and with imbalance; stopped, everything goes to centrate', () => {
    const a = centrifugeStep(P, { slurry: SLURRY, speedRpm: 2000, running: true }, 1).vibrationMmS;
    const b = centrifugeStep(P, { slurry: SLURRY, speedRpm: 1000, running: true }, 1).vibrationMmS;
    expect(a / b).toBeCloseTo(4, 9);
    expect(
      centrifugeStep(P, { slurry: SLURRY, speedRpm: 2000, running: true, imbalance: 3 }, 1)
        .vibrationMmS,
    ).toBeCloseTo(3 * a, 9);
    const off = centrifugeStep(P, { slurry: SLURRY, speedRpm: 0, running: false }, 1);
    expect(off.cakeKgH).toBe(0);
    expect(off.centrate.water).toBe(8);
  });
});
