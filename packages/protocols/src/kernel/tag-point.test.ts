import { describe, expect, it } from 'vitest';
import { DriverError } from './driver.js';
import { checkWriteValue, tagPoint, toEu } from './tag-point.js';
import { modbusTag } from '../modbus/modbus-plc.fixture.js';

const scaled = tagPoint(
  modbusTag('LIC-001.SP', 'holding', 0, 'uint16', { scaling: { raw: [0, 10000], eu: [0, 100] } }),
  undefined,
);
const int16 = tagPoint(modbusTag('SIC-001.SP', 'holding', 0, 'int16'), (t) => `key:${t.name}`);
const bool = tagPoint(modbusTag('XV-001', 'coil', 0, 'bool'), undefined);
const float32 = tagPoint(modbusTag('FIC-001.SP', 'holding', 0, 'float32'), undefined);

function refusal(p: typeof scaled, v: number | boolean): string | undefined {
  try {
    checkWriteValue(p, v);
    return undefined;
  } catch (e) {
    return e instanceof DriverError ? e.code : 'other';
  }
}

describe('tagPoint', () => {
  it('resolves the sink key once and scales raw values', () => {
    expect(int16.key).toBe('key:SIC-001.SP');
    expect(scaled.key).toBe('LIC-001.SP');
    expect(toEu(scaled, 2500)).toBe(25);
    expect(toEu(int16, -5)).toBe(-5);
  });
});

describe('checkWriteValue', () => {
  it.each([
    [scaled, 42.42, undefined],
    [scaled, 100, undefined],
    [scaled, 100.01, 'BAD_VALUE'],
    [scaled, -1, 'BAD_VALUE'],
    [int16, -32768, undefined],
    [int16, 32767.4, undefined],
    [int16, 32768, 'BAD_VALUE'],
    [int16, Number.NaN, 'BAD_VALUE'],
    [int16, Number.POSITIVE_INFINITY, 'BAD_VALUE'],
    [int16, true, 'BAD_VALUE'],
    [float32, 1e30, undefined],
    [bool, true, undefined],
    [bool, 1, undefined],
    [bool, 2, 'BAD_VALUE'],
  ] as const)('%#: %o', (p, v, code) => {
    expect(refusal(p, v)).toBe(code);
  });

  it('answers bool tags as booleans', () => {
    expect(checkWriteValue(bool, 0)).toBe(false);
    expect(checkWriteValue(bool, 1)).toBe(true);
  });
});
