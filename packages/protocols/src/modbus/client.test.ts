// Modbus driver against a real modbus-serial TCP server on a loopback port: values, requests, writes.
import { afterEach, describe, expect, it } from 'vitest';
import type { DataType, TagDef } from '@zld/plant';
import type { ModbusPlcOptions, ModbusTable } from './schema.js';
import { DriverError, type Driver } from '../kernel/driver.js';
import { modbusPlc, modbusTag } from './modbus-plc.fixture.js';
import { startModbusServer, type ModbusTestServer } from './modbus-server.fixture.js';
import { SampleLog, waitFor } from '../kernel/sample-log.fixture.js';
import { ModbusDriver } from './client.js';
import { planScanClasses } from './planner.js';

const quiet = { info: () => {}, warn: () => {} };
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function server(): Promise<ModbusTestServer> {
  const s = await startModbusServer();
  cleanup.push(() => s.close());
  return s;
}

async function driver(
  srv: ModbusTestServer,
  tags: TagDef[],
  options: Partial<ModbusPlcOptions> = {},
  scanClasses?: Record<string, number>,
): Promise<{ d: Driver; log: SampleLog }> {
  const log = new SampleLog();
  const d = new ModbusDriver(modbusPlc({ port: srv.port, ...options }, scanClasses), {
    tags,
    sink: log.sink,
    logger: quiet,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
  });
  cleanup.push(() => d.stop());
  await d.start();
  return { d, log };
}

/**
 * Registers for `value` as a device with this layout stores them, built independently of the codec:
 * Node's Buffer writes the big-endian bytes ABCD..., then the bytes are permuted for the layout.
 */
function registersFor(
  value: number,
  type: DataType,
  byteOrder: string,
  wordOrder: string,
): number[] {
  const width = { int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8, bool: 2 }[type];
  const b = Buffer.alloc(width);
  if (type === 'int16') b.writeInt16BE(value);
  if (type === 'uint16') b.writeUInt16BE(value);
  if (type === 'int32') b.writeInt32BE(value);
  if (type === 'uint32') b.writeUInt32BE(value);
  if (type === 'float32') b.writeFloatBE(value);
  if (type === 'float64') b.writeDoubleBE(value);
  const words: number[] = [];
  for (let i = 0; i < width; i += 2) {
    const hi = b[i] ?? 0;
    const lo = b[i + 1] ?? 0;
    words.push(byteOrder === 'big' ? (hi << 8) | lo : (lo << 8) | hi);
  }
  return wordOrder === 'big' ? words : words.reverse();
}

const VALUES: [DataType, number][] = [
  ['int16', -12345],
  ['uint16', 54321],
  ['int32', -2_000_000_123],
  ['uint32', 4_294_967_295],
  ['float32', 123.456],
  ['float64', -9876.54321e10],
];

/** A range that holds every value of VALUES (the default [0, 100] would make them Uncertain). */
const wide = { range: [-1e15, 1e15] as [number, number] };

