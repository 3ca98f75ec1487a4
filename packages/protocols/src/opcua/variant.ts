// OPC UA values <-> tag values: variant data types per tag type, data values to samples (no I/O).
import type { DataType } from '@zld/plant';
import { qualityFromCode, isBad, type Quality } from '@zld/tags';
import { DataType as UaDataType, type DataValue, type VariantOptions } from 'node-opcua';
import type { SampleSink, SampleValue } from '../kernel/driver.js';
import { judgeValue, sampleValue, toEu, type TagPoint } from '../kernel/tag-point.js';
import type { ValueWatch } from '../kernel/value-watch.js';

/** The variant type a write of each tag data type uses. */
export const UA_DATA_TYPE: Readonly<Record<DataType, UaDataType>> = {
  bool: UaDataType.Boolean,
  int16: UaDataType.Int16,
  uint16: UaDataType.UInt16,
  int32: UaDataType.Int32,
  uint32: UaDataType.UInt32,
  float32: UaDataType.Float,
  float64: UaDataType.Double,
};

/** A variant's value as the tag's value in engineering units, or undefined when it is no usable scalar. */
export function valueOf(p: TagPoint, raw: unknown): number | boolean | undefined {
  if (p.tag.dataType === 'bool') {
    if (typeof raw === 'boolean') return raw;
    if (typeof raw === 'number') return raw !== 0;
    return undefined;
  }
  if (typeof raw === 'number') return toEu(p, raw);
  if (typeof raw === 'boolean') return toEu(p, raw ? 1 : 0);
  return undefined;
}

/**
 * Hands a data value to `sink` as a sample, without allocating. Bad status: value null. A Good or
 * Uncertain status with a value that is no scalar of the expected kind (an array, a string):
 * Bad_ConfigurationError, the node does not fit the tag. A number is judged by itself (NaN and infinity
 * Bad, outside the tag's range Uncertain_EngineeringUnitsExceeded): through `watch` for the samples of
 * the subscription (counted and logged), purely for a read-back.
 */
export function emitDataValue(
  p: TagPoint,
  dv: DataValue,
  sink: SampleSink,
  watch?: ValueWatch,
): void {
  let quality = qualityFromCode(dv.statusCode.value);
  const sourceTs = dv.sourceTimestamp ? dv.sourceTimestamp.getTime() : undefined;
  let value: SampleValue = null;
  if (!isBad(quality)) {
    const v = valueOf(p, dv.value.value);
    if (v === undefined)
      quality = watch
        ? watch.refuse(p, NOT_A_SCALAR, `is a ${variantName(dv)}, not a ${p.tag.dataType}`)
        : NOT_A_SCALAR;
    else {
      quality = watch ? watch.judge(p, v, quality) : judgeValue(p, v, quality);
      value = sampleValue(p, v, quality);
    }
  }
  sink(p.key, value, quality, sourceTs);
}

/** A value the node holds that is no scalar of the tag's kind: the node does not fit the tag. */
const NOT_A_SCALAR: Quality = 'Bad_ConfigurationError';

function variantName(dv: DataValue): string {
  const v = dv.value;
  const kind = UaDataType[v.dataType] ?? String(v.dataType);
  return v.arrayType ? `${kind} array` : kind;
}

/** The variant for a write of an already checked value (engineering units). */
export function variantFor(p: TagPoint, value: number | boolean): VariantOptions {
  const dataType = UA_DATA_TYPE[p.tag.dataType];
  if (p.tag.dataType === 'bool') return { dataType, value: value === true || value === 1 };
  return { dataType, value: p.codec.toRaw(value as number) };
}
