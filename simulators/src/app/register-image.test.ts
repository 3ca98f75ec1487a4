// The Modbus register image of the protocol module over the simulated plant: layout, encoding, writes.
import {
  ILLEGAL_DATA_ADDRESS,
  ILLEGAL_DATA_VALUE,
  loadPlant,
  modbusSettingsOf,
  RegisterImage,
  SERVER_DEVICE_FAILURE,
} from '@zld/protocols';
import { decodeFromRegisters, encodeRegisters, TagCodec } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import { SimRunner } from '../core/sim-runner.js';
import { PlantSim } from '../plant/plant-sim.js';

const plant = loadPlant();
const START = Date.parse('2030-01-01T00:00:00Z');

function setup(plcId: string) {
  const source = new SimRunner({
    plant: new PlantSim({ plant }),
    clockTags: plant.plcs.map((p) => p.clockTag),
    startEpochMs: START,
    monotonicMs: () => 0,
  });
  const plc = plant.plcById.get(plcId)!;
  const image = new RegisterImage(plc, plant.tagsOfPlc(plcId));
  image.refresh(source);
  const { byteOrder, wordOrder } = modbusSettingsOf(plc);
  const layout = { byteOrder, wordOrder };
  const codec = (name: string) => new TagCodec(plant.tag(name), layout);
  return { source, image, codec };
}