describe('Modbus driver: values', () => {
  for (const byteOrder of ['big', 'little'] as const) {
    for (const wordOrder of ['big', 'little'] as const) {
      it(`decodes every data type with byte order ${byteOrder}, word order ${wordOrder}`, async () => {
        const srv = await server();
        const tags: TagDef[] = [];
        let addr = 0;
        VALUES.forEach(([type, value], i) => {
          const regs = registersFor(value, type, byteOrder, wordOrder);
          srv.holding.set(regs, addr);
          srv.input.set(regs, 500 + addr);
          tags.push(modbusTag(`PT-${100 + i}`, 'holding', addr, type, wide));
          tags.push(modbusTag(`PT-${200 + i}`, 'input', 500 + addr, type, wide));
          addr += regs.length + 1;
        });
        srv.coils[7] = 1;
        srv.discrete[3] = 1;
        tags.push(modbusTag('XV-001', 'coil', 7, 'bool'), modbusTag('XV-002', 'coil', 8, 'bool'));
        tags.push(modbusTag('ZS-001', 'discrete', 3, 'bool'));
        const { log } = await driver(srv, tags, { byteOrder, wordOrder });
        await waitFor(() => tags.every((t) => log.quality(t.name) === 'Good'), 'every tag Good');
        VALUES.forEach(([type, value], i) => {
          const expected = type === 'float32' ? Math.fround(value) : value;
          expect(log.get(`PT-${100 + i}`)?.value).toBe(expected);
          expect(log.get(`PT-${200 + i}`)?.value).toBe(expected);
        });
        expect(log.get('XV-001')?.value).toBe(true);
        expect(log.get('XV-002')?.value).toBe(false);
        expect(log.get('ZS-001')?.value).toBe(true);
        expect(log.get('PT-100')?.sourceTs).toBeUndefined();
      });
    }
  }

  it('applies the tag scaling and uses the key the caller chose', async () => {
    const srv = await server();
    srv.input[10] = 2500; // of 0..10000 raw = 0..200 EU
    const tags = [
      modbusTag('LT-001', 'input', 10, 'uint16', { scaling: { raw: [0, 10000], eu: [0, 200] } }),
    ];
    const log = new SampleLog();
    const d = new ModbusDriver(modbusPlc({ port: srv.port }), {
      tags,
      sink: log.sink,
      keyOf: () => 42,
      logger: quiet,
    });
    cleanup.push(() => d.stop());
    await d.start();
    await waitFor(() => log.quality(42) === 'Good', 'the scaled tag');
    expect(log.get(42)?.value).toBe(50);
  });

  it('reports NaN from a float register as Bad_SensorFailure', async () => {
    const srv = await server();
    srv.holding.set(registersFor(NaN, 'float32', 'big', 'big'), 0);
    const { log } = await driver(srv, [modbusTag('TT-001', 'holding', 0, 'float32')]);
    await waitFor(() => log.quality('TT-001') !== undefined, 'a sample');
    expect(log.get('TT-001')).toMatchObject({ value: null, quality: 'Bad_SensorFailure' });
  });

  it('keeps only tags of its own PLC that are not computed', async () => {
    const srv = await server();
    const tags = [
      modbusTag('FT-001', 'holding', 0, 'int16'),
      modbusTag('FT-002', 'holding', 1, 'int16', { plc: 'PLC-100' }),
      {
        ...modbusTag('FY-901', 'holding', 2, 'int16'),
        computed: true,
        plc: undefined,
        address: undefined,
      },
    ];
    const { d, log } = await driver(srv, tags);
    await waitFor(() => log.quality('FT-001') === 'Good', 'FT-001');
    expect(log.get('FT-002')).toBeUndefined();
    expect(log.get('FY-901')).toBeUndefined();
    await expect(d.write('FT-002', 1)).rejects.toMatchObject({ code: 'UNKNOWN_TAG' });
  });
});

describe('Modbus driver: requests on the wire', () => {
  it('sends exactly one request per planned block per poll', async () => {
    const srv = await server();
    const specs: [ModbusTable, number, DataType, string][] = [
      ['holding', 0, 'int16', 'fast'],
      ['holding', 1, 'float32', 'fast'],
      ['holding', 40, 'int16', 'fast'], // past maxGap: a second FC03 block
      ['holding', 2, 'int16', 'slow'], // another scan class: its own block
      ['input', 0, 'float64', 'fast'],
      ['input', 130, 'int16', 'fast'], // past 125 registers from 0: a second FC04 block
      ['coil', 0, 'bool', 'fast'],
      ['coil', 5, 'bool', 'fast'],
      ['discrete', 0, 'bool', 'slow'],
    ];
    const tags = specs.map(([table, a, type, sc], i) =>
      modbusTag(`FT-${String(i + 1).padStart(3, '0')}`, table, a, type, { scanClass: sc }),
    );
    const plc = modbusPlc({ port: srv.port, maxGap: 16 }, { fast: 60_000, slow: 60_000 });
    const blocks = planScanClasses(plc, tags).flatMap((s) => s.blocks);
    expect(blocks).toHaveLength(7);
    // Long periods: only the poll made on connection runs during the test.
    const { d, log } = await driver(srv, tags, { maxGap: 16 }, { fast: 60_000, slow: 60_000 });
    await waitFor(() => tags.every((t) => log.quality(t.name) === 'Good'), 'every tag Good');
    await waitFor(() => d.counters().polls === 2, 'both scan classes polled');
    const onWire = Object.values(srv.requests).reduce((a, b) => a + b, 0);
    expect(onWire).toBe(blocks.length);
    expect(d.counters().requests).toBe(blocks.length);
    expect(srv.requests).toEqual({ 1: 1, 2: 1, 3: 3, 4: 2 });
  });

  it('polls again every scan period', async () => {
    const srv = await server();
    const { d } = await driver(srv, [modbusTag('FT-001', 'holding', 0, 'int16')], {}, { fast: 50 });
    await waitFor(() => d.counters().polls >= 5, 'five polls');
    expect(srv.requests[3]).toBeGreaterThanOrEqual(5);
    expect(d.counters().scanClasses['fast']?.polls).toBeGreaterThanOrEqual(5);
  });
});

