// How far a read-back may differ from the written value: the plant file's tolerance, else what the wire type can change.
import type { TagDef } from '@zld/plant';
import { LinearScale } from './scaling.js';

/**
 * Float steps (units in the last place, at the written magnitude) a float read-back may differ by.
 * Rounding to the wire type moves a value by half a step; a device that converts on its side (float32 to
 * float64 and back, its own scaling) may add a step or two.
 */
export const READBACK_FLOAT_ULPS = 4;

const view = new DataView(new ArrayBuffer(8));

/** The distance from |x| to the next float32 (the smallest subnormal step near 0). */
export function ulpFloat32(x: number): number {
  view.setFloat32(0, Math.abs(x));
  const exponent = (view.getUint32(0) >>> 23) & 0xff;
  return 2 ** (Math.max(exponent, 1) - 127 - 23);
}

/** The distance from |x| to the next float64 (the smallest subnormal step near 0). */
export function ulpFloat64(x: number): number {
  view.setFloat64(0, Math.abs(x));
  const exponent = (view.getUint32(0) >>> 20) & 0x7ff;
  return 2 ** (Math.max(exponent, 1) - 1023 - 52);
}

type ToleranceTag = Pick<TagDef, 'dataType' | 'scaling' | 'write'>;

/**
 * The read-back tolerance of a write of `value` (engineering units) when the plant file gives none: what
 * rounding to the wire type can change, in engineering units. Bools: exact (0). Integer registers: half a
 * register step through the tag's scaling (an unscaled integer: 0.5, so an integer write must read back
 * exactly that integer, and a fractional one is confirmed at the value the register holds). Floats: a few
 * steps of the wire type at the written magnitude, through the scaling (float32 33.3 reads back as
 * 33.2999992; the tolerance there is 1.5e-5).
 */
export function defaultReadbackTolerance(tag: ToleranceTag, value: number | boolean): number {
  if (tag.dataType === 'bool' || typeof value === 'boolean') return 0;
  const scale = tag.scaling ? new LinearScale(tag.scaling) : null;
  const gain = tag.scaling
    ? Math.abs((tag.scaling.eu[1] - tag.scaling.eu[0]) / (tag.scaling.raw[1] - tag.scaling.raw[0]))
    : 1;
  const raw = scale ? scale.toRaw(value) : value;
  switch (tag.dataType) {
    case 'float32':
      return READBACK_FLOAT_ULPS * ulpFloat32(raw) * gain;
    case 'float64':
      return READBACK_FLOAT_ULPS * ulpFloat64(raw) * gain;
    default:
      return 0.5 * gain;
  }
}

/** The tolerance a read-back of a write of `value` is checked with: the plant file's, else the default. */
export function readbackTolerance(tag: ToleranceTag, value: number | boolean): number {
  return tag.write?.readbackTolerance ?? defaultReadbackTolerance(tag, value);
}
