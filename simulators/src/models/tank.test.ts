import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { closes, relativeResidual, residual } from './ledger.js';
import { densityKgL, streamOf } from './liquid.js';
import { neutralise } from './reactions.js';
import type { TankParams, TankState } from './tank.js';
import { tankAtLevel, tankLevelM, tankLevelPct, tankStep } from './tank.js';

const P: TankParams = {
  areaM2: 1,
  heightM: 1,
  overflowM: 0.95,
  weirCoeff: 1.84,
  weirWidthM: 0.05,
  overflowTo: 'bund',
};

describe('tank', () => {
  it('level follows volume over area', () => {
    const s = tankAtLevel(P, 50);
    expect(tankLevelPct(P, s)).toBeCloseTo(50, 9);
    expect(s.water).toBeCloseTo(500, 9);
    const brine = tankAtLevel(P, 50, { NaCl: 0.25 });
    expect(tankLevelM(P, brine)).toBeCloseTo(0.5, 9);
    // 20 wt% NaCl: about 1.145 kg/L (handbook 1.148).
    expect(densityKgL(brine.water, brine.solutes)).toBeCloseTo(1.145, 2);
  });

  it('holds its level when inflow equals outflow, and fills at (Qin − Qout)/A', () => {
    let s = tankAtLevel(P, 40);
    const feed = streamOf(100, {});
    for (let i = 0; i < 3600; i++)
      s = tankStep(P, s, { inflows: { feed }, outflows: { out: 100 } }, 1).state;
    expect(tankLevelPct(P, s)).toBeCloseTo(40, 6);
    for (let i = 0; i < 3600; i++)
      s = tankStep(P, s, { inflows: { feed }, outflows: { out: 50 } }, 1).state;
    // 50 L/h more in than out for 1 h on 1 m²: +50 mm.
    expect(tankLevelM(P, s)).toBeCloseTo(0.45, 6);
  });

  it('mixes solutes and sends them out at the tank concentration', () => {
    let s = tankAtLevel(P, 20);
    const feed = streamOf(200, { NaCl: 0.05 });
    for (let i = 0; i < 20 * 3600; i++)
      s = tankStep(P, s, { inflows: { feed }, outflows: { out: 200 } }, 1).state;
    // After ten residence times the tank approaches the feed composition.
    expect((s.solutes['NaCl'] ?? 0) / s.water).toBeCloseTo(0.05, 4);
  });

  it('overflows over the weir as Cw·b·(h − hof)^1.5 and never exceeds the rim', () => {
    let s = tankAtLevel(P, 96);
    const r = tankStep(P, s, {}, 0.01);
    const expectedM3s = 1.84 * 0.05 * Math.pow(0.96 - 0.95, 1.5);
    expect((r.report.overflow.water / 3600 / 1000) * 1).toBeCloseTo(expectedM3s, 6);
    // A flood: 20 m³/h into the tank; the level stays at or below the rim and the surplus leaves as overflow.
    const flood = streamOf(20_000, {});
    let over = 0;
    for (let i = 0; i < 600; i++) {
      const x = tankStep(P, s, { inflows: { flood } }, 1);
      s = x.state;
      over += x.report.water.overflow;
      expect(tankLevelM(P, s)).toBeLessThanOrEqual(1 + 1e-12);
    }
    expect(over).toBeGreaterThan(3000);
  });

  it('books a leak as its own unmetered term', () => {
    const s = tankAtLevel(P, 50);
    const r = tankStep(P, s, { leakLh: 5 }, 3600);
    expect(r.report.water.leak).toBeCloseTo(5, 9);
    expect(r.report.water.out).toEqual({});
    expect(r.report.water.accumulation).toBeCloseTo(-5, 9);
    expect(residual(r.report.water)).toBeCloseTo(0, 12);
  });

  it('limits the outlets to what the tank holds and says it was starved', () => {
    const s = tankAtLevel(P, 1);
    const r = tankStep(P, s, { outflows: { a: 10_000, b: 10_000 } }, 3600);
    expect(r.report.starved).toBe(true);
    expect(r.state.water).toBeCloseTo(0, 9);
    expect((r.report.water.out['a'] ?? 0) + (r.report.water.out['b'] ?? 0)).toBeCloseTo(10, 6);
  });

  it('counts reaction water from neutralisation (+18 g per mol)', () => {
    const s: TankState = { water: 100, solutes: { HCl: 36.461 * 0.001 * 10 } };
    const base = { water: 0.5, solutes: { NaOH: 0.39997 * 3600 } };
    const r = tankStep(P, s, { inflows: { base }, reaction: neutralise }, 1);
    // 10 mol HCl meets 0.39997 kg NaOH = 10 mol: 10 × 18.015 g of water made.
    expect(r.report.water.reaction).toBeCloseTo(0.18015, 9);
    expect(r.state.solutes['HCl']).toBe(0);
    expect(relativeResidual(r.report.water)).toBeLessThan(1e-12);
  });

  it('closes its water books to round-off for any sequence of flows', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            qin: fc.double({ min: 0, max: 5000, noNaN: true }),
            qout: fc.double({ min: 0, max: 5000, noNaN: true }),
            leak: fc.double({ min: 0, max: 50, noNaN: true }),
            vent: fc.double({ min: 0, max: 5, noNaN: true }),
            dt: fc.double({ min: 0.01, max: 600, noNaN: true }),
            salt: fc.double({ min: 0, max: 0.3, noNaN: true }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (steps, level0) => {
          let s = tankAtLevel(P, level0, { NaCl: 0.1 });
          const w0 = s.water;
          let net = 0;
          let scale = w0;
          for (const k of steps) {
            const r = tankStep(
              P,
              s,
              {
                inflows: { feed: streamOf(k.qin, { NaCl: k.salt }) },
                outflows: { out: k.qout },
                leakLh: k.leak,
                ventKgH: k.vent,
              },
              k.dt,
            );
            expect(closes(r.report.water, s.water)).toBe(true);
            const w = r.report.water;
            net += (w.in['feed'] ?? 0) - (w.out['out'] ?? 0) - w.leak - w.vent - w.overflow;
            scale += w.in['feed'] ?? 0;
            s = r.state;
            expect(s.water).toBeGreaterThanOrEqual(0);
          }
          expect(Math.abs(s.water - w0 - net)).toBeLessThanOrEqual(1e-9 * Math.max(1, scale));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('closes its solute books too', () => {
    let s = tankAtLevel(P, 30, { NaCl: 0.1 });
    const m0 = s.solutes['NaCl'] ?? 0;
    let inn = 0;
    let out = 0;
    for (let i = 0; i < 500; i++) {
      const r = tankStep(
        P,
        s,
        { inflows: { f: streamOf(300, { NaCl: 0.2 }) }, outflows: { o: 250 }, leakLh: 3 },
        7,
      );
      inn += r.report.solutesIn['NaCl'] ?? 0;
      out += r.report.solutesOut['NaCl'] ?? 0;
      s = r.state;
    }
    expect((s.solutes['NaCl'] ?? 0) - m0).toBeCloseTo(inn - out, 9);
  });
});