describe('Modbus driver: writes', () => {
  const writable = { writable: true };

  it('writes coils with FC05, one register with FC06 and wider values with FC16', async () => {
    const srv = await server();
    const tags = [
      modbusTag('XV-001', 'coil', 3, 'bool', writable),
      modbusTag('FIC-001.SP', 'holding', 10, 'int16', { ...writable, range: [-100, 100] }),
      modbusTag('FIC-002.SP', 'holding', 20, 'float32', writable),
      modbusTag('LIC-001.SP', 'holding', 30, 'uint16', {
        ...writable,
        scaling: { raw: [0, 10000], eu: [0, 100] },
      }),
    ];
    const { d, log } = await driver(srv, tags, { wordOrder: 'little' });
    await waitFor(() => d.status().connected, 'connected');
    await expect(d.write('XV-001', true)).resolves.toEqual({
      name: 'XV-001',
      value: true,
      quality: 'Good',
    });
    await d.write('FIC-001.SP', -7);
    await d.write('FIC-002.SP', 12.5);
    await d.write('LIC-001.SP', 42.42);
    expect(srv.writes).toEqual([
      [5, 3, [1]],
      [6, 10, [0xfff9]],
      [16, 20, registersFor(12.5, 'float32', 'big', 'little')],
      [6, 30, [4242]],
    ]);
    const back = await d.read(['XV-001', 'FIC-001.SP', 'FIC-002.SP', 'LIC-001.SP']);
    expect(back.map((s) => [s.name, s.value, s.quality])).toEqual([
      ['XV-001', true, 'Good'],
      ['FIC-001.SP', -7, 'Good'],
      ['FIC-002.SP', 12.5, 'Good'],
      ['LIC-001.SP', 42.42, 'Good'],
    ]);
    await waitFor(() => log.get('FIC-002.SP')?.value === 12.5, 'the polled value');
    expect(d.counters().writes).toBe(4);
  });

  it('refuses tags that are not writable, and values that do not fit, without sending anything', async () => {
    const srv = await server();
    const tags = [
      modbusTag('FT-001', 'holding', 0, 'int16'),
      modbusTag('FIC-001.SP', 'holding', 1, 'int16', writable),
      modbusTag('XV-001', 'coil', 0, 'bool', writable),
    ];
    const { d } = await driver(srv, tags);
    await waitFor(() => d.status().connected, 'connected');
    const refusals: [string, number | boolean, string][] = [
      ['FT-001', 1, 'NOT_WRITABLE'],
      ['NOPE-001', 1, 'UNKNOWN_TAG'],
      ['FIC-001.SP', 40_000, 'BAD_VALUE'],
      ['FIC-001.SP', Number.NaN, 'BAD_VALUE'],
      ['FIC-001.SP', true, 'BAD_VALUE'],
      ['XV-001', 2, 'BAD_VALUE'],
    ];
    for (const [name, value, code] of refusals) {
      const err = await d.write(name, value).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, `${name} = ${String(value)}`).toBeInstanceOf(DriverError);
      expect((err as DriverError).code).toBe(code);
    }
    expect(srv.writes).toEqual([]);
    expect(srv.requests[5] ?? 0).toBe(0);
    expect(srv.requests[6] ?? 0).toBe(0);
  });

  it('fails fast when the PLC is not reachable', async () => {
    const srv = await server();
    await srv.close();
    const { d } = await driver(srv, [
      modbusTag('FIC-001.SP', 'holding', 1, 'int16', writable),
      modbusTag('FT-001', 'holding', 2, 'int16'),
    ]);
    await expect(d.write('FIC-001.SP', 1)).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(d.write('FT-001', 1)).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
    expect(d.counters().writeFailures).toBe(0);
    await expect(d.read(['FIC-001.SP'])).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });
});
