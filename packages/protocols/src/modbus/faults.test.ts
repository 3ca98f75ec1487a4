// Modbus driver against a real server that misbehaves: exceptions, silence, slowness, restarts.
import { afterEach, describe, expect, it } from 'vitest';
import type { TagDef } from '@zld/plant';
import type { ModbusPlcOptions } from './schema.js';
import type { Quality } from '@zld/tags';
import type { Driver, DriverLogger } from '../kernel/driver.js';
import { modbusPlc, modbusTag } from './modbus-plc.fixture.js';
import { startModbusServer, type ModbusTestServer } from './modbus-server.fixture.js';
import { SampleLog, sleep, waitFor } from '../kernel/sample-log.fixture.js';
import { ModbusDriver } from './client.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

class Recorder implements DriverLogger {
  readonly warnings: string[] = [];
  info(): void {}
  warn(m: string): void {
    this.warnings.push(m);
  }
}

async function server(port?: number): Promise<ModbusTestServer> {
  const s = await startModbusServer(port);
  cleanup.push(() => s.close());
  return s;
}

async function driver(
  srv: ModbusTestServer,
  tags: TagDef[],
  options: Partial<ModbusPlcOptions> = {},
  /** The `fast` class's period, or every scan class's. */
  periods: number | Record<string, number> = 100,
): Promise<{ d: Driver; log: SampleLog; logger: Recorder }> {
  const log = new SampleLog();
  const logger = new Recorder();
  const scanClasses = typeof periods === 'number' ? { fast: periods } : periods;
  const d = new ModbusDriver(modbusPlc({ port: srv.port, ...options }, scanClasses), {
    tags,
    sink: log.sink,
    logger,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
  });
  cleanup.push(() => d.stop());
  await d.start();
  return { d, log, logger };
}

const TAGS = (): TagDef[] => [
  modbusTag('FT-001', 'holding', 0, 'int16'),
  modbusTag('FT-002', 'holding', 1, 'float32'),
];

describe('Modbus exception codes map to quality (section 3.5)', () => {
  const table: [code: number, quality: Quality][] = [
    [0x01, 'Bad_ConfigurationError'],
    [0x02, 'Bad_ConfigurationError'],
    [0x03, 'Bad_ConfigurationError'],
    [0x04, 'Bad_DeviceFailure'],
    [0x07, 'Bad_DeviceFailure'],
    [0x08, 'Bad_DeviceFailure'],
    [0x0a, 'Bad_CommunicationError'],
    [0x0b, 'Bad_CommunicationError'],
  ];
  for (const [code, quality] of table) {
    it(`exception 0x${code.toString(16).padStart(2, '0')} on read gives ${quality}`, async () => {
      const srv = await server();
      srv.holding[0] = 5;
      const { d, log } = await driver(srv, TAGS());
      await waitFor(() => log.quality('FT-001') === 'Good', 'a first good value');
      srv.exceptions.set(3, code);
      await waitFor(() => log.quality('FT-001') === quality, quality);
      expect(log.get('FT-001')?.value).toBeNull();
      expect(log.quality('FT-002')).toBe(quality);
      expect(d.counters().exceptions[`0x${code.toString(16).padStart(2, '0')}`]).toBeGreaterThan(0);
      expect(d.status().connected).toBe(true);
      srv.exceptions.clear();
      if (quality !== 'Bad_ConfigurationError') {
        await waitFor(() => log.quality('FT-001') === 'Good', 'Good again');
      }
    });
  }

  it('a configuration error is logged once and the block is not hammered', async () => {
    const srv = await server();
    srv.exceptions.set(3, 0x02);
    const { d, log, logger } = await driver(srv, TAGS(), {}, 50);
    await waitFor(
      () => log.quality('FT-001') === 'Bad_ConfigurationError',
      'the configuration error',
    );
    await waitFor(() => d.counters().polls >= 6, 'several more polls');
    expect(srv.requests[3]).toBe(1);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/FT-001, FT-002.*0x02/);
  });

  it('busy (0x06): backs off, retries, then reports the last usable value as Uncertain', async () => {
    const srv = await server();
    srv.holding[0] = 17;
    const { log } = await driver(srv, TAGS());
    await waitFor(() => log.quality('FT-001') === 'Good', 'a first good value');
    const before = srv.requests[3] ?? 0;
    srv.exceptions.set(3, 0x06);
    await waitFor(
      () => log.quality('FT-001') === 'Uncertain_LastUsableValue',
      'the last usable value',
    );
    expect(log.get('FT-001')?.value).toBe(17);
    expect((srv.requests[3] ?? 0) - before).toBeGreaterThanOrEqual(2); // the request and its retry
    srv.exceptions.clear();
    await waitFor(() => log.quality('FT-001') === 'Good', 'Good again');
  });

  it('a busy device with no value yet gives Bad_WaitingForInitialData', async () => {
    const srv = await server();
    srv.exceptions.set(3, 0x06);
    const { log } = await driver(srv, TAGS());
    await waitFor(() => log.quality('FT-001') !== undefined, 'a sample');
    expect(log.get('FT-001')).toMatchObject({ value: null, quality: 'Bad_WaitingForInitialData' });
  });

  it('acknowledge (0x05) on write is a pending write; 0x03 on write is a refused value', async () => {
    const srv = await server();
    const tags = [modbusTag('FIC-001.SP', 'holding', 0, 'int16', { writable: true })];
    const { d } = await driver(srv, tags);
    await waitFor(() => d.status().connected, 'connected');
    srv.exceptions.set(6, 0x05);
    await expect(d.write('FIC-001.SP', 3)).resolves.toMatchObject({ quality: 'Good_WritePending' });
    srv.exceptions.set(6, 0x03);
    await expect(d.write('FIC-001.SP', 3)).rejects.toMatchObject({
      code: 'DEVICE',
      message: /refused the value/,
    });
    srv.exceptions.set(6, 0x04);
    await expect(d.write('FIC-001.SP', 3)).rejects.toMatchObject({
      code: 'DEVICE',
      quality: 'Bad_DeviceFailure',
    });
    expect(d.counters().writeFailures).toBe(2);
  });
});

