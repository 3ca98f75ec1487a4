import type { TagDef } from '@zld/plant';
import { describe, expect, it } from 'vitest';
import { TagCodec } from './tag-codec.js';
import {
  defaultReadbackTolerance,
  readbackTolerance,
  ulpFloat32,
  ulpFloat64,
} from './readback-tolerance.js';

type Tag = Pick<TagDef, 'name' | 'dataType' | 'scaling' | 'write'>;
const tag = (dataType: TagDef['dataType'], extras: Partial<Tag> = {}): Tag => ({
  name: 'T-1',
  dataType,
  scaling: undefined,
  write: undefined,
  ...extras,
});
const percent = { raw: [0, 10000] as [number, number], eu: [0, 100] as [number, number] };

/** What a wire of this tag holds after a write of `eu`, back in engineering units. */
function heldAfterWrite(t: Tag, eu: number): number {
  const codec = new TagCodec(t);
  return codec.decodeRegisters(codec.encode(eu), 0);
}

describe('float steps', () => {
  it('is the distance to the next float at the magnitude', () => {
    expect(ulpFloat32(1)).toBe(2 ** -23);
    expect(ulpFloat32(-1.5)).toBe(2 ** -23);
    expect(ulpFloat32(33.3)).toBe(2 ** -18);
    expect(ulpFloat32(0)).toBe(2 ** -149);
    expect(ulpFloat64(1)).toBe(2 ** -52);
    expect(ulpFloat64(0)).toBe(2 ** -1074);
  });
});

describe('the default read-back tolerance', () => {
  it('confirms a float32 write of 33.3 that the device holds as 33.2999992', () => {
    const t = tag('float32');
    const held = Math.fround(33.3);
    expect(held).toBeCloseTo(33.2999992, 7);
    const tol = defaultReadbackTolerance(t, 33.3);
    expect(Math.abs(held - 33.3)).toBeLessThanOrEqual(tol);
    expect(tol).toBeCloseTo(4 * 2 ** -18, 12);
    // Relative to the value: a few float steps, not a fixed number.
    expect(defaultReadbackTolerance(t, 33_300)).toBeCloseTo(4 * 2 ** -8, 12);
    expect(defaultReadbackTolerance(t, -0.0333)).toBe(4 * 2 ** -28);
    // ...and still refuses a value the device did not take.
    expect(Math.abs(33.31 - 33.3)).toBeGreaterThan(tol);
  });

  it('covers what float32 rounding does to any value, over magnitudes', () => {
    const t = tag('float32');
    for (const v of [1e-6, 0.1, 2.675, 33.3, 99.99, 1234.567, 8.8e6, 3.3e20, -42.42]) {
      const held = heldAfterWrite(t, v);
      expect(Math.abs(held - v), String(v)).toBeLessThanOrEqual(defaultReadbackTolerance(t, v));
    }
  });

  it('is exact for bools and integers: an integer write reads back as that integer', () => {
    expect(defaultReadbackTolerance(tag('bool'), true)).toBe(0);
    for (const dt of ['int16', 'uint16', 'int32', 'uint32'] as const) {
      const tol = defaultReadbackTolerance(tag(dt), 12);
      expect(tol, dt).toBe(0.5);
      // Any other integer is outside it; a fractional write is confirmed at the rounded register value.
      expect(Math.abs(13 - 12)).toBeGreaterThan(tol);
      expect(Math.abs(heldAfterWrite(tag(dt), 12.4) - 12.4)).toBeLessThanOrEqual(tol);
    }
  });

  it('is half a register step through the scaling for scaled integer tags', () => {
    const t = tag('uint16', { scaling: percent });
    expect(defaultReadbackTolerance(t, 42.42)).toBeCloseTo(0.005, 12);
    for (const v of [42.42, 42.425, 42.4249, 0.001, 99.9951]) {
      expect(Math.abs(heldAfterWrite(t, v) - v), String(v)).toBeLessThanOrEqual(
        defaultReadbackTolerance(t, v) + 1e-12,
      );
    }
    // A negative gain (raw 0..1000 is 100..0) has the same step.
    const inverted = tag('int16', { scaling: { raw: [0, 1000], eu: [100, 0] } });
    expect(defaultReadbackTolerance(inverted, 50)).toBeCloseTo(0.05, 12);
  });

  it('takes the float step at the raw value for a scaled float32 tag', () => {
    const t = tag('float32', { scaling: { raw: [0, 1000], eu: [0, 10] } });
    // 3.33 EU is raw 333: a step of 2^-15 there, 1/100 of it in EU.
    expect(defaultReadbackTolerance(t, 3.33)).toBeCloseTo((4 * 2 ** -15) / 100, 14);
    const held = heldAfterWrite(t, 3.33);
    expect(Math.abs(held - 3.33)).toBeLessThanOrEqual(defaultReadbackTolerance(t, 3.33));
  });

  it('lets an explicit tolerance in the plant file win, 0 included', () => {
    const write = { critical: false, readbackTolerance: 0.05 };
    expect(readbackTolerance(tag('float32', { write }), 33.3)).toBe(0.05);
    const exact = { critical: false, readbackTolerance: 0 };
    expect(readbackTolerance(tag('float32', { write: exact }), 33.3)).toBe(0);
    expect(readbackTolerance(tag('float32', { write: { critical: false } }), 33.3)).toBe(
      defaultReadbackTolerance(tag('float32'), 33.3),
    );
  });
});
