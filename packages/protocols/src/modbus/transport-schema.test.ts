// The transport settings of a Modbus PLC in the plant file: defaults, serial lines, and the loader's refusals.
import { PILOT_PLANT_FILE, PlantDefinitionError, type PlantIssue } from '@zld/plant';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parsePlantText } from '../protocols.js';
import { crc16, withCrc } from './crc16.js';
import { modbus } from './index.js';
import { answerLength } from './rtu-frame-port.js';
import { modbusSettingsOf } from './schema.js';
import { interFrameGapMs, serialLine } from './transport-schema.js';

const pilotText = readFileSync(PILOT_PLANT_FILE, 'utf8');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SERIAL = { path: '/dev/ttyUSB0', baudRate: 19200 };

/** The pilot with PLC-100 and PLC-300's settings blocks changed; answers the plant or its issues. */
function withSettings(plc100: Doc, plc300?: Doc) {
  const doc = parse(pilotText) as Doc;
  const byId = (id: string): Doc => doc.plcs.find((p: Doc) => p.id === id);
  const keep = (p: Doc) => ({
    byteOrder: p.modbus.byteOrder,
    wordOrder: p.modbus.wordOrder,
  });
  byId('PLC-100').modbus = { ...keep(byId('PLC-100')), unitId: 1, ...plc100 };
  if (plc300) byId('PLC-300').modbus = { ...keep(byId('PLC-300')), unitId: 1, ...plc300 };
  try {
    return { plant: parsePlantText(stringify(doc), { source: 'changed.yaml' }), issues: [] };
  } catch (e) {
    if (!(e instanceof PlantDefinitionError)) throw e;
    return { plant: undefined, issues: [...e.issues] as PlantIssue[] };
  }
}

const messages = (issues: PlantIssue[]): string =>
  issues.map((i) => `${i.where}: ${i.message}`).join('\n');