describe('Modbus driver: a PLC that stops answering', () => {
  it('turns Bad within timeout + one scan, demotes after N timeouts, recovers on its own', async () => {
    const srv = await server();
    srv.holding[0] = 9;
    const timeoutMs = 200;
    const periodMs = 100;
    const tags = [...TAGS(), modbusTag('FIC-001.SP', 'holding', 10, 'int16', { writable: true })];
    const { d, log } = await driver(
      srv,
      tags,
      { timeoutMs, demoteAfterTimeouts: 3, demotionPeriodMs: 800 },
      periodMs,
    );
    await waitFor(() => log.quality('FT-001') === 'Good', 'a first good value');

    const silentAt = Date.now();
    srv.silent = true;
    await waitFor(() => log.quality('FT-001') === 'Bad_CommunicationError', 'Bad', 3000);
    const bad = log.get('FT-001');
    expect(bad?.value).toBeNull();
    // Deadline: the request in flight times out, at most one scan later. Generous margin for a busy machine.
    expect((bad?.at ?? 0) - silentAt).toBeLessThanOrEqual(timeoutMs + periodMs + 400);

    await waitFor(() => d.status().demoted, 'demotion', 5000);
    const st = d.status();
    expect(st.consecutiveTimeouts).toBeGreaterThanOrEqual(3);
    expect(st.demotedUntil).toBeGreaterThan(Date.now());
    expect(d.counters().timeouts).toBeGreaterThanOrEqual(3);
    // While demoted: no polls sent, writes fail fast.
    const sent = srv.requests[3];
    const t0 = Date.now();
    await expect(d.write('FIC-001.SP', 1)).rejects.toMatchObject({ code: 'DEMOTED' });
    expect(Date.now() - t0).toBeLessThan(100);
    await sleep(300);
    expect(srv.requests[3]).toBe(sent);

    srv.silent = false;
    srv.holding[0] = 10;
    await waitFor(
      () => log.get('FT-001')?.value === 10 && log.quality('FT-001') === 'Good',
      'Good again',
      5000,
    );
    expect(d.status()).toMatchObject({ demoted: false, demotedUntil: null, connected: true });
    await expect(d.write('FIC-001.SP', 1)).resolves.toMatchObject({ quality: 'Good' });
  });

  it('condemns every scan class at the first timeout, not each class at its own', async () => {
    const srv = await server();
    const timeoutMs = 200;
    const tags = [
      modbusTag('FT-001', 'holding', 0, 'int16'),
      modbusTag('LT-001', 'holding', 40, 'int16', { scanClass: 'slow' }),
    ];
    // No demotion within the test (a demotion condemns every tag too, and would hide the point).
    const { log } = await driver(
      srv,
      tags,
      { timeoutMs, demoteAfterTimeouts: 100 },
      {
        fast: 100,
        slow: 3000,
      },
    );
    await waitFor(
      () => log.quality('FT-001') === 'Good' && log.quality('LT-001') === 'Good',
      'first good values',
    );

    const silentAt = Date.now();
    srv.silent = true;
    await waitFor(() => log.quality('LT-001') === 'Bad_CommunicationError', 'slow tag Bad', 3000);
    // The slow class polls every 3 s: its tag is Bad long before its own next request could time out.
    expect((log.get('LT-001')?.at ?? 0) - silentAt).toBeLessThanOrEqual(timeoutMs + 100 + 400);
    expect(log.quality('FT-001')).toBe('Bad_CommunicationError');
  });

  it('a timeout after busy answers turns the last usable values Bad again', async () => {
    const srv = await server();
    srv.holding[0] = 5;
    const { log } = await driver(srv, TAGS(), { timeoutMs: 200, demoteAfterTimeouts: 100 }, 100);
    await waitFor(() => log.quality('FT-001') === 'Good', 'a first good value');
    srv.silent = true;
    await waitFor(() => log.quality('FT-001') === 'Bad_CommunicationError', 'first outage', 3000);
    srv.silent = false;
    srv.exceptions.set(3, 0x06);
    await waitFor(() => log.quality('FT-001') === 'Uncertain_LastUsableValue', 'busy', 3000);
    srv.silent = true;
    await waitFor(() => log.quality('FT-001') === 'Bad_CommunicationError', 'second outage', 3000);
  });

  it('counts overruns with a slow server and never stacks polls', async () => {
    const srv = await server();
    srv.delayMs = 250;
    const { d, log } = await driver(srv, TAGS(), { timeoutMs: 1000 }, 100);
    await waitFor(() => log.quality('FT-001') === 'Good', 'a value');
    await waitFor(() => d.counters().overruns >= 3, 'overruns');
    expect(srv.maxConcurrent).toBe(1);
    expect(d.counters().scanClasses['fast']?.overruns).toBeGreaterThanOrEqual(3);
    expect(d.counters().pollDurationMsMax).toBeGreaterThanOrEqual(200);
    expect(d.counters().timeouts).toBe(0);
  });
});

