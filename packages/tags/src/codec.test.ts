import { describe, expect, it } from 'vitest';
import {
  coerceToType,
  decodeBit,
  decodeFromBytes,
  decodeFromRegisters,
  encodeRegisters,
  encodeToBytes,
  encodeToRegisters,
  fitsType,
  packBits,
  registersOf,
  type NumericType,
  type RegisterLayout,
} from './codec.js';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'));
/** Register values (uint16) from wire bytes, two per register, high byte first. */
const regs = (h: string): number[] => {
  const b = hex(h);
  return Array.from({ length: b.length / 2 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!);
};

const LAYOUTS: Record<string, RegisterLayout> = {
  ABCD: { byteOrder: 'big', wordOrder: 'big' },
  CDAB: { byteOrder: 'big', wordOrder: 'little' },
  BADC: { byteOrder: 'little', wordOrder: 'big' },
  DCBA: { byteOrder: 'little', wordOrder: 'little' },
};

// [type, layout, wire bytes, value]
const TABLE: [NumericType, string, string, number][] = [
  ['float32', 'ABCD', '42f6 e979', Math.fround(123.456)],
  ['float32', 'CDAB', 'e979 42f6', Math.fround(123.456)],
  ['float32', 'BADC', 'f642 79e9', Math.fround(123.456)],
  ['float32', 'DCBA', '79e9 f642', Math.fround(123.456)],
  ['float32', 'ABCD', 'ff80 0000', -Infinity],
  ['float32', 'CDAB', '0000 7f80', Infinity],
  ['float64', 'ABCD', '405e dd2f 1a9f be77', 123.456],
  ['float64', 'CDAB', 'be77 1a9f dd2f 405e', 123.456],
  ['float64', 'BADC', '5e40 2fdd 9f1a 77be', 123.456],
  ['float64', 'DCBA', '77be 9f1a 2fdd 5e40', 123.456],
  ['float64', 'ABCD', 'bff8 0000 0000 0000', -1.5],
  ['int16', 'ABCD', 'fffe', -2],
  ['int16', 'BADC', 'feff', -2],
  ['int16', 'ABCD', '8000', -32768],
  ['int16', 'ABCD', '7fff', 32767],
  ['uint16', 'ABCD', 'ffff', 65535],
  ['uint16', 'DCBA', '3412', 0x1234],
  ['uint16', 'CDAB', '1234', 0x1234],
  ['int32', 'ABCD', 'f8a4 32eb', -123456789],
  ['int32', 'CDAB', '32eb f8a4', -123456789],
  ['int32', 'BADC', 'a4f8 eb32', -123456789],
  ['int32', 'DCBA', 'eb32 a4f8', -123456789],
  ['int32', 'ABCD', '8000 0000', -2147483648],
  ['uint32', 'ABCD', 'ffff ffff', 4294967295],
  ['uint32', 'CDAB', '0001 0000', 1],
  ['uint32', 'ABCD', '0000 0001', 1],
  ['uint32', 'BADC', '0100 0000', 0x10000],
];

describe('decode', () => {
  it.each(TABLE)('%s %s %s -> %d', (type, layout, wire, value) => {
    const l = LAYOUTS[layout]!;
    expect(decodeFromBytes(hex(wire), 0, type, l)).toBe(value);
    expect(decodeFromRegisters(regs(wire), 0, type, l)).toBe(value);
  });

  it('decodes NaN', () => {
    expect(decodeFromBytes(hex('7fc00000'), 0, 'float32', LAYOUTS.ABCD)).toBeNaN();
    expect(decodeFromRegisters(regs('00007fc0'), 0, 'float32', LAYOUTS.CDAB)).toBeNaN();
  });

  it('reads at a register offset inside a block', () => {
    const block = hex('0001 0002 42f6 e979 0003');
    expect(decodeFromBytes(block, 2, 'float32')).toBe(Math.fround(123.456));
    expect(decodeFromBytes(block, 4, 'uint16')).toBe(3);
    expect(decodeFromRegisters(regs('0001 0002 42f6 e979 0003'), 1, 'uint16')).toBe(2);
  });

  it('reads from a Node Buffer view that does not start at byte 0', () => {
    const pool = Buffer.from('ffff42f6e979', 'hex').subarray(2);
    expect(decodeFromBytes(pool, 0, 'float32')).toBe(Math.fround(123.456));
  });

  it('refuses a value that runs past the data', () => {
    expect(() => decodeFromBytes(hex('0001 0002'), 1, 'int32')).toThrow(RangeError);
    expect(() => decodeFromRegisters([1, 2, 3], 0, 'float64')).toThrow(RangeError);
    expect(() => decodeFromBytes(hex('0001'), -1, 'int16')).toThrow(RangeError);
  });

  it('knows each type width', () => {
    expect(
      ['int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'].map((t) =>
        registersOf(t as NumericType),
      ),
    ).toEqual([1, 1, 2, 2, 2, 4]);
  });
});

describe('encode', () => {
  it.each(TABLE)('%s %s %s <- %d', (type, layout, wire, value) => {
    const l = LAYOUTS[layout]!;
    expect(encodeRegisters(value, type, l)).toEqual(regs(wire));
    const bytes = new Uint8Array(wire.replace(/\s/g, '').length / 2 + 2);
    expect(encodeToBytes(value, type, l, bytes, 1)).toBe(registersOf(type));
    expect(Buffer.from(bytes.subarray(2)).toString('hex')).toBe(wire.replace(/\s/g, ''));
  });

  it('writes into a register image at an offset, leaving the rest alone', () => {
    const image = new Uint16Array([7, 7, 7, 7, 7]);
    expect(encodeToRegisters(-123456789, 'int32', LAYOUTS.CDAB!, image, 2)).toBe(2);
    expect(Array.from(image)).toEqual([7, 7, 0x32eb, 0xf8a4, 7]);
  });

  it('round-trips every layout', () => {
    for (const l of Object.values(LAYOUTS)) {
      for (const [type, v] of [
        ['int16', -1234],
        ['uint16', 54321],
        ['int32', -7654321],
        ['uint32', 3000000000],
        ['float32', Math.fround(-0.1)],
        ['float64', Math.PI],
      ] as const) {
        expect(decodeFromRegisters(encodeRegisters(v, type, l), 0, type, l)).toBe(v);
      }
    }
  });

  it('keeps NaN and Infinity for float types', () => {
    expect(encodeRegisters(NaN, 'float32')).toEqual(regs('7fc0 0000'));
    expect(encodeRegisters(-Infinity, 'float32')).toEqual(regs('ff80 0000'));
    expect(decodeFromRegisters(encodeRegisters(Infinity, 'float64'), 0, 'float64')).toBe(Infinity);
  });
});

describe('out-of-range writes: rounded half away from zero, then saturated', () => {
  it.each([
    ['int16', 40000, 32767],
    ['int16', -40000, -32768],
    ['int16', 2.5, 3],
    ['int16', -2.5, -3],
    ['int16', 2.4, 2],
    ['uint16', -1, 0],
    ['uint16', 65535.4, 65535],
    ['uint16', 65535.5, 65535],
    ['uint16', 70000, 65535],
    ['int32', 2 ** 31, 2 ** 31 - 1],
    ['int32', -Infinity, -(2 ** 31)],
    ['uint32', 2 ** 32, 2 ** 32 - 1],
    ['uint32', 2 ** 32 - 1, 2 ** 32 - 1],
    ['uint32', Infinity, 2 ** 32 - 1],
    ['uint32', -0.4, 0],
  ] as [NumericType, number, number][])('%s %d -> %d', (type, value, stored) => {
    expect(coerceToType(value, type)).toBe(stored);
    expect(decodeFromRegisters(encodeRegisters(value, type), 0, type)).toBe(stored);
  });

  it('rounds to float32 precision and overflows to Infinity as IEEE does', () => {
    expect(coerceToType(123.456, 'float32')).toBe(Math.fround(123.456));
    expect(coerceToType(1e39, 'float32')).toBe(Infinity);
    expect(coerceToType(1e39, 'float64')).toBe(1e39);
  });

  it('refuses NaN for integer types', () => {
    expect(() => encodeRegisters(NaN, 'int16')).toThrow(RangeError);
    expect(() => coerceToType(NaN, 'uint32')).toThrow(/NaN/);
  });

  it('tells which writes would saturate', () => {
    expect(fitsType(32767, 'int16')).toBe(true);
    expect(fitsType(32767.4, 'int16')).toBe(true);
    expect(fitsType(32767.5, 'int16')).toBe(false);
    expect(fitsType(-1, 'uint16')).toBe(false);
    expect(fitsType(2 ** 32 - 1, 'uint32')).toBe(true);
    expect(fitsType(NaN, 'int32')).toBe(false);
    expect(fitsType(1e39, 'float32')).toBe(false);
    expect(fitsType(Infinity, 'float32')).toBe(true);
    expect(fitsType(1e300, 'float64')).toBe(true);
  });
});

describe('bits', () => {
  it('reads packed bits least significant first', () => {
    const bytes = hex('cd01'); // 1100 1101, 0000 0001
    const bits = Array.from({ length: 9 }, (_, i) => decodeBit(bytes, i));
    expect(bits).toEqual([true, false, true, true, false, false, true, true, true]);
    expect(() => decodeBit(bytes, 16)).toThrow(RangeError);
  });

  it('packs bits the same way', () => {
    const bits = [true, false, true, true, false, false, true, true, true];
    expect(Buffer.from(packBits(bits)).toString('hex')).toBe('cd01');
    expect(packBits([]).length).toBe(0);
  });
});
