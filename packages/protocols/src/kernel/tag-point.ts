// A PLC tag as a driver holds it: its sink key, its wire codec and scale, and the checks a write must pass.
import type { TagDef } from '@zld/plant';
import {
  BIG_ENDIAN,
  clampToRange,
  isBad,
  LinearScale,
  TagCodec,
  valueQuality,
  withValueQuality,
  type Quality,
  type RegisterLayout,
} from '@zld/tags';
import { DriverError, type DriverOptions, type TagKey } from './driver.js';

export interface TagPoint {
  readonly tag: TagDef;
  readonly key: TagKey;
  /** Engineering units <-> registers (Modbus), and the write-range checks for every protocol. */
  readonly codec: TagCodec;
  readonly scale: LinearScale | undefined;
}

export function tagPoint(
  tag: TagDef,
  keyOf: DriverOptions['keyOf'],
  layout: RegisterLayout = BIG_ENDIAN,
): TagPoint {
  return {
    tag,
    key: keyOf ? keyOf(tag) : tag.name,
    codec: new TagCodec(tag, layout),
    scale: tag.scaling ? new LinearScale(tag.scaling) : undefined,
  };
}

/** A raw device number (OPC UA variant) in engineering units. */
export function toEu(p: TagPoint, raw: number): number {
  return p.scale ? p.scale.toEu(raw) : raw;
}

/**
 * The quality of a value decoded for `p` whose device said `device`: NaN and infinity Bad_SensorFailure,
 * outside the tag's range (its ends inside) Uncertain_EngineeringUnitsExceeded, unless the device's own
 * quality already says Bad or Uncertain (see `withValueQuality`).
 */
export function judgeValue(p: TagPoint, v: number | boolean, device: Quality = 'Good'): Quality {
  return withValueQuality(device, valueQuality(p.tag, v));
}

/** The value a sample of quality `q` carries: null when Bad; clamped to the range when the tag opts in. */
export function sampleValue(p: TagPoint, v: number | boolean, q: Quality): number | boolean | null {
  if (isBad(q)) return null;
  return p.tag.clampToRange === true ? clampToRange(p.tag, v) : v;
}

/**
 * Checks a write of `value` (engineering units) and answers it in the form the tag takes: a boolean for
 * bool tags (1/0 accepted), a finite number otherwise. Refuses with `DriverError('BAD_VALUE')` a value that
 * the codec would clamp to the scaling's raw span or saturate to the register type: what reaches the PLC
 * is what was asked for, up to rounding to the register's resolution.
 */
export function checkWriteValue(p: TagPoint, value: number | boolean): number | boolean {
  const { tag } = p;
  if (tag.dataType === 'bool') {
    if (typeof value === 'boolean') return value;
    if (value === 0 || value === 1) return value === 1;
    throw new DriverError('BAD_VALUE', `${tag.name} is a bool; ${String(value)} is not`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DriverError('BAD_VALUE', `${tag.name} needs a finite number, not ${String(value)}`);
  }
  if (!p.codec.fits(value)) {
    throw new DriverError(
      'BAD_VALUE',
      `${tag.name}: ${value} is outside what a ${tag.dataType} holds`,
    );
  }
  return value;
}