describe('RegisterImage', () => {
  it('sizes each table from the plant file', () => {
    const { image } = setup('PLC-100');
    expect(image.holding.length).toBe(130); // WT-306, float32 at 128
    expect(image.coil.length).toBe(5); // UA-100, the refused-write flag, at 4
    expect(image.discrete.length).toBe(5);
    expect(image.input.length).toBe(0);
    expect(image.size).toBe(plant.tagsOfPlc('PLC-100').length);
  });

  it('encodes every data type with the PLC word order through the shared codec', () => {
    const { image, source, codec } = setup('PLC-300');
    // float32, little word order: the low word comes first
    const ft001 = source.read('FT-001') as number;
    expect(Array.from(image.registers('holding', 4, 2))).toEqual(
      encodeRegisters(ft001, 'float32', { byteOrder: 'big', wordOrder: 'little' }),
    );
    expect(codec('FT-001').decodeRegisters(image.holding, 4)).toBeCloseTo(ft001, 5);
    // uint16 with scaling: 0..10000 raw for 0..100 %
    expect(image.holding[8]).toBe(Math.round((source.read('LT-002') as number) * 100));
    // float64 clock in simulated epoch seconds
    expect(codec('KI-300').decodeRegisters(image.holding, 0)).toBe(START / 1000);
    // uint32 totaliser with scaling
    expect(codec('FQ-001').decodeRegisters(image.holding, 6)).toBeCloseTo(
      source.read('FQ-001') as number,
      0,
    );
    // bits
    expect(image.bit('coil', 0)).toBe(source.read('XV-001.CMD'));
  });

  it('uses big word order for PLC-100', () => {
    const { image, source } = setup('PLC-100');
    const sp = source.read('TIC-101.SP') as number;
    expect(decodeFromRegisters(image.holding, 6, 'float32')).toBeCloseTo(sp, 5);
  });

  it('accepts reads inside each table and refuses reads past it', () => {
    const { image } = setup('PLC-100');
    expect(image.inRange('holding', 0, 125)).toBe(true);
    expect(image.inRange('holding', 128, 2)).toBe(true);
    expect(image.inRange('holding', 128, 3)).toBe(false);
    expect(image.inRange('holding', 0, 0)).toBe(false);
    expect(image.inRange('coil', 0, 5)).toBe(true);
    expect(image.inRange('coil', 5, 1)).toBe(false);
    expect(image.inRange('input', 0, 1)).toBe(false);
  });

  it('applies a multi-register write to the plant as one value and reads it back', () => {
    const { image, source, codec } = setup('PLC-100');
    expect(image.writeRegisters(6, codec('TIC-101.SP').encode(82.5), source)).toBe(0);
    expect(source.read('TIC-101.SP')).toBe(82.5);
    expect(codec('TIC-101.SP').decodeRegisters(image.holding, 6)).toBe(82.5);
  });

  it('assembles a write of one word of a two-word value with the other word in memory', () => {
    const { image, source, codec } = setup('PLC-300');
    const regs = codec('FIC-703.SP').encode(12.25); // little word order: [low, high]
    expect(image.writeRegisters(25, [regs[0]!], source)).toBe(0);
    expect(image.writeRegisters(26, [regs[1]!], source)).toBe(0);
    expect(source.read('FIC-703.SP')).toBe(12.25);
  });

  it('writes several adjacent writable tags in one request', () => {
    const { image, source, codec } = setup('PLC-100');
    expect(image.writeRegisters(10, codec('TIC-101.MODE').encode(0), source)).toBe(0); // MAN
    const regs = [...codec('TIC-101.SP').encode(70), ...codec('TIC-101.OUT').encode(33)];
    expect(image.writeRegisters(6, regs, source)).toBe(0);
    expect(source.read('TIC-101.MODE')).toBe(0);
    expect(source.read('TIC-101.SP')).toBe(70);
    expect(source.read('TIC-101.OUT')).toBe(33);
  });

  it('refuses with 02 any write that touches a read-only register, and changes nothing', () => {
    const { image, source, codec } = setup('PLC-100');
    const before = Array.from(image.holding);
    const sp = source.read('TIC-101.SP');
    expect(image.writeRegisters(4, codec('TIC-101').encode(99), source)).toBe(ILLEGAL_DATA_ADDRESS);
    // TIC-101 (read-only) followed by TIC-101.SP (writable)
    expect(image.writeRegisters(4, [0, 0, 0, 0], source)).toBe(ILLEGAL_DATA_ADDRESS);
    expect(image.writeRegisters(0, [0], source)).toBe(ILLEGAL_DATA_ADDRESS); // the clock
    expect(image.writeRegisters(129, [0, 0], source)).toBe(ILLEGAL_DATA_ADDRESS); // past the table
    expect(Array.from(image.holding)).toEqual(before);
    expect(source.read('TIC-101.SP')).toBe(sp);
  });

  it('refuses a NaN or out-of-range setpoint with 03, and changes nothing', () => {
    const { image, source, codec } = setup('PLC-100');
    const before = source.read('TIC-101.SP');
    const regs = Array.from(image.registers('holding', 6, 2));
    for (const bad of [Number.NaN, 121, -1])
      expect(image.writeRegisters(6, codec('TIC-101.SP').encode(bad), source)).toBe(
        ILLEGAL_DATA_VALUE,
      );
    expect(source.read('TIC-101.SP')).toBe(before);
    expect(Array.from(image.registers('holding', 6, 2))).toEqual(regs);
  });

  it('answers 04 when the plant refuses a write (a controller output in AUTO)', () => {
    const { image, source, codec } = setup('PLC-100');
    expect(source.read('TIC-101.MODE')).toBe(1);
    const out = source.read('TIC-101.OUT');
    expect(image.writeRegisters(8, codec('TIC-101.OUT').encode(12), source)).toBe(
      SERVER_DEVICE_FAILURE,
    );
    expect(source.read('TIC-101.OUT')).toBe(out);
    expect(codec('TIC-101.OUT').decodeRegisters(image.holding, 8)).toBeCloseTo(out as number, 4);
  });

  it('answers 03 when a PLC interlock refuses a coil (XV-901 open), applies the rest, latches UA-300', () => {
    const { image, source } = setup('PLC-300');
    expect(source.read('UA-300')).toBe(false);
    expect(image.writeCoils(3, [true], source)).toBe(ILLEGAL_DATA_VALUE); // function 05
    expect(source.read('XV-901.CMD')).toBe(false);
    expect(image.bit('coil', 3)).toBe(false);
    expect(source.read('UA-300')).toBe(true);
    expect(image.bit('coil', 5)).toBe(false); // the flag reaches the image at the next refresh
    image.refresh(source);
    expect(image.bit('coil', 5)).toBe(true);
    expect(image.writeCoils(5, [false], source)).toBe(0); // reset
    expect(source.read('UA-300')).toBe(false);
    expect(image.writeCoils(5, [true], source)).toBe(SERVER_DEVICE_FAILURE); // only the PLC sets it
    // Function 15 over XV-901 and P-902: P-902 takes its value, XV-901 is refused, the answer is 03.
    expect(image.writeCoils(3, [true, true], source)).toBe(ILLEGAL_DATA_VALUE);
    expect(source.read('XV-901.CMD')).toBe(false);
    expect(source.read('P-902.CMD')).toBe(true);
  });

  it('writes coils to commands and refuses coils past the table', () => {
    const { image, source } = setup('PLC-100');
    expect(image.writeCoils(1, [false], source)).toBe(0); // P-106.CMD
    expect(source.read('P-106.CMD')).toBe(false);
    expect(image.bit('coil', 1)).toBe(false);
    expect(image.writeCoils(0, [false, false, false, false, false], source)).toBe(0);
    expect(image.writeCoils(3, [true, false, true], source)).toBe(ILLEGAL_DATA_ADDRESS);
    expect(source.read('P-301.CMD')).toBe(false);
  });
});
