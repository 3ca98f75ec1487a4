// The pilot plant file checked with the protocols: each module refuses its own malformed settings and addresses.
import { PILOT_PLANT_FILE, PlantDefinitionError, type PlantIssue } from '@zld/plant';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadPlant, parsePlantText } from './protocols.js';

const pilotText = readFileSync(PILOT_PLANT_FILE, 'utf8');

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function issuesAfter(change: (doc: Doc) => void): PlantIssue[] {
  const doc = parse(pilotText) as Doc;
  change(doc);
  try {
    parsePlantText(stringify(doc), { source: 'changed.yaml' });
  } catch (e) {
    expect(e).toBeInstanceOf(PlantDefinitionError);
    return [...(e as PlantDefinitionError).issues];
  }
  throw new Error('the changed file was accepted');
}

const tagOf = (doc: Doc, name: string): Doc => doc.tags.find((t: Doc) => t.name === name);
const plcOf = (doc: Doc, id: string): Doc => doc.plcs.find((p: Doc) => p.id === id);

const CASES: [string, (d: Doc) => void, string, RegExp][] = [
  [
    'OPC UA security mode None with a signing policy (the driver would refuse it at start)',
    (d) => (plcOf(d, 'PLC-200').opcua.securityPolicy = 'Basic256Sha256'),
    'plcs[PLC-200].opcua.securityMode',
    /security mode None goes with policy None/,
  ],
  [
    'OPC UA security mode None to a remote endpoint',
    (d) => (plcOf(d, 'PLC-200').opcua.endpointUrl = 'opc.tcp://10.0.0.20:4840'),
    'plcs[PLC-200].opcua.securityMode',
    /only loopback simulators may run unsecured/,
  ],
  [
    'a Modbus value wider than one read',
    (d) => (plcOf(d, 'PLC-100').modbus.maxRegistersPerRead = 1),
    'tags[TIC-101].dataType',
    /needs 2 registers, more than the 1 PLC-100 reads at once/,
  ],
  [
    'a register used twice',
    (d) => (tagOf(d, 'FT-003').address.address = tagOf(d, 'FT-001').address.address + 1),
    'tags[FT-003].address.address',
    /already used by FT-001/,
  ],
  [
    'an OPC UA node on a Modbus PLC',
    (d) => (tagOf(d, 'FT-001').address = { node: 'x', folder: 'TK-002' }),
    'tags[FT-001].address',
    /speaks Modbus/,
  ],
  [
    'a Modbus address on the OPC UA PLC',
    (d) => (tagOf(d, 'FT-401').address = { table: 'holding', address: 1 }),
    'tags[FT-401].address',
    /speaks OPC UA/,
  ],
  [
    'an OPC UA node used twice',
    (d) => (tagOf(d, 'FT-401').address.node = tagOf(d, 'AI-406').address.node),
    'tags[AI-406].address.node',
    /already used by FT-401/,
  ],
  [
    'a NodeId that is none',
    (d) => (tagOf(d, 'FT-401').address = { nodeId: 'ns=2;x=12' }),
    'tags[FT-401].address.nodeId',
    /must start with i=, s=, g= or b=/,
  ],
  [
    'both node and nodeId',
    (d) => (tagOf(d, 'FT-401').address.nodeId = 'ns=2;i=5'),
    'tags[FT-401].address',
    /either node .* or nodeId/,
  ],
  [
    'the same node twice, once by nodeId',
    (d) => {
      tagOf(d, 'FT-401').address = { nodeId: 'nsu=urn:x;i=7' };
      tagOf(d, 'AI-406').address = { nodeId: 'nsu=urn:x;i=7' };
    },
    'tags[AI-406].address.nodeId',
    /already used by FT-401/,
  ],
  [
    'a node in the PLC namespace when the PLC names none',
    (d) => delete plcOf(d, 'PLC-200').opcua.namespaceUri,
    'tags[FT-401].address.node',
    /needs the PLC's namespaceUri/,
  ],
  [
    'a bool in a holding register',
    (d) => (tagOf(d, 'LSH-902').address = { table: 'holding', address: 990 }),
    'tags[LSH-902].dataType',
    /bool belongs in a coil/,
  ],
  [
    'a duplicate PLC endpoint',
    (d) => (plcOf(d, 'PLC-300').modbus.port = 5020),
    'plcs[PLC-300]',
    /same endpoint/,
  ],
  [
    'a Modbus setting out of range',
    (d) => (plcOf(d, 'PLC-100').modbus.maxRegistersPerRead = 200),
    'plcs[PLC-100].modbus.maxRegistersPerRead',
    /125/,
  ],
  [
    'an unknown Modbus setting',
    (d) => (plcOf(d, 'PLC-100').modbus.baud = 9600),
    'plcs[PLC-100].modbus',
    /unknown field "baud"/,
  ],
  [
    'a deprecated OPC UA security policy',
    (d) => (plcOf(d, 'PLC-200').opcua.securityPolicy = 'Basic256'),
    'plcs[PLC-200].opcua.securityPolicy',
    /deprecated/,
  ],
  [
    'a protocol nobody registered',
    (d) => (plcOf(d, 'PLC-100').protocol = 'profinet'),
    'plcs[PLC-100].protocol',
    /unknown protocol "profinet" \(protocols: modbus, opcua, loopback\)/,
  ],
  [
    'a protocol without its settings block',
    (d) => {
      const p = plcOf(d, 'PLC-100');
      p.protocol = 'opcua';
    },
    'plcs[PLC-100]',
    /missing the "opcua" settings block/,
  ],
];

