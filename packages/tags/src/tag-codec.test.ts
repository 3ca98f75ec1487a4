import { parsePlant } from '@zld/plant';
import { describe, expect, it } from 'vitest';
import { TagCodec } from './tag-codec.js';
import { MINI_PLANT_YAML } from './test-plant.fixture.js';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'));
const CDAB = { byteOrder: 'big', wordOrder: 'little' } as const;

describe('TagCodec', () => {
  it('decodes and encodes a scaled integer tag in EU', () => {
    const c = new TagCodec({
      name: 'LT-101',
      dataType: 'uint16',
      scaling: { raw: [0, 10000], eu: [0, 100] },
    });
    expect(c.width).toBe(1);
    expect(c.isBit).toBe(false);
    expect(c.decode(hex('0000 1388'), 1)).toBe(50);
    expect(c.decodeRegisters([0, 4250], 1)).toBe(42.5);
    expect(c.encode(42.5)).toEqual([4250]);
    expect(c.encode(42.504)).toEqual([4250]);
    expect(c.encode(42.505)).toEqual([4251]);
  });

  it('clamps writes to the raw span and says so through fits()', () => {
    const c = new TagCodec({
      name: 'AI-101',
      dataType: 'int16',
      scaling: { raw: [0, 1400], eu: [0, 14] },
    });
    expect(c.encode(20)).toEqual([1400]);
    expect(c.encode(-1)).toEqual([0]);
    expect(c.toRaw(20)).toBe(1400);
    expect([c.fits(14), c.fits(7.123), c.fits(14.1), c.fits(-0.1), c.fits(NaN)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('saturates an unscaled integer tag and uses the PLC layout', () => {
    const c = new TagCodec({ name: 'FQ-101', dataType: 'int32' }, CDAB);
    expect(c.width).toBe(2);
    expect(c.decode(hex('32eb f8a4'), 0)).toBe(-123456789);
    expect(c.encode(-123456789)).toEqual([0x32eb, 0xf8a4]);
    expect(c.toRaw(1e10)).toBe(2 ** 31 - 1);
    expect(c.fits(1e10)).toBe(false);
    const image = new Uint16Array(4);
    expect(c.encodeInto(1, image, 2)).toBe(2);
    expect(Array.from(image)).toEqual([0, 0, 1, 0]);
  });

  it('passes float values through', () => {
    const c = new TagCodec({ name: 'FT-101', dataType: 'float32' });
    expect(c.decode(hex('42f6 e979'), 0)).toBe(Math.fround(123.456));
    expect(c.encode(123.456)).toEqual([0x42f6, 0xe979]);
    expect(c.fits(1e39)).toBe(false);
    expect(c.fits(Infinity)).toBe(false);
  });

  it('reads bool tags from packed bits and writes 0/1', () => {
    const c = new TagCodec({ name: 'XV-901', dataType: 'bool' });
    expect(c.isBit).toBe(true);
    expect(c.decode(hex('04'), 2)).toBe(true);
    expect(c.decode(hex('04'), 1)).toBe(false);
    expect(c.encode(true)).toEqual([1]);
    expect(c.encode(false)).toEqual([0]);
    expect([c.fits(1), c.fits(0), c.fits(2)]).toEqual([true, true, false]);
    expect(() => c.decodeRegisters([1], 0)).toThrow(TypeError);
  });

  it('names the tag when its scaling is unusable', () => {
    expect(
      () =>
        new TagCodec({
          name: 'PT-101',
          dataType: 'uint16',
          scaling: { raw: [0, 100], eu: [5, 5] },
        }),
    ).toThrow(/PT-101: .*EU span/);
  });

  it('builds for every Modbus tag of a plant with the PLC layout', () => {
    const plant = parsePlant(MINI_PLANT_YAML);
    const plc = plant.plcById.get('PLC-100')!;
    // Loaded for structure only: the settings as written (this file sets wordOrder, not byteOrder).
    const { wordOrder } = plc.settings as { wordOrder: 'big' | 'little' };
    const codecs = plant
      .tagsOfPlc('PLC-100')
      .map((t) => new TagCodec(t, { byteOrder: 'big', wordOrder }));
    expect(codecs.map((c) => [c.name, c.width, c.isBit])).toEqual([
      ['LT-101', 1, false],
      ['FQ-101', 2, false],
      ['XV-101', 1, true],
      ['KI-100', 4, false],
    ]);
    // FQ-101 is uint32 in word order little: the low word comes first.
    expect(codecs[1]!.decodeRegisters([0x0001, 0x0000], 0)).toBe(0.1);
  });
});
