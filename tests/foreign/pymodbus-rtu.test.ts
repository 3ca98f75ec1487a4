// Modbus RTU against pymodbus: two units sharing a virtual serial line (socat pty pair), and RTU frames over TCP.
import { GATEWAY_RECONNECT } from '@zld/gateway';
import type { PlcDef } from '@zld/plant';
import { protocols, type Driver } from '@zld/protocols';
import { check, startLoopLag, waitFor } from '@zld/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicePoints, imageOf, mismatches, plcOf, tagsOf, type Point } from './device.js';
import {
  ensureForeignTools,
  startPymodbus,
  stopAllPymodbus,
  type PymodbusOptions,
  type PymodbusServer,
} from './pymodbus.js';
import { SampleLog } from './sample-log.js';
import { startSerialPair, type SerialPair } from './serial-pair.js';

const tools = await ensureForeignTools();
if (!tools.available) console.warn(`!!! pymodbus RTU suites NOT RUN: ${tools.reason}`);

const SCAN_MS = 500;
const quiet = { info: () => undefined, warn: () => undefined };

/** Drivers started in a suite, stopped after it (also when a test failed). */
class Drivers {
  readonly log = new SampleLog();
  private readonly started: Driver[] = [];

  /** `writable`: the names of points the driver may write. */
  async start(plc: PlcDef, points: Point[], writable: string[] = []): Promise<Driver> {
    const tags = tagsOf(points, plc.id).map((t) =>
      writable.includes(t.name) ? { ...t, writable: true } : t,
    );
    const d = protocols.createDriver(plc, {
      tags,
      sink: this.log.sink,
      reconnect: GATEWAY_RECONNECT,
      logger: quiet,
    });
    this.started.push(d);
    await d.start();
    return d;
  }

  async stopAll(): Promise<void> {
    for (const d of this.started.splice(0)) await d.stop();
  }

  /** Waits until every point's latest quality passes `ok`. */
  every(points: readonly Point[], ok: (q: string) => boolean, timeoutMs: number, what: string) {
    const names = points.map((p) => p.name);
    return waitFor(
      () => {
        const off = this.log.off(names, ok);
        return check(off.length === 0, () => off.slice(0, 5).join(', '));
      },
      { timeoutMs, intervalMs: 20, what },
    );
  }
}

