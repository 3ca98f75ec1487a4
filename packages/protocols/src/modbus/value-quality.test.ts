// Values a Modbus device answers that cannot be right, over a real socket: out of range, NaN, a wrong word order.
import type { TagDef } from '@zld/plant';
import { TagCodec } from '@zld/tags';
import { afterEach, describe, expect, it } from 'vitest';
import type { Driver } from '../kernel/driver.js';
import { SampleLog, waitFor } from '../kernel/sample-log.fixture.js';
import { ModbusDriver } from './client.js';
import { modbusPlc, modbusTag } from './modbus-plc.fixture.js';
import { startModbusServer, type ModbusTestServer } from './modbus-server.fixture.js';
import type { ModbusPlcOptions } from './schema.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const range = { range: [-10, 210] as [number, number] };
const BIG = { byteOrder: 'big', wordOrder: 'big' } as const;

/** The registers a device with big byte and word order holds for `value` of `tag`. */
const deviceRegisters = (tag: TagDef, value: number) => new TagCodec(tag, BIG).encode(value);

async function rig(tags: TagDef[], options: Partial<ModbusPlcOptions> = {}) {
  const srv: ModbusTestServer = await startModbusServer();
  cleanup.push(() => srv.close());
  const log = new SampleLog();
  const lines: { level: 'info' | 'warn'; text: string }[] = [];
  const d: Driver = new ModbusDriver(modbusPlc({ port: srv.port, ...options }, { fast: 50 }), {
    tags,
    sink: log.sink,
    logger: {
      info: (text) => lines.push({ level: 'info', text }),
      warn: (text) => lines.push({ level: 'warn', text }),
    },
  });
  cleanup.push(() => d.stop());
  return { srv, log, lines, d };
}

/** Waits until the driver has polled `n` more times. */
async function polls(d: Driver, n: number): Promise<void> {
  const target = d.counters().polls + n;
  await waitFor(() => d.counters().polls >= target, `${n} polls`);
}