describe('Modbus transport settings', () => {
  it('keeps files without a transport valid: tcp is the default', () => {
    const { plant, issues } = withSettings({ host: '127.0.0.1', port: 5020 });
    expect(messages(issues)).toBe('');
    expect(modbusSettingsOf(plant!.plcById.get('PLC-100')!).transport).toBe('tcp');
  });

  it('takes a serial line with the standard defaults (even parity, 8 data bits, 1 stop bit)', () => {
    const { plant, issues } = withSettings({ transport: 'rtu', serial: SERIAL, unitId: 3 });
    expect(messages(issues)).toBe('');
    const s = modbusSettingsOf(plant!.plcById.get('PLC-100')!);
    expect(s.serial).toEqual({ ...SERIAL, parity: 'even', dataBits: 8, stopBits: 1 });
    expect(modbus.endpointKey(s)).toBe('/dev/ttyUSB0/3');
  });

  it('lets several PLCs share one serial line with distinct unit ids', () => {
    const { issues } = withSettings(
      { transport: 'rtu', serial: SERIAL, unitId: 1 },
      { transport: 'rtu', serial: SERIAL, unitId: 2 },
    );
    expect(messages(issues)).toBe('');
  });

  const REFUSED: [string, Doc, string, RegExp][] = [
    ['rtu without a line', { transport: 'rtu' }, 'plcs[PLC-100].modbus.serial', /needs a serial/],
    [
      'rtu with a host',
      { transport: 'rtu', serial: SERIAL, host: '127.0.0.1' },
      'plcs[PLC-100].modbus.host',
      /takes no host/,
    ],
    [
      'rtu-over-tcp without a port',
      { transport: 'rtu-over-tcp', host: '127.0.0.1' },
      'plcs[PLC-100].modbus.port',
      /needs a port/,
    ],
    [
      'a serial line on tcp',
      { host: '127.0.0.1', port: 502, serial: SERIAL },
      'plcs[PLC-100].modbus.serial',
      /transport: rtu/,
    ],
    [
      'an unknown transport',
      { transport: 'udp', host: '127.0.0.1', port: 502 },
      'plcs[PLC-100].modbus.transport',
      /tcp.*rtu-over-tcp.*rtu/,
    ],
    [
      'an odd baud rate',
      { transport: 'rtu', serial: { ...SERIAL, baudRate: 12345 } },
      'plcs[PLC-100].modbus.serial.baudRate',
      /one of .*9600/,
    ],
    [
      '7 data bits',
      { transport: 'rtu', serial: { ...SERIAL, dataBits: 7 } },
      'plcs[PLC-100].modbus.serial.dataBits',
      /8 data bits/,
    ],
    [
      'broadcast as a serial unit id',
      { transport: 'rtu', serial: SERIAL, unitId: 0 },
      'plcs[PLC-100].modbus.unitId',
      /1-247/,
    ],
    [
      'a timeout shorter than the longest answer takes at 1200 baud',
      { transport: 'rtu', serial: { ...SERIAL, baudRate: 1200 }, timeoutMs: 1000 },
      'plcs[PLC-100].modbus.timeoutMs',
      /too short for 1200 baud.*at least \d+/,
    ],
  ];
  it.each(REFUSED)('refuses %s, naming the field', (_what, settings, where, message) => {
    const { issues } = withSettings(settings);
    const hit = issues.find((i) => i.where === where && message.test(i.message));
    expect(hit, `expected "${where}: ${message}" among:\n${messages(issues)}`).toBeDefined();
  });

  it('refuses two PLCs that run one serial line differently, naming both settings', () => {
    const { issues } = withSettings(
      { transport: 'rtu', serial: SERIAL, unitId: 1 },
      { transport: 'rtu', serial: { ...SERIAL, baudRate: 9600 }, unitId: 2 },
    );
    expect(messages(issues)).toMatch(
      /plcs\[PLC-300\]: serial line \/dev\/ttyUSB0 is shared with plcs\[0\], which gives it .*19200 8E1.*; this PLC gives .*9600 8E1/,
    );
  });

  it('refuses one unit id twice on one serial line', () => {
    const { issues } = withSettings(
      { transport: 'rtu', serial: SERIAL, unitId: 4 },
      { transport: 'rtu', serial: { ...SERIAL, baudRate: 9600 }, unitId: 4 },
    );
    expect(messages(issues)).toMatch(/plcs\[PLC-300\]: same endpoint \/dev\/ttyUSB0\/4/);
  });
});

describe('serial timing and RTU frames', () => {
  it('waits 3.5 characters between frames, 1.75 ms above 19200 baud', () => {
    const line = (baudRate: number, parity: 'none' | 'even' = 'even') =>
      serialLine.parse({ path: 'x', baudRate, parity });
    expect(interFrameGapMs(line(9600))).toBe(5); // 3.5 x 11 bits at 9600 baud = 4.01 ms
    expect(interFrameGapMs(line(19200, 'none'))).toBe(2); // 3.5 x 10 bits = 1.82 ms
    expect(interFrameGapMs(line(115200))).toBe(2); // 1.75 ms
  });

  it('computes the CRC of the standard example and the length of each answer', () => {
    // Read holding registers 0x006B, 3 registers, unit 0x11: the serial-line standard's example frame.
    const request = withCrc(Buffer.from([0x11, 0x03, 0x00, 0x6b, 0x00, 0x03]));
    expect(request.subarray(6)).toEqual(Buffer.from([0x76, 0x87]));
    expect(crc16(Buffer.from([0x11, 0x03, 0x00, 0x6b, 0x00, 0x03]))).toBe(0x8776);
    expect(answerLength(request)).toBe(11);
    expect(answerLength(withCrc(Buffer.from([1, 1, 0, 0, 0, 9])))).toBe(7);
    expect(answerLength(withCrc(Buffer.from([1, 16, 0, 0, 0, 2, 4, 0, 0, 0, 0])))).toBe(8);
  });
});
