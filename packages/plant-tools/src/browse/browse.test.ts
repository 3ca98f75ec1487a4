// browse against a real node-opcua server with numeric and GUID NodeIds in nested folders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, loadPlant } from '@zld/protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlantCli } from '../cli.js';
import { browsedPlant } from './browse-plant.js';
import { browseServer } from './browse-server.js';
import {
  GUID_ID,
  NUMERIC_NS,
  startNumericServer,
  type NumericServer,
} from './numeric-server.fixture.js';

let server: NumericServer;
beforeAll(async () => {
  server = await startNumericServer();
});
afterAll(async () => {
  await server?.close();
});

const OPTIONS = { plcId: 'PLC-1', plantId: 'line1', plantName: 'Line 1' };

describe('browse a server with numeric NodeIds', () => {
  it('finds the variables within the depth with their types, ranges and units', async () => {
    const { variables } = await browseServer(server.endpointUrl, { depth: 3 });
    const byId = new Map(variables.map((v) => [v.nodeId, v]));
    const id = (n: number) => `nsu=${NUMERIC_NS};i=${n}`;
    expect(byId.get(id(5001))).toMatchObject({
      browseName: 'Temp',
      description: 'Reactor temperature',
      path: ['Line1'],
      builtInType: 'Float',
      valueRank: -1,
      euRange: [0, 200],
      unit: '°C',
      writable: false,
    });
    expect(byId.get(id(5002))).toMatchObject({ builtInType: 'Double', path: ['Line1'] });
    expect(byId.get(id(5002))!.euRange).toBeUndefined();
    expect(byId.get(id(5003))).toMatchObject({ builtInType: 'Boolean', writable: true });
    expect(byId.get(id(5006))!.valueRank).toBe(1);
    expect(byId.get(id(5011))).toMatchObject({
      path: ['Line1', 'Pump 1'],
      euRange: [-100, 100],
      unit: '%',
    });
    expect(byId.get(`nsu=${NUMERIC_NS};g=${GUID_ID}`)).toMatchObject({ builtInType: 'Int32' });
    expect(byId.has(id(5022))).toBe(false);
    const deeper = await browseServer(server.endpointUrl, { depth: 4 });
    expect(deeper.variables.find((v) => v.nodeId === id(5022))?.path).toEqual([
      'Line1',
      'Deep',
      'Deeper',
    ]);
  });

  it('makes one PLC of them: valid unique names, the top folder as the area, nsu NodeIds, the left-out said', async () => {
    const { variables } = await browseServer(server.endpointUrl, { depth: 4 });
    const { doc, notes } = browsedPlant(variables, { ...OPTIONS, endpointUrl: server.endpointUrl });
    const tags = doc.tags as Record<string, unknown>[];
    expect(tags.map((t) => [t.name, t.area, t.dataType])).toEqual([
      ['Line1.Temp', 'Line1', 'float32'],
      ['Level', 'Line1', 'float64'],
      ['Run', 'Line1', 'bool'],
      ['Count', 'Line1', 'uint32'],
      ['Mode', 'Line1', 'int32'],
      ['Speed', 'Line1', 'int16'],
      ['Pump_1.Temp', 'Line1', 'float32'],
      ['Hidden', 'Line1', 'float64'],
    ]);
    expect(tags[0]).toMatchObject({
      description: 'Reactor temperature',
      unit: '°C',
      plc: 'PLC-1',
      address: { nodeId: `nsu=${NUMERIC_NS};i=5001` },
      range: [0, 200],
    });
    expect(tags[1]!.range).toBeUndefined();
    expect(doc.areas).toEqual([{ id: 'Line1', name: 'Line1' }]);
    expect((doc.plcs as Record<string, unknown>[])[0]).toMatchObject({
      id: 'PLC-1',
      protocol: 'opcua',
      opcua: { endpointUrl: server.endpointUrl, namespaceUri: NUMERIC_NS },
    });
    expect(notes).toEqual([
      '1 variable left out: String',
      '1 variable left out: arrays',
      "5 tags have no EURange on the server: left without a range (the loader takes the data type's span); set the instrument range",
      '1 variable is writable on the server; the tags are read-only until you set writable and write limits',
    ]);
  });

  it('keeps only the variables of --namespace', async () => {
    const { variables } = await browseServer(server.endpointUrl, {
      depth: 4,
      namespaceUri: 'urn:none',
    });
    expect(variables).toEqual([]);
  });
});

describe('npm run plant -- browse', () => {
  async function run(...args: string[]) {
    let out = '';
    let err = '';
    const code = await runPlantCli(args, {
      out: (t) => (out += t),
      err: (t) => (err += t),
      cwd: tmpdir(),
    });
    return { code, out, err };
  }

  it('refuses security None to a host that is not loopback, and says when it cannot reach a server', async () => {
    const remote = await run('browse', 'opc.tcp://192.0.2.1:4840');
    expect(remote.code).toBe(2);
    expect(remote.err).toContain('not a loopback address');
    const port = await freePort();
    const closed = await run('browse', `opc.tcp://127.0.0.1:${port}`);
    expect(closed.code).toBe(2);
    expect(closed.err).toContain(`cannot browse opc.tcp://127.0.0.1:${port}`);
    expect((await run('browse', server.endpointUrl, '--depth', '0')).code).toBe(2);
  });

  it('writes a plant file that loads, with the notes on standard error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plant-browse-'));
    try {
      const r = await run(
        'browse',
        server.endpointUrl,
        '--depth',
        '4',
        '-o',
        join(dir, 'line.yaml'),
      );
      expect(r.err).toContain('note: 1 variable left out: String');
      expect(r.err).toContain('wrote');
      expect(r.code).toBe(0);
      const plant = loadPlant(join(dir, 'line.yaml'));
      expect(plant.tags.map((t) => t.name)).toContain('Pump_1.Temp');
      expect(plant.tag('Line1.Temp').address).toEqual({ nodeId: `nsu=${NUMERIC_NS};i=5001` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
