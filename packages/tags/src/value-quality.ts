// The quality a decoded value earns by itself: Bad when it is no number, Uncertain outside the tag's range.
import type { TagDef } from '@zld/plant';
import { isBad, isGood, type Quality } from './quality.js';

/** A float that is NaN or infinite: the way many PLCs flag a failed sensor, or a decoding mistake. */
export const NOT_A_NUMBER: Quality = 'Bad_SensorFailure';
/** A value outside the tag's range (OPC UA Part 8: the value is outside its engineering-unit range). */
export const OUT_OF_RANGE: Quality = 'Uncertain_EngineeringUnitsExceeded';

type RangeTag = Pick<TagDef, 'dataType' | 'range'>;

/**
 * What a value decoded for `tag` (engineering units) says about itself: NaN and infinity are
 * `Bad_SensorFailure`; a number outside the tag's range is `Uncertain_EngineeringUnitsExceeded` (the range's
 * ends are inside); anything else, and every bool, is Good. Combine with the device's own quality with
 * `withValueQuality`.
 */
export function valueQuality(tag: RangeTag, value: number | boolean): Quality {
  if (typeof value === 'boolean' || tag.dataType === 'bool') return 'Good';
  if (!Number.isFinite(value)) return NOT_A_NUMBER;
  const range = tag.range as RangeTag['range'] | undefined;
  if (range === undefined) return 'Good';
  return value < range[0] || value > range[1] ? OUT_OF_RANGE : 'Good';
}

/** `value` moved to the nearer end of the tag's range (a bool, NaN or a tag without a range as is). */
export function clampToRange(tag: RangeTag, value: number | boolean): number | boolean {
  const range = tag.range as RangeTag['range'] | undefined;
  if (typeof value === 'boolean' || range === undefined || Number.isNaN(value)) return value;
  return value < range[0] ? range[0] : value > range[1] ? range[1] : value;
}

/**
 * A sample's quality from the device's (`device`) and the value's own (`own`, from `valueQuality`): a Bad
 * device quality stands; a Bad value makes the sample Bad; an Uncertain value makes a Good sample Uncertain,
 * while a device that already says Uncertain keeps its own, more specific, word.
 */
export function withValueQuality(device: Quality, own: Quality): Quality {
  if (own === 'Good' || isBad(device)) return device;
  if (isBad(own)) return own;
  return isGood(device) ? own : device;
}
