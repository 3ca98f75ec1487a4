import { describe, it, expect } from 'vitest';
import { bpeK, latentHeatKjKg, psatKpa, tsatC, vapourDensity } from './steam.js';

describe('water properties', () => {
  it('Antoine saturation curve', () => {
    expect(tsatC(101.325)).toBeCloseTo(100, 0);
    expect(psatKpa(80)).toBeCloseTo(47.4, 0);
    expect(tsatC(psatKpa(62.3))).toBeCloseTo(62.3, 6);
    expect(tsatC(psatKpa(120))).toBeCloseTo(120, 6);
    expect(tsatC(16)).toBeCloseTo(55.3, 0);
  });

  it('latent heat and vapour density', () => {
    expect(latentHeatKjKg(100)).toBeCloseTo(2257, 0);
    expect(vapourDensity(101.325, 100)).toBeCloseTo(0.588, 2);
  });

  it('boiling-point elevation i·Kb·m: 4.7 K ideal at 21 wt % NaCl, 6.3 K at saturation', () => {
    expect(bpeK(0.79, { NaCl: 0.21 }, 1)).toBeCloseTo(4.66, 1);
    expect(bpeK(0.736, { NaCl: 0.264 }, 1)).toBeCloseTo(6.3, 1);
    // Real brines run 1-2 K higher.
    expect(bpeK(0.79, { NaCl: 0.21 }) - bpeK(0.79, { NaCl: 0.21 }, 1)).toBeGreaterThan(1);
    expect(bpeK(0.79, { NaCl: 0.21, crystals: 5 }, 1)).toBeCloseTo(4.66, 1);
  });
});
