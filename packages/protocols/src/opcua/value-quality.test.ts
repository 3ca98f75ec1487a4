// OPC UA values that cannot be right, from a real node-opcua server: out of range, NaN, the server's own Uncertain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, StatusCodes } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleLog, waitFor } from '../kernel/sample-log.fixture.js';
import { OpcuaDriver } from './client.js';
import { opcuaPlc, opcuaTag } from './opcua-plc.fixture.js';
import { startOpcuaServer, type OpcuaTestServer } from './opcua-server.fixture.js';

const NS = 'urn:zld:test:plc-901';
const tmp = mkdtempSync(join(tmpdir(), 'zld-opcua-q-'));
const range = { range: [-10, 210] as [number, number] };
let srv: OpcuaTestServer;

beforeAll(async () => {
  srv = await startOpcuaServer({
    pkiDir: join(tmp, 'srv'),
    namespaceUri: NS,
    variables: [
      { node: 'FT-601', dataType: DataType.Float, value: 33.3 },
      { node: 'TT-602', dataType: DataType.Double, value: 20 },
    ],
  });
});
afterAll(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('OPC UA values that cannot be right', () => {
  it('outside the range: Uncertain_EngineeringUnitsExceeded, kept, logged once; NaN Bad; the server’s own Uncertain stands', async () => {
    const log = new SampleLog();
    const lines: string[] = [];
    const d = new OpcuaDriver(opcuaPlc({ endpointUrl: srv.endpointUrl, namespaceUri: NS }), {
      tags: [opcuaTag('FT-601', 'float32', range), opcuaTag('TT-602', 'float64', range)],
      sink: log.sink,
      logger: { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) },
      pkiDir: join(tmp, 'client'),
    });
    try {
      await d.start();
      await waitFor(() => log.quality('FT-601') === 'Good', 'FT-601 Good', 10_000);
      srv.set('FT-601', 8.8e32);
      await waitFor(() => log.quality('FT-601') !== 'Good', 'FT-601 out of range');
      expect(log.get('FT-601')).toMatchObject({
        value: Math.fround(8.8e32),
        quality: 'Uncertain_EngineeringUnitsExceeded',
      });
      srv.set('FT-601', 9.1e32);
      await waitFor(() => log.get('FT-601')?.value === Math.fround(9.1e32), 'the next value');
      srv.set('TT-602', Number.NaN);
      await waitFor(() => log.quality('TT-602') === 'Bad_SensorFailure', 'NaN Bad');
      expect(log.get('TT-602')?.value).toBeNull();
      // A server that says Uncertain itself keeps its word.
      srv.set('TT-602', 500, StatusCodes.UncertainSensorNotAccurate);
      await waitFor(
        () => log.quality('TT-602') === 'Uncertain_SensorNotAccurate',
        'the server quality',
      );
      expect(log.get('TT-602')?.value).toBe(500);
      expect(lines.filter((l) => l.startsWith('warn'))).toEqual([
        "warn PLC-901: FT-601 read 8.8e+32 outside its range [-10, 210] (Uncertain_EngineeringUnitsExceeded): check the tag's range and scaling against the node's EURange",
        "warn PLC-901: TT-602 read NaN (Bad_SensorFailure): the device flags a failed sensor, or check the tag's range and scaling against the node's EURange",
      ]);
      expect(d.counters()).toMatchObject({ valuesBad: 1 });
      expect(d.counters().valuesOutOfRange).toBeGreaterThanOrEqual(2);
    } finally {
      await d.stop();
    }
  });
});
