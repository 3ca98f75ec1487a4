import { describe, expect, it } from 'vitest';
import { euToRaw, LinearScale, rawToEu } from './scaling.js';

describe('LinearScale', () => {
  const pct = new LinearScale({ raw: [0, 10000], eu: [0, 100] });
  const ph = new LinearScale({ raw: [0, 1400], eu: [0, 14] });

  it('maps raw to EU exactly at round numbers', () => {
    expect(pct.toEu(0)).toBe(0);
    expect(pct.toEu(5000)).toBe(50);
    expect(pct.toEu(10000)).toBe(100);
    expect(ph.toEu(1234)).toBe(12.34);
  });

  it('extrapolates raw values outside the span on decode', () => {
    expect(pct.toEu(12000)).toBe(120);
    expect(pct.toEu(-500)).toBe(-5);
  });

  it('maps EU to raw and clamps to the raw span by default', () => {
    expect(pct.toRaw(42.5)).toBe(4250);
    expect(pct.toRaw(120)).toBe(10000);
    expect(pct.toRaw(-3)).toBe(0);
    expect(pct.toRaw(120, false)).toBe(12000);
  });

  it('handles offsets and inverted spans', () => {
    // 4-20 mA as 4000..20000 counts for -50..150 degC
    const t = new LinearScale({ raw: [4000, 20000], eu: [-50, 150] });
    expect(t.toEu(4000)).toBe(-50);
    expect(t.toEu(12000)).toBe(50);
    expect(t.toRaw(50)).toBe(12000);
    const inv = new LinearScale({ raw: [1000, 0], eu: [0, 10] });
    expect(inv.toEu(250)).toBe(7.5);
    expect(inv.toRaw(7.5)).toBe(250);
    expect(inv.toRaw(20)).toBe(0);
    expect(inv.toRaw(-1)).toBe(1000);
  });

  it('round-trips', () => {
    for (const raw of [0, 1, 777, 9999]) expect(pct.toRaw(pct.toEu(raw))).toBeCloseTo(raw, 9);
  });

  it('refuses empty spans', () => {
    expect(() => new LinearScale({ raw: [5, 5], eu: [0, 1] })).toThrow(/raw span/);
    expect(() => new LinearScale({ raw: [0, 1], eu: [3, 3] })).toThrow(/EU span/);
  });

  it('keeps NaN as NaN', () => {
    expect(pct.toRaw(NaN)).toBeNaN();
    expect(pct.toEu(NaN)).toBeNaN();
  });
});

describe('rawToEu / euToRaw', () => {
  const s = { raw: [0, 4294967295] as [number, number], eu: [0, 429496729.5] as [number, number] };

  it('is the identity without scaling', () => {
    expect(rawToEu(undefined, 17.5)).toBe(17.5);
    expect(euToRaw(undefined, -3)).toBe(-3);
  });

  it('scales a full uint32 totaliser span', () => {
    expect(rawToEu(s, 4294967295)).toBe(429496729.5);
    expect(rawToEu(s, 10)).toBe(1);
    expect(euToRaw(s, 1)).toBe(10);
    expect(euToRaw(s, 1e12)).toBe(4294967295);
    expect(euToRaw(s, 1e12, false)).toBe(1e13);
  });
});
