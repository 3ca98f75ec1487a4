import { describe, it, expect } from 'vitest';
import { densityKgL, volumeL } from './liquid.js';
import { naclSolubility, nh4clSolubility, saturatedSaltKg, saturationWtPct } from './solubility.js';

describe('solubility on one basis (g per 100 g water)', () => {
  it('NaCl 35.9 at 20 °C and 39.2 at 100 °C; NH4Cl from the table', () => {
    expect(naclSolubility(20)).toBeCloseTo(35.9, 9);
    expect(naclSolubility(100)).toBeCloseTo(39.2, 9);
    expect(nh4clSolubility(40)).toBeCloseTo(46, 9);
    expect(nh4clSolubility(50)).toBeCloseTo(50.65, 9);
  });

  it('a saturated brine is about 26.4 wt %, 1.20 kg/L and 317 g NaCl per litre of solution', () => {
    const g = naclSolubility(20);
    expect(saturationWtPct(g)).toBeCloseTo(26.4, 1);
    const salt = saturatedSaltKg(1, g);
    const rho = densityKgL(1, { NaCl: salt });
    expect(rho).toBeCloseTo(1.2, 2);
    const perLitreSolution = (salt / volumeL(1, { NaCl: salt })) * 1000;
    expect(perLitreSolution).toBeGreaterThan(310);
    expect(perLitreSolution).toBeLessThan(325);
    // "360 g/L" is per litre of water, not of solution.
    expect(salt * 1000).toBeCloseTo(359, 0);
  });
});
