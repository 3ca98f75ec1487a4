// OPC UA driver against one real node-opcua server on a loopback port: values, status, timestamps,
// writes, certificates and a server restart (last: it replaces the server).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataType, OPCUACertificateManager, StatusCodes } from 'node-opcua';
import type { TagDef } from '@zld/plant';
import type { OpcuaPlcOptions } from './schema.js';
import type { Driver, DriverOptions } from '../kernel/driver.js';
import { opcuaPlc, opcuaTag } from './opcua-plc.fixture.js';
import { startOpcuaServer, type OpcuaTestServer } from './opcua-server.fixture.js';
import { SampleLog, waitFor } from '../kernel/sample-log.fixture.js';
import { OpcuaDriver } from './client.js';

const NS = 'urn:zld:test:plc-901';
const quiet = { info: () => {}, warn: () => {} };
const tmp = mkdtempSync(join(tmpdir(), 'zld-opcua-'));
let srv: OpcuaTestServer;
let drivers: Driver[] = [];

const TAGS: TagDef[] = [
  opcuaTag('TI-501', 'float64', { scanClass: 'fast' }),
  opcuaTag('LI-502', 'float32', { scanClass: 'slow', scaling: { raw: [0, 1000], eu: [0, 100] } }),
  opcuaTag('P-503.RUN', 'bool', { scanClass: 'fast' }),
  opcuaTag('FIC-504.SP', 'float64', { scanClass: 'slow', writable: true }),
  opcuaTag('SIC-505.SP', 'int16', { scanClass: 'slow', writable: true, range: [-1000, 1000] }),
  opcuaTag('XV-506.CMD', 'bool', { scanClass: 'fast', writable: true }),
];

beforeAll(async () => {
  srv = await startOpcuaServer({
    pkiDir: join(tmp, 'srv'),
    namespaceUri: NS,
    variables: [
      { node: 'TI-501', dataType: DataType.Double, value: 81.5 },
      { node: 'LI-502', dataType: DataType.Float, value: 250 },
      { node: 'P-503.RUN', dataType: DataType.Boolean, value: true },
      { node: 'FIC-504.SP', dataType: DataType.Double, value: 1 },
      { node: 'SIC-505.SP', dataType: DataType.Int16, value: 0 },
      { node: 'XV-506.CMD', dataType: DataType.Boolean, value: false },
    ],
  });
});

afterEach(async () => {
  for (const d of drivers) await d.stop();
  drivers = [];
});

