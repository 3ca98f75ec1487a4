// A Modbus TCP device nobody here wrote (pymodbus): the gateway's driver reads it exactly, loses it and finds it again.
import { GATEWAY_RECONNECT } from '@zld/gateway';
import { protocols, type Driver } from '@zld/protocols';
import { check, startLoopLag, waitFor } from '@zld/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicePoints, imageOf, mismatches, plcOf, tagsOf } from './device.js';
import {
  ensureForeignTools,
  startPymodbus,
  stopAllPymodbus,
  type PymodbusServer,
} from './pymodbus.js';
import { SampleLog } from './sample-log.js';

const tools = await ensureForeignTools();
if (!tools.available) console.warn(`!!! pymodbus suites NOT RUN: ${tools.reason}`);

const SCAN_MS = 250;
const points = devicePoints();
const names = points.map((p) => p.name);
const image = imageOf({ 1: points });

describe.skipIf(!tools.available)('a foreign Modbus TCP device (pymodbus)', () => {
  let server: PymodbusServer;
  let driver: Driver;
  const log = new SampleLog();
  // The plant file's block, defaults from the schema: transport tcp, timeout 1000 ms.
  const settings = (port: number) => ({ host: '127.0.0.1', port, unitId: 1 });
  let timeoutMs = 0;

  beforeAll(async () => {
    server = await startPymodbus({ image });
    const plc = plcOf('FOREIGN-1', settings(server.port), SCAN_MS);
    timeoutMs = (plc.settings as { timeoutMs: number }).timeoutMs;
    driver = protocols.createDriver(plc, {
      tags: tagsOf(points, plc.id),
      sink: log.sink,
      reconnect: GATEWAY_RECONNECT,
      logger: { info: () => undefined, warn: () => undefined },
    });
    await driver.start();
  });
  afterAll(async () => {
    await driver?.stop();
    await stopAllPymodbus();
  });

  const allGood = (timeoutMs: number, what: string) =>
    waitFor(
      () => {
        const off = log.off(names, (q) => q === 'Good');
        return check(off.length === 0, () => off.slice(0, 5).join(', '));
      },
      { timeoutMs, intervalMs: 20, what },
    );

  it('reads 20 float32, 20 int16 (10 scaled) and 8 coils as the server holds them', async () => {
    await allGood(10_000, 'every tag Good');
    expect(mismatches(log, points, server)).toEqual([]);
    expect(log.latest.get('XF3')?.value).toBe(Math.fround(1.1));
  });

  it('stopped for 20 s: every tag Bad within timeout + one scan; back: every tag Good within 5 s', async () => {
    await allGood(10_000, 'every tag Good before the outage');
    const port = server.port;
    const lag = startLoopLag();
    const stoppedAt = Date.now();
    await server.stop();
    const bad = (q: string) => q.startsWith('Bad_');
    await waitFor(
      () => {
        const off = log.off(names, bad);
        return check(off.length === 0, () => off.slice(0, 5).join(', '));
      },
      { timeoutMs: timeoutMs + SCAN_MS + 2000, intervalMs: 20, what: 'every tag Bad' },
    );
    const badAfter = Math.max(...names.map((n) => log.latest.get(n)!.since)) - stoppedAt;
    expect(badAfter).toBeLessThanOrEqual(timeoutMs + SCAN_MS + lag.maxMs());

    // The outage lasts 20 s: the scenario, not a wait for a condition.
    await new Promise((r) => setTimeout(r, 20_000 - (Date.now() - stoppedAt)));
    expect(log.off(names, bad)).toEqual([]);

    server = await startPymodbus({ image, port });
    const backAt = Date.now();
    await allGood(5000 + lag.maxMs(), 'every tag Good after the restart');
    const goodAfter = Math.max(...names.map((n) => log.latest.get(n)!.since)) - backAt;
    expect(goodAfter).toBeLessThanOrEqual(5000 + lag.maxMs());
    expect(driver.counters().reconnects).toBeGreaterThanOrEqual(1);
    lag.stop();
  }, 60_000);
});