describe.skipIf(!tools.available)('Modbus RTU on a serial line (pymodbus, socat)', () => {
  /** Written over the line: a float32 setpoint (FC16) and a coil (FC05). */
  const setpoints: Point[] = [
    { name: 'A-SP', table: 'holding', address: 300, dataType: 'float32', raw: 0, range: [0, 100] },
    { name: 'A-CMD', table: 'coil', address: 40, dataType: 'bool', raw: false, range: [0, 1] },
  ];
  const unit1 = [...devicePoints('A'), ...setpoints];
  const unit2 = devicePoints('B', true);
  const all = [...unit1, ...unit2];
  const drivers = new Drivers();
  let pair: SerialPair;
  let server: PymodbusServer;
  let serverOptions: PymodbusOptions;
  let rtu1: Driver;
  // A pseudo-terminal takes no parity: the line runs 8N1 (parity is passed to the port all the same).
  const line = (path: string, baudRate = 19200) => ({ path, baudRate, parity: 'none' });
  const rtuPlc = (id: string, unitId: number, extra: Record<string, unknown> = {}) =>
    plcOf(
      id,
      { transport: 'rtu', serial: line(pair.a), unitId, demotionPeriodMs: 1000, ...extra },
      SCAN_MS,
    );

  beforeAll(async () => {
    pair = await startSerialPair();
    serverOptions = {
      image: imageOf({ 1: unit1, 2: unit2 }),
      serial: { path: pair.b, baudRate: 19200, parity: 'none', stopBits: 1 },
    };
    server = await startPymodbus(serverOptions);
    rtu1 = await drivers.start(rtuPlc('RTU-1', 1), unit1, ['A-SP', 'A-CMD']);
    await drivers.start(rtuPlc('RTU-2', 2), unit2);
  });
  afterAll(async () => {
    await drivers.stopAll();
    await stopAllPymodbus();
    await pair?.close();
  });

  it('two units on one line read as the server holds them, each its own values', async () => {
    await drivers.every(all, (q) => q === 'Good', 15_000, 'every tag of both units Good');
    expect(mismatches(drivers.log, unit1, server, 1)).toEqual([]);
    expect(mismatches(drivers.log, unit2, server, 2)).toEqual([]);
  });

  it('writes a float32 (FC16) and a coil (FC05) over the line and reads them back', async () => {
    await drivers.every(unit1, (q) => q === 'Good', 15_000, 'unit 1 Good');
    await rtu1.write('A-SP', 33.3);
    await rtu1.write('A-CMD', true);
    const back = await rtu1.read(['A-SP', 'A-CMD']);
    expect(back.map((b) => [b.value, b.quality])).toEqual([
      [Math.fround(33.3), 'Good'],
      [true, 'Good'],
    ]);
    await rtu1.write('A-CMD', false);
    expect((await rtu1.read(['A-CMD']))[0]?.value).toBe(false);
  });

  it('refuses a third PLC that asks other settings of the same line, and leaves the line alone', async () => {
    const points = devicePoints('C');
    const plc = plcOf(
      'RTU-3',
      { transport: 'rtu', serial: line(pair.a, 9600), unitId: 3, timeoutMs: 1000 },
      SCAN_MS,
    );
    const d = await drivers.start(plc, points);
    await waitFor(() => d.status().lastError, { timeoutMs: 5000, what: 'RTU-3 refused' });
    expect(d.status().lastError).toMatch(/is open as .*19200 8N1.*asks .*9600 8N1/);
    expect(d.status().connected).toBe(false);
    await d.stop();
    await drivers.every(all, (q) => q === 'Good', 5000, 'the other units still Good');
  });

  it('a serial device that does not exist: its tags Bad, the reason in lastError, the others untouched', async () => {
    const points = devicePoints('M');
    const missing = `${pair.a}-missing`;
    const plc = plcOf('RTU-9', { transport: 'rtu', serial: line(missing), unitId: 9 }, SCAN_MS);
    const d = await drivers.start(plc, points);
    await drivers.every(points, (q) => q.startsWith('Bad_'), 5000, 'RTU-9 Bad');
    expect(d.status().lastError).toMatch(/no such file|cannot open|ENOENT/i);
    await d.stop();
    await drivers.every(all, (q) => q === 'Good', 5000, 'the units on the real line still Good');
  });

  it('the device stops answering: both units Bad within their timeouts + one scan; back: Good', async () => {
    await drivers.every(all, (q) => q === 'Good', 15_000, 'Good before the outage');
    const timeoutMs = 1000;
    const lag = startLoopLag();
    await server.stop();
    const stoppedAt = Date.now(); // the device answers nothing from here on
    // One request at a time on the line: the second unit's request waits behind the first one's timeout.
    const bound = 2 * timeoutMs + SCAN_MS;
    await drivers.every(all, (q) => q.startsWith('Bad_'), bound + 3000, 'every tag Bad');
    const badAfter = Math.max(...all.map((p) => drivers.log.latest.get(p.name)!.since)) - stoppedAt;
    expect(badAfter).toBeLessThanOrEqual(bound + lag.maxMs());

    server = await startPymodbus(serverOptions);
    await drivers.every(all, (q) => q === 'Good', 10_000, 'every tag Good again');
    expect(mismatches(drivers.log, unit1, server, 1)).toEqual([]);
    expect(mismatches(drivers.log, unit2, server, 2)).toEqual([]);
    lag.stop();
  }, 40_000);
});

describe.skipIf(!tools.available)('Modbus RTU over TCP (pymodbus with its RTU framer)', () => {
  const points = devicePoints('T');
  const drivers = new Drivers();
  let server: PymodbusServer;
  const image = imageOf({ 5: points });

  beforeAll(async () => {
    server = await startPymodbus({ image, framer: 'rtu' });
    const block = { transport: 'rtu-over-tcp', host: '127.0.0.1', port: server.port, unitId: 5 };
    await drivers.start(plcOf('RTU-TCP', block, SCAN_MS), points);
  });
  afterAll(async () => {
    await drivers.stopAll();
    await stopAllPymodbus();
  });

  it('reads every value as the server holds it', async () => {
    await drivers.every(points, (q) => q === 'Good', 15_000, 'every tag Good');
    expect(mismatches(drivers.log, points, server, 5)).toEqual([]);
  });

  it('the server stops: Bad at once (the link closes); back: Good within 5 s', async () => {
    await drivers.every(points, (q) => q === 'Good', 15_000, 'Good before the outage');
    const port = server.port;
    await server.stop();
    await drivers.every(points, (q) => q.startsWith('Bad_'), 1000 + SCAN_MS + 2000, 'Bad');
    server = await startPymodbus({ image, framer: 'rtu', port });
    await drivers.every(points, (q) => q === 'Good', 5000, 'Good after the restart');
  }, 30_000);
});