describe('Modbus values that cannot be right', () => {
  it('a word order opposite to the device: Uncertain_EngineeringUnitsExceeded, kept as read, one log line per tag', async () => {
    const tags = ['FT-101', 'FT-102', 'FT-103'].map((n, i) =>
      modbusTag(n, 'holding', i * 2, 'float32', range),
    );
    const truth = [123.456, 199.9, 12.34];
    // The plant file says little word order; the device stores big.
    const { srv, log, lines, d } = await rig(tags, { wordOrder: 'little' });
    tags.forEach((t, i) => srv.holding.set(deviceRegisters(t, truth[i]!), i * 2));
    const misread = tags.map((t, i) =>
      new TagCodec(t, { byteOrder: 'big', wordOrder: 'little' }).decode(
        new Uint8Array(
          Buffer.from(Uint16Array.from(deviceRegisters(t, truth[i]!)).buffer).swap16(),
        ),
        0,
      ),
    );
    // Each misread lies far outside [-10, 210] (e.g. FT-101 reads -1.883e+25).
    for (const v of misread) expect(Math.abs(v as number)).toBeGreaterThan(1e20);
    await d.start();
    await polls(d, 6);
    tags.forEach((t, i) =>
      expect(log.get(t.name), t.name).toMatchObject({
        value: misread[i],
        quality: 'Uncertain_EngineeringUnitsExceeded',
      }),
    );
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([
      'PLC-900: FT-101 read -1.883e+25 outside its range [-10, 210] (Uncertain_EngineeringUnitsExceeded): check word order or scaling',
      'PLC-900: FT-102 read -2.718e+23 outside its range [-10, 210] (Uncertain_EngineeringUnitsExceeded): check word order or scaling',
      'PLC-900: FT-103 read 4.067e+29 outside its range [-10, 210] (Uncertain_EngineeringUnitsExceeded): check word order or scaling',
    ]);
    expect(d.counters().valuesOutOfRange).toBeGreaterThanOrEqual(3 * 6);
    expect(d.counters().valuesBad).toBe(0);
  });

  it('the range ends are in range; just past them is not; back in range is logged once, flapping never floods', async () => {
    const tag = modbusTag('TT-201', 'holding', 0, 'float32', range);
    const level = modbusTag('LT-202', 'holding', 4, 'uint16', {
      range: [0, 100],
      scaling: { raw: [0, 10000], eu: [0, 200] }, // the device's span is wider than the tag's range
    });
    const { srv, log, lines, d } = await rig([tag, level]);
    const show = async (v: number, raw: number) => {
      srv.holding.set(deviceRegisters(tag, v), 0);
      srv.holding[4] = raw;
      await polls(d, 2);
      return [log.get('TT-201')?.quality, log.get('LT-202')?.quality];
    };
    await d.start();
    expect(await show(210, 5000)).toEqual(['Good', 'Good']); // 5000 raw = 100 EU, the end
    expect(await show(-10, 0)).toEqual(['Good', 'Good']);
    const past = Math.fround(210) + 2 ** -16; // the next float32 above 210
    expect(await show(past, 5001)).toEqual([
      'Uncertain_EngineeringUnitsExceeded',
      'Uncertain_EngineeringUnitsExceeded',
    ]);
    expect(log.get('TT-201')?.value).toBe(past);
    expect(log.get('LT-202')?.value).toBe(100.02);
    expect(await show(20, 2000)).toEqual(['Good', 'Good']);
    for (let i = 0; i < 3; i++) await show(-10.5, 9000);
    expect(lines.map((l) => `${l.level} ${l.text}`)).toEqual([
      'warn PLC-900: TT-201 read 210 outside its range [-10, 210] (Uncertain_EngineeringUnitsExceeded): check word order or scaling',
      'warn PLC-900: LT-202 read 100 outside its range [0, 100] (Uncertain_EngineeringUnitsExceeded): check byte order, scaling or the address',
      'info PLC-900: TT-201 reads a usable value again (20)',
      'info PLC-900: LT-202 reads a usable value again (40)',
    ]);
  });

  it('NaN and both infinities are Bad_SensorFailure, counted and logged once', async () => {
    const tags = ['AT-301', 'AT-302', 'AT-303'].map((n, i) =>
      modbusTag(n, 'holding', i * 2, 'float32', range),
    );
    const { srv, log, lines, d } = await rig(tags);
    [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].forEach((v, i) =>
      srv.holding.set(deviceRegisters(tags[i]!, v), i * 2),
    );
    await d.start();
    await polls(d, 4);
    for (const t of tags)
      expect(log.get(t.name), t.name).toMatchObject({ value: null, quality: 'Bad_SensorFailure' });
    expect(lines.map((l) => l.text)).toEqual([
      'PLC-900: AT-301 read NaN (Bad_SensorFailure): the device flags a failed sensor, or check word order or scaling',
      'PLC-900: AT-302 read Infinity (Bad_SensorFailure): the device flags a failed sensor, or check word order or scaling',
      'PLC-900: AT-303 read -Infinity (Bad_SensorFailure): the device flags a failed sensor, or check word order or scaling',
    ]);
    expect(d.counters().valuesBad).toBeGreaterThanOrEqual(3 * 4);
  });

  it('clamps to the range only when the tag asks, and stays Uncertain', async () => {
    const clamped = modbusTag('FT-401', 'holding', 0, 'float32', { ...range, clampToRange: true });
    const kept = modbusTag('FT-402', 'holding', 2, 'float32', range);
    const { srv, log, d } = await rig([clamped, kept]);
    srv.holding.set(deviceRegisters(clamped, 250), 0);
    srv.holding.set(deviceRegisters(kept, 250), 2);
    await d.start();
    await polls(d, 2);
    expect(log.get('FT-401')).toMatchObject({
      value: 210,
      quality: 'Uncertain_EngineeringUnitsExceeded',
    });
    expect(log.get('FT-402')).toMatchObject({
      value: 250,
      quality: 'Uncertain_EngineeringUnitsExceeded',
    });
    // A read-back (the command path) judges the same way.
    const back = await d.read(['FT-401', 'FT-402']);
    expect(back.map((b) => [b.value, b.quality])).toEqual([
      [210, 'Uncertain_EngineeringUnitsExceeded'],
      [250, 'Uncertain_EngineeringUnitsExceeded'],
    ]);
  });
});