describe('the pilot plant file with the protocols', () => {
  it("loads, each PLC with its module's settings (defaults applied) and addresses", () => {
    const plant = loadPlant();
    expect(plant.plcs.map((p) => p.protocol)).toEqual(['modbus', 'opcua', 'modbus']);
    expect(plant.plcById.get('PLC-300')?.settings).toMatchObject({
      wordOrder: 'little',
      maxGap: 16,
    });
    expect(plant.tag('FT-401').address).toEqual({ node: 'P-401.FT-401', folder: 'P-401' });
  });

  it.each(CASES)('rejects %s, naming the field', (_what, change, where, message) => {
    const issues = issuesAfter(change);
    const hit = issues.find((i) => i.where === where && message.test(i.message));
    expect(
      hit,
      `expected "${where}: ${message}" among:\n${issues.map((i) => `${i.where}: ${i.message}`).join('\n')}`,
    ).toBeDefined();
    for (const i of issues) expect(i.line, i.where).toBeGreaterThan(0);
  });

  it('accepts any NodeId form, and a PLC without namespaceUri when every tag gives a nodeId', () => {
    const doc = parse(pilotText) as Doc;
    const forms = [
      'ns=3;i=1001',
      'nsu=urn:dev;s=Line1.Temp',
      'ns=1;g=72962b91-fa75-4ae6-8d28-b404dc7daf63',
      'ns=1;b=AQID',
      'i=2258',
    ];
    const opcuaTags = doc.tags.filter((t: Doc) => t.plc === 'PLC-200');
    opcuaTags.forEach((t: Doc, i: number) => (t.address = { nodeId: forms[i] ?? `ns=4;i=${i}` }));
    delete plcOf(doc, 'PLC-200').opcua.namespaceUri;
    const plant = parsePlantText(stringify(doc));
    expect(plant.tag(opcuaTags[1].name).address).toEqual({ nodeId: 'nsu=urn:dev;s=Line1.Temp' });
  });

  it('accepts a PLC that leaves out `protocol` when it has one settings block (files written before it)', () => {
    const doc = parse(pilotText) as Doc;
    for (const p of doc.plcs) delete p.protocol;
    const plant = parsePlantText(stringify(doc));
    expect(plant.plcs.map((p) => p.protocol)).toEqual(['modbus', 'opcua', 'modbus']);
  });
});
