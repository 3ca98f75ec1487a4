import { describe, expect, it } from 'vitest';
import { fractionOf, limitZone, maiGeometry } from './mai-geometry.js';

// LIC-402 in the pilot plant: range 0-100 %, normal 30-70, LL 10 / L 20 / H 80 / HH 90.
const lic402 = {
  range: [0, 100] as [number, number],
  normal: [30, 70] as [number, number],
  limits: { LL: 10, L: 20, H: 80, HH: 90 },
};

describe('moving analog indicator geometry', () => {
  it('places every configured limit exactly where the definition puts it', () => {
    const g = maiGeometry(lic402, 50, 55);
    expect(g.limits.map((m) => [m.name, m.value, m.at])).toEqual([
      ['LL', 10, 0.1],
      ['L', 20, 0.2],
      ['H', 80, 0.8],
      ['HH', 90, 0.9],
    ]);
    expect(g.normal).toEqual([0.3, 0.7]);
    expect(g.setpoint).toBeCloseTo(0.55);
    expect(g.pointer).toBeCloseTo(0.5);
    expect(g.lowZone).toEqual([0, 0.2]);
    expect(g.highZone).toEqual([0.8, 1]);
    expect(g.zone).toBeNull();
  });

  it('works on an offset range (DIC-507 0.9-1.4 kg/L)', () => {
    const g = maiGeometry(
      { range: [0.9, 1.4], normal: [1.16, 1.18], limits: { L: 1.12, H: 1.19, HH: 1.2 } },
      1.195,
      null,
    );
    expect(g.limits.map((m) => m.name)).toEqual(['L', 'H', 'HH']);
    expect(g.limits[0]!.at).toBeCloseTo(0.44);
    expect(g.pointer).toBeCloseTo(0.59);
    expect(g.zone).toBe('H');
    expect(g.lowZone![1]).toBeCloseTo(0.44);
  });

  it('pins an out-of-range value to the end and says which end', () => {
    expect(maiGeometry(lic402, 120).over).toBe('above');
    expect(maiGeometry(lic402, 120).pointer).toBe(1);
    expect(maiGeometry(lic402, -5).over).toBe('below');
    expect(maiGeometry(lic402, -5).pointer).toBe(0);
  });

  it('draws no pointer without a usable value and no zones without limits', () => {
    const g = maiGeometry({ range: [0, 10] }, null);
    expect(g.pointer).toBeNull();
    expect(g.limits).toEqual([]);
    expect(g.lowZone).toBeNull();
    expect(g.highZone).toBeNull();
    expect(g.normal).toBeNull();
  });

  it('reports the worst limit passed', () => {
    expect(limitZone(95, lic402.limits)).toBe('HH');
    expect(limitZone(85, lic402.limits)).toBe('H');
    expect(limitZone(15, lic402.limits)).toBe('L');
    expect(limitZone(5, lic402.limits)).toBe('LL');
    expect(limitZone(50, lic402.limits)).toBeNull();
    expect(limitZone(0.3, { H: 0.2 })).toBe('H');
  });

  it('clamps fractions and survives an empty span', () => {
    expect(fractionOf(5, [0, 10])).toBe(0.5);
    expect(fractionOf(50, [0, 10])).toBe(1);
    expect(fractionOf(5, [3, 3])).toBe(0);
  });
});
