import { describe, it, expect } from 'vitest';
import {
  neutralise,
  MOLAR_MASS,
  phFromNetAcid,
  phOf,
  reagentStream,
  REAGENTS,
  saponificationWaterKg,
} from './reactions.js';

describe('reactions', () => {
  it('neutralises HCl with NaOH into NaCl and 18 g of water per mol, mass conserved', () => {
    const r = neutralise(1, { HCl: 0.36461, NaOH: 0.5 * 0.39997 });
    expect(r.water - 1).toBeCloseTo(5 * 0.018015, 12);
    expect(r.solutes['NaOH']).toBe(0);
    expect(r.solutes['HCl']).toBeCloseTo(5 * MOLAR_MASS.HCl, 12);
    expect(r.solutes['NaCl']).toBeCloseTo(5 * MOLAR_MASS.NaCl, 12);
    const before = 1 + 0.36461 + 0.5 * 0.39997;
    const after = r.water + Object.values(r.solutes).reduce((a, b) => a + b, 0);
    expect(after).toBeCloseTo(before, 12);
  });

  it('makes the nominal 0.75 kg/h of reaction water from the plant NaOH use (about 2.24 L/h of 50 %)', () => {
    const naoh = reagentStream(REAGENTS.naoh50, 2.24);
    expect(naoh.water).toBeCloseTo(1.7, 1);
    const mol = (naoh.solutes['NaOH'] ?? 0) / MOLAR_MASS.NaOH;
    expect(saponificationWaterKg(mol)).toBeCloseTo(0.766, 2);
    const hcl = reagentStream(REAGENTS.hcl32, 4.44);
    expect(hcl.water).toBeCloseTo(3.5, 1);
  });

  it('gives strong acid and base pH', () => {
    expect(phFromNetAcid(0.01)).toBeCloseTo(2, 6);
    expect(phFromNetAcid(-0.01)).toBeCloseTo(12, 6);
    expect(phFromNetAcid(0)).toBeCloseTo(7, 6);
    expect(phFromNetAcid(1)).toBeCloseTo(0, 6);
    const v = { water: 1, solutes: { HCl: 0.00036461 } };
    expect(phOf(v.water, v.solutes)).toBeCloseTo(2, 2);
  });

  it('softens the titration curve with a buffer so a pH loop has a usable gain', () => {
    const buf = [{ molL: 0.01, pKa: 7.2, baseFraction: 0.5 }];
    expect(phFromNetAcid(0, buf)).toBeCloseTo(7.2, 3);
    // 1 mM of strong base moves an unbuffered liquor by ~4 pH, a buffered one by a fraction of a unit.
    const unbuffered = phFromNetAcid(-0.001) - phFromNetAcid(0);
    const buffered = phFromNetAcid(-0.001, buf) - phFromNetAcid(0, buf);
    expect(unbuffered).toBeGreaterThan(3.9);
    expect(buffered).toBeGreaterThan(0.1);
    expect(buffered).toBeLessThan(0.3);
  });
});

describe('oxalic acid neutralisation', () => {
  it('takes two NaOH per oxalic acid after the HCl and makes two waters', () => {
    const r = neutralise(1, {
      HCl: MOLAR_MASS.HCl,
      oxalic: MOLAR_MASS.oxalic,
      NaOH: 2 * MOLAR_MASS.NaOH,
    });
    expect(r.solutes['HCl']).toBe(0);
    expect(r.solutes['oxalic']).toBeCloseTo(0.5 * MOLAR_MASS.oxalic, 12);
    expect(r.solutes['Na2C2O4']).toBeCloseTo(0.5 * MOLAR_MASS.Na2C2O4, 12);
    expect(r.water - 1).toBeCloseTo(2 * MOLAR_MASS.H2O, 12);
    const mass = (x: { water: number; solutes: Record<string, number> }) =>
      x.water + Object.values(x.solutes).reduce((a, b) => a + b, 0);
    expect(mass(r)).toBeCloseTo(1 + MOLAR_MASS.HCl + MOLAR_MASS.oxalic + 2 * MOLAR_MASS.NaOH, 12);
  });
});
