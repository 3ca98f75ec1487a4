import { describe, expect, it } from 'vitest';
import { DataType, DataValue, StatusCodes, Variant } from 'node-opcua';
import type { Quality } from '@zld/tags';
import type { SampleValue, TagKey } from '../kernel/driver.js';
import { tagPoint } from '../kernel/tag-point.js';
import { opcuaTag } from './opcua-plc.fixture.js';
import { emitDataValue, valueOf, variantFor } from './variant.js';

const level = tagPoint(
  opcuaTag('LI-001', 'float32', { scaling: { raw: [0, 1000], eu: [0, 100] } }),
  undefined,
);
const run = tagPoint(opcuaTag('P-001.RUN', 'bool'), (t) => t.name.length);
const speed = tagPoint(opcuaTag('SIC-001.SP', 'int16'), undefined);

function emit(p: typeof level, dv: DataValue): [TagKey, SampleValue, Quality, number | undefined] {
  let out: [TagKey, SampleValue, Quality, number | undefined] = ['', null, 'Bad', undefined];
  emitDataValue(p, dv, (...args) => (out = args));
  return out;
}

describe('OPC UA values', () => {
  it('converts scalars to tag values in engineering units', () => {
    expect(valueOf(level, 250)).toBe(25);
    expect(valueOf(run, true)).toBe(true);
    expect(valueOf(run, 0)).toBe(false);
    expect(valueOf(speed, true)).toBe(1);
    expect(valueOf(speed, 'x')).toBeUndefined();
    expect(valueOf(speed, [1, 2])).toBeUndefined();
  });

  it('carries status and source timestamp; Bad gives null', () => {
    const ts = new Date('2030-01-01T00:00:00Z');
    const value = new Variant({ dataType: DataType.Float, value: 500 });
    expect(
      emit(level, new DataValue({ value, statusCode: StatusCodes.Good, sourceTimestamp: ts })),
    ).toEqual(['LI-001', 50, 'Good', ts.getTime()]);
    expect(emit(level, new DataValue({ value, statusCode: StatusCodes.BadSensorFailure }))).toEqual(
      ['LI-001', null, 'Bad_SensorFailure', undefined],
    );
    expect(
      emit(
        run,
        new DataValue({ value: new Variant({ dataType: DataType.String, value: 'on' }) }),
      )[2],
    ).toBe('Bad_ConfigurationError');
  });

  it('builds write variants of the tag type, unscaled', () => {
    expect(variantFor(level, 25)).toEqual({ dataType: DataType.Float, value: 250 });
    expect(variantFor(speed, 12.4)).toEqual({ dataType: DataType.Int16, value: 12 });
    expect(variantFor(run, true)).toEqual({ dataType: DataType.Boolean, value: true });
  });
});