describe('Modbus driver: lost connection', () => {
  it('reports comm loss when the server goes away and reconnects when it is back', async () => {
    const first = await startModbusServer();
    first.holding[0] = 1;
    const { d, log } = await driver(first, TAGS());
    await waitFor(() => log.quality('FT-001') === 'Good', 'a first value');
    await first.close();
    await waitFor(() => log.quality('FT-001') === 'Bad_CommunicationError', 'comm loss');
    expect(log.quality('FT-002')).toBe('Bad_CommunicationError');
    expect(d.status().connected).toBe(false);
    expect(d.status().lastError).toBeTruthy();
    await sleep(300); // a few refused attempts
    const second = await server(first.port);
    second.holding[0] = 2;
    await waitFor(() => log.get('FT-001')?.value === 2, 'values from the new server', 5000);
    expect(d.counters().reconnects).toBe(1);
    expect(d.status()).toMatchObject({ connected: true, lastError: null });
  });

  it('pushes nothing after stop()', async () => {
    const srv = await server();
    const { d, log } = await driver(srv, TAGS(), {}, 50);
    await waitFor(() => log.quality('FT-001') === 'Good', 'a value');
    await d.stop();
    const n = log.history.length;
    await srv.close();
    await sleep(200);
    expect(log.history.length).toBe(n);
  });
});
