// browse against the project's simulated OPC UA PLC (PLC-200): every tag of the pilot comes back as a variable.
import type { OpcuaAddress } from '@zld/protocols';
import { loadPlant } from '@zld/protocols';
import { startSimulators, type RunningSimulators } from '@zld/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loaderIssues, plantYaml } from '../plant-output.js';
import { browsedPlant } from './browse-plant.js';
import { browseServer, type ServerBrowse } from './browse-server.js';

const PLC = 'PLC-200';
const plant = loadPlant();
const namespaceUri = (plant.plcById.get(PLC)!.settings as { namespaceUri: string }).namespaceUri;

let sim: RunningSimulators;
let found: ServerBrowse;
beforeAll(async () => {
  sim = await startSimulators({
    host: '127.0.0.1',
    controlPort: 0,
    ports: Object.fromEntries(plant.plcs.map((p) => [p.id, 0])),
    log: () => undefined,
  });
  found = await browseServer(sim.endpoints[PLC]!.url, { depth: 4 });
});
afterAll(async () => {
  await sim?.stop();
});

describe('browse the simulated PLC-200', () => {
  it('finds every tag of PLC-200 under its string NodeId, with its data type', () => {
    const byId = new Map(found.variables.map((v) => [v.nodeId, v]));
    const tags = plant.tagsOfPlc(PLC);
    expect(found.variables).toHaveLength(tags.length);
    const { doc } = browsedPlant(found.variables, {
      endpointUrl: sim.endpoints[PLC]!.url,
      plcId: PLC,
      plantId: 'plc-200',
      plantName: 'PLC-200',
    });
    const browsed = new Map(
      (doc.tags as { name: string }[]).map((t) => [t.name, t as Record<string, unknown>]),
    );
    for (const t of tags) {
      const node = (t.address as OpcuaAddress).node;
      const v = byId.get(`nsu=${namespaceUri};s=${node}`);
      expect(v, t.name).toBeDefined();
      expect(v!.browseName).toBe(t.name);
      const tag = browsed.get(t.name)!;
      expect([tag.dataType, tag.address, tag.area]).toEqual([
        t.dataType,
        { nodeId: `nsu=${namespaceUri};s=${node}` },
        (t.address as OpcuaAddress).folder,
      ]);
    }
  });

  it('takes the range and unit of every analog item from its EURange and EngineeringUnits', () => {
    const { doc } = browsedPlant(found.variables, {
      endpointUrl: sim.endpoints[PLC]!.url,
      plcId: PLC,
      plantId: 'plc-200',
      plantName: 'PLC-200',
    });
    const browsed = new Map(
      (doc.tags as { name: string }[]).map((t) => [t.name, t as Record<string, unknown>]),
    );
    const analog = plant
      .tagsOfPlc(PLC)
      .filter((t) => t.dataType !== 'bool' && !(t.states && !t.dataType.startsWith('float')));
    expect(analog.length).toBeGreaterThan(20);
    for (const t of analog) {
      const tag = browsed.get(t.name)!;
      expect([t.name, tag.range, tag.unit, tag.description]).toEqual([
        t.name,
        t.range,
        t.unit,
        t.description,
      ]);
    }
    expect((doc.plcs as Record<string, unknown>[])[0]).toMatchObject({
      opcua: { namespaceUri, endpointUrl: sim.endpoints[PLC]!.url },
    });
    expect(loaderIssues(plantYaml(doc, 'browsed'), 'plc-200.yaml')).toEqual([]);
  });
});