afterAll(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function driver(
  tags: TagDef[] = TAGS,
  options: { pkiDir?: string; touch?: DriverOptions['touch'] } = {},
  plc: Partial<OpcuaPlcOptions> = {},
): { d: Driver; log: SampleLog } {
  const log = new SampleLog();
  const d = new OpcuaDriver(
    opcuaPlc({ endpointUrl: srv.endpointUrl, namespaceUri: NS, ...plc }, { fast: 100, slow: 250 }),
    {
      tags,
      sink: log.sink,
      touch: log.touch,
      logger: quiet,
      pkiDir: options.pkiDir ?? join(tmp, 'client'),
      reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
      ...(options.touch ? { touch: options.touch } : {}),
    },
  );
  drivers.push(d);
  return { d, log };
}

describe('OPC UA driver', () => {
  it('delivers values, status codes and source timestamps', async () => {
    const { d, log } = driver();
    await d.start();
    await waitFor(
      () => TAGS.every((t) => log.quality(t.name) === 'Good'),
      'every tag Good',
      15_000,
    );
    expect(log.get('TI-501')?.value).toBe(81.5);
    expect(log.get('LI-502')?.value).toBe(25); // scaled 0..1000 -> 0..100
    expect(log.get('P-503.RUN')?.value).toBe(true);
    expect(d.status()).toMatchObject({ connected: true, lastError: null, protocol: 'opcua' });

    const plantTime = new Date('2030-01-02T03:04:05.000Z');
    srv.set('TI-501', 90.25, StatusCodes.Good, plantTime);
    await waitFor(() => log.get('TI-501')?.value === 90.25, 'the new value');
    expect(log.get('TI-501')?.sourceTs).toBe(plantTime.getTime());

    srv.set('TI-501', 91, StatusCodes.UncertainSensorNotAccurate);
    await waitFor(
      () => log.quality('TI-501') === 'Uncertain_SensorNotAccurate',
      'an Uncertain status',
    );
    expect(log.get('TI-501')?.value).toBe(91);

    srv.set('TI-501', 92, StatusCodes.BadSensorFailure);
    await waitFor(() => log.quality('TI-501') === 'Bad_SensorFailure', 'a Bad status');
    expect(log.get('TI-501')?.value).toBeNull();

    srv.set('TI-501', 93, StatusCodes.BadDeviceFailure);
    await waitFor(() => log.quality('TI-501') === 'Bad_DeviceFailure', 'another Bad status');
    srv.set('TI-501', 81.5);
    await waitFor(() => log.quality('TI-501') === 'Good', 'Good again');
    expect(d.counters().notifications).toBeGreaterThan(TAGS.length);
  });

  it('confirms unchanged values on every publish so they do not turn stale', async () => {
    const times: number[] = [];
    const { d, log } = driver(TAGS, {
      touch: (key) => key === 'P-503.RUN' && times.push(Date.now()),
    });
    await d.start();
    await waitFor(() => log.quality('P-503.RUN') === 'Good', 'a value');
    await waitFor(() => times.length >= 12, 'touches of an unchanged value', 5000);
    const gaps = times
      .slice(2)
      .map((t, i) => t - (times[i + 1] ?? t))
      .sort((a, b) => a - b);
    // The tag engine turns a tag stale after 3 scan periods (300 ms for this 100 ms class).
    expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThan(300);
  });

  it('writes, and reads back', async () => {
    const { d, log } = driver();
    await d.start();
    await waitFor(() => d.status().connected && log.quality('FIC-504.SP') === 'Good', 'connected');
    await expect(d.write('FIC-504.SP', 12.75)).resolves.toEqual({
      name: 'FIC-504.SP',
      value: 12.75,
      quality: 'Good',
    });
    await d.write('SIC-505.SP', -300);
    await d.write('XV-506.CMD', true);
    expect(srv.value('FIC-504.SP')).toBe(12.75);
    expect(srv.value('SIC-505.SP')).toBe(-300);
    expect(srv.value('XV-506.CMD')).toBe(true);
    const back = await d.read(['FIC-504.SP', 'SIC-505.SP', 'XV-506.CMD', 'LI-502']);
    expect(back.map((s) => [s.name, s.value, s.quality])).toEqual([
      ['FIC-504.SP', 12.75, 'Good'],
      ['SIC-505.SP', -300, 'Good'],
      ['XV-506.CMD', true, 'Good'],
      ['LI-502', 25, 'Good'],
    ]);
    expect(back[0]?.sourceTs).toBeTypeOf('number');
    await waitFor(() => log.get('FIC-504.SP')?.value === 12.75, 'the subscribed value');
    await expect(d.write('TI-501', 1)).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
    await expect(d.write('SIC-505.SP', 40_000)).rejects.toMatchObject({ code: 'BAD_VALUE' });
    await expect(d.write('NOPE-001', 1)).rejects.toMatchObject({ code: 'UNKNOWN_TAG' });
    expect(d.counters().writes).toBe(3);
  });

  it('marks a tag whose node does not exist Bad_ConfigurationError', async () => {
    const tags = [opcuaTag('TI-501', 'float64'), opcuaTag('TI-599', 'float64')];
    const { d, log } = driver(tags);
    await d.start();
    await waitFor(
      () => log.quality('TI-599') === 'Bad_ConfigurationError',
      'the configuration error',
    );
    await waitFor(() => log.quality('TI-501') === 'Good', 'the other tag');
  });

  it('marks every tag Bad_ConfigurationError when the namespace is unknown', async () => {
    const { d, log } = driver(TAGS, {}, { namespaceUri: 'urn:nowhere' });
    await d.start();
    await waitFor(
      () => log.quality('TI-501') === 'Bad_ConfigurationError',
      'the configuration error',
    );
    expect(d.status().lastError).toMatch(/urn:nowhere/);
    await expect(d.write('FIC-504.SP', 1)).rejects.toMatchObject({ code: 'DEVICE' });
  });

  it('reports comm loss when nothing listens, and fails writes fast', async () => {
    const { d, log } = driver(TAGS, {}, { endpointUrl: 'opc.tcp://127.0.0.1:1' });
    await d.start();
    await waitFor(() => log.quality('TI-501') === 'Bad_CommunicationError', 'comm loss');
    expect(d.status().connected).toBe(false);
    expect(d.status().lastError).toBeTruthy();
    await expect(d.write('FIC-504.SP', 1)).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });

  it('refuses deprecated policies and None to a remote endpoint at creation', () => {
    expect(() =>
      driver(TAGS, {}, { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256' as never }),
    ).toThrow(/deprecated/);
    expect(() => driver(TAGS, {}, { endpointUrl: 'opc.tcp://10.1.2.3:4840' })).toThrow(/refused/);
    drivers = [];
  });

  it('connects with SignAndEncrypt / Basic256Sha256 only once the server certificate is trusted', async () => {
    const secure = { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' } as const;
    const untrusted = driver(TAGS, { pkiDir: join(tmp, 'secure-untrusted') }, secure);
    await untrusted.d.start();
    await waitFor(
      () => /Untrusted/i.test(untrusted.d.status().lastError ?? ''),
      'a certificate refusal',
      15_000,
    );
    expect(untrusted.d.status().connected).toBe(false);
    expect(untrusted.log.quality('TI-501')).toBe('Bad_CommunicationError');

    const pkiDir = join(tmp, 'secure-trusted');
    const cm = new OPCUACertificateManager({ rootFolder: pkiDir });
    await cm.initialize();
    await cm.trustCertificate(srv.server.getCertificate());
    await cm.dispose();
    const trusted = driver(TAGS, { pkiDir }, secure);
    await trusted.d.start();
    await waitFor(
      () => trusted.log.quality('TI-501') === 'Good',
      'values over a secure channel',
      15_000,
    );
  });

  it('survives a server restart: comm loss, then values flow again', async () => {
    const { d, log } = driver();
    await d.start();
    await waitFor(() => log.quality('TI-501') === 'Good', 'a value', 15_000);
    const port = srv.port;
    await srv.close();
    await waitFor(() => log.quality('TI-501') === 'Bad_CommunicationError', 'comm loss', 10_000);
    expect(d.status().connected).toBe(false);
    // The new server registers another namespace first: the PLC's index moves and must be resolved again.
    srv = await startOpcuaServer({
      pkiDir: join(tmp, 'srv'),
      namespaceUri: NS,
      port,
      namespacesBefore: ['urn:zld:test:other'],
      variables: [
        { node: 'TI-501', dataType: DataType.Double, value: 55 },
        { node: 'LI-502', dataType: DataType.Float, value: 500 },
        { node: 'P-503.RUN', dataType: DataType.Boolean, value: false },
        { node: 'FIC-504.SP', dataType: DataType.Double, value: 3 },
        { node: 'SIC-505.SP', dataType: DataType.Int16, value: 0 },
        { node: 'XV-506.CMD', dataType: DataType.Boolean, value: false },
      ],
    });
    await waitFor(
      () => log.get('TI-501')?.value === 55 && log.quality('TI-501') === 'Good',
      'values again',
      20_000,
    );
    expect(log.get('LI-502')?.value).toBe(50);
    srv.set('TI-501', 56);
    await waitFor(() => log.get('TI-501')?.value === 56, 'live updates after the restart', 5000);
    expect(d.status().connected).toBe(true);
    expect(d.counters().reconnects).toBeGreaterThanOrEqual(1);
    await d.write('FIC-504.SP', 4.5);
    expect(srv.value('FIC-504.SP')).toBe(4.5);
  });
});
