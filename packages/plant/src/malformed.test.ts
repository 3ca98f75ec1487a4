import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { PlantDefinitionError, type PlantIssue } from './issues.js';
import { PILOT_PLANT_FILE } from './load.js';
import { parsePlant } from './parse.js';
import type { AnyProtocolDefinition } from './protocol.js';

const pilotText = readFileSync(PILOT_PLANT_FILE, 'utf8');

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Parses the pilot file, applies one change, and returns every issue the loader reports. */
function issuesAfter(change: (doc: Doc) => void): PlantIssue[] {
  const doc = parse(pilotText) as Doc;
  change(doc);
  try {
    parsePlant(stringify(doc), { source: 'changed.yaml' });
  } catch (e) {
    expect(e).toBeInstanceOf(PlantDefinitionError);
    return [...(e as PlantDefinitionError).issues];
  }
  throw new Error('the changed file was accepted');
}

const tagOf = (doc: Doc, name: string): Doc => doc.tags.find((t: Doc) => t.name === name);

const CASES: [string, (d: Doc) => void, string, RegExp][] = [
  [
    'a duplicate tag name',
    (d) => d.tags.push({ ...tagOf(d, 'FT-001'), address: { table: 'holding', address: 900 } }),
    'tags[FT-001].name',
    /duplicate tag name "FT-001"/,
  ],
  [
    'an alarm limit outside the range',
    (d) => (tagOf(d, 'LT-002').alarms.HH.limit = 120),
    'tags[LT-002].alarms.HH.limit',
    /outside the range \[0, 100\]/,
  ],
  [
    'LL above L',
    (d) => (tagOf(d, 'LIC-402').alarms.LL.limit = 25),
    'tags[LIC-402].alarms.LL.limit',
    /LL \(25\) must be below L \(20\)/,
  ],
  [
    'a balance term naming a tag that does not exist',
    (d) => (d.waterBalance.terms[0].sources[0].tag = 'FT-099'),
    'waterBalance.terms[makeup].sources[0].tag',
    /tag "FT-099" does not exist/,
  ],
  [
    'an unknown field',
    (d) => (tagOf(d, 'FT-001').colour = 'blue'),
    'tags[FT-001]',
    /unknown field "colour"/,
  ],
  [
    'a missing field',
    (d) => delete tagOf(d, 'FT-001').description,
    'tags[FT-001].description',
    /missing|expected string/,
  ],
  ['a wrong type', (d) => (tagOf(d, 'FT-001').range = 'wide'), 'tags[FT-001].range', /expected/i],
  [
    'a tag name with a space',
    (d) => (tagOf(d, 'FT-001').name = 'flow one'),
    'tags[flow one].name',
    /letters, digits/,
  ],
  [
    'a water-balance level tag in a unit the balance cannot read',
    (d) => (tagOf(d, 'LT-002').unit = 'degC'),
    'waterBalance.inventories[TK-002].levelTag',
    /is in "degC"; the balance reads %, m, mm/,
  ],
  [
    'a direct alarm named like a tag alarm',
    (d) => (d.waterBalance.directAlarms[0].id = 'LT-002.HH'),
    'waterBalance.directAlarms[LT-002.HH].id',
    /is the HH alarm of LT-002/,
  ],
  [
    'a bool clock tag',
    (d) => (d.plcs[0].clockTag = 'P-103.RUN'),
    'plcs[PLC-100].clockTag',
    /is a bool/,
  ],
  [
    'an unknown PLC',
    (d) => (tagOf(d, 'FT-001').plc = 'PLC-900'),
    'tags[FT-001].plc',
    /PLC "PLC-900" does not exist/,
  ],
  [
    'an unknown scan class',
    (d) => (tagOf(d, 'FT-001').scanClass = 'turbo'),
    'tags[FT-001].scanClass',
    /scan class "turbo" is not defined on PLC-300/,
  ],
  [
    'a normal range outside the range',
    (d) => (tagOf(d, 'LT-002').normal = [40, 180]),
    'tags[LT-002].normal',
    /outside the range/,
  ],
  [
    'an inverted range',
    (d) => (tagOf(d, 'FT-001').range = [20, 0]),
    'tags[FT-001].range',
    /must be below range high/,
  ],
  [
    'write limits outside the range',
    (d) => (tagOf(d, 'LIC-402.SP').write.max = 150),
    'tags[LIC-402.SP].write',
    /outside the range/,
  ],
  [
    'a writable analog tag without write limits',
    (d) => delete tagOf(d, 'FIC-405.SP').write,
    'tags[FIC-405.SP].write',
    /needs write limits/,
  ],
  [
    'write limits on a read-only tag',
    (d) => (tagOf(d, 'FT-001').write = { min: 0, max: 1 }),
    'tags[FT-001].write',
    /not writable/,
  ],
  [
    'scaling on a float',
    (d) => (tagOf(d, 'FT-001').scaling = { raw: [0, 100], eu: [0, 20] }),
    'tags[FT-001].scaling',
    /integer registers/,
  ],
  [
    'a negative read-back tolerance',
    (d) => (tagOf(d, 'LIC-402.SP').write.readbackTolerance = -0.1),
    'tags[LIC-402.SP].write.readbackTolerance',
    /0 or more/,
  ],
  [
    'a read-back settle time over a minute',
    (d) => (tagOf(d, 'LIC-402.SP').write.settleMs = 90_000),
    'tags[LIC-402.SP].write.settleMs',
    /at most 60000 ms/,
  ],
  [
    'a PLC settle time that is no whole number of ms',
    (d) => (d.plcs[0].writeSettleMs = 0.5),
    'plcs[PLC-100].writeSettleMs',
    /a whole number of milliseconds/,
  ],
  [
    'a loop whose setpoint is not writable',
    (d) => (tagOf(d, 'LIC-402.SP').writable = false),
    'loops[LIC-402].sp',
    /must be writable/,
  ],
  [
    'an interlock on an unknown tag',
    (d) => (d.interlocks[0].when.tag = 'LT-009'),
    'interlocks[IL-002-HH].when.tag',
    /"LT-009" does not exist/,
  ],
  [
    'a discharge path opened by a read-only tag',
    (d) => (d.waterBalance.dischargePaths[0].openedBy[0].tag = 'FT-901'),
    'waterBalance.dischargePaths[outfall].openedBy[0].tag',
    /must be writable/,
  ],
  [
    'an inventory tank without an area',
    (d) => (d.waterBalance.inventories[0].tank = 'P-405'),
    'waterBalance.inventories[P-405].tank',
    /no areaM2/,
  ],
  [
    'a computed balance tag that is a PLC tag',
    (d) => (d.waterBalance.computedTags.residual = 'FT-001'),
    'waterBalance.computedTags.residual',
    /must be a computed tag/,
  ],
  [
    'an unknown priority',
    (d) => (tagOf(d, 'FT-001').alarms.H.priority = 'urgent'),
    'tags[FT-001].alarms.H.priority',
    /critical|high|medium|low/,
  ],
  [
    'an alarm without its consequence',
    (d) => delete tagOf(d, 'FT-001').alarms.H.consequence,
    'tags[FT-001].alarms.H.consequence',
    /missing|expected string/,
  ],
];

describe('a malformed plant file', () => {
  it.each(CASES)('rejects %s, naming the field', (_what, change, where, message) => {
    const issues = issuesAfter(change);
    const hit = issues.find((i) => i.where === where && message.test(i.message));
    expect(
      hit,
      `expected "${where}: ${message}" among:\n${issues.map((i) => `${i.where}: ${i.message}`).join('\n')}`,
    ).toBeDefined();
  });

  it('reports every problem at once, with line numbers', () => {
    const issues = issuesAfter((d) => {
      tagOf(d, 'LT-002').alarms.HH.limit = 120;
      tagOf(d, 'FT-003').plc = 'PLC-900';
    });
    expect(issues.map((i) => i.where)).toEqual(
      expect.arrayContaining(['tags[LT-002].alarms.HH.limit', 'tags[FT-003].plc']),
    );
    for (const i of issues) expect(i.line).toBeGreaterThan(0);
  });

  it('names the file and each problem in one readable message', () => {
    try {
      parsePlant(pilotText.replace('unit: L/h', 'unit: [L/h'), { source: 'broken.yaml' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^Plant definition broken\.yaml is invalid/);
      expect((e as PlantDefinitionError).issues[0]?.line).toBeGreaterThan(0);
    }
  });

  it('rejects a file that is not a mapping', () => {
    expect(() => parsePlant('- just\n- a list\n', { source: 'list.yaml' })).toThrow(
      PlantDefinitionError,
    );
    expect(() => parsePlant('', { source: 'empty.yaml' })).toThrow(/invalid/);
  });

  it('rejects a duplicate key in the YAML itself', () => {
    expect(() => parsePlant('plant: {id: a}\nplant: {id: b}\n', { source: 'dup.yaml' })).toThrow(
      /unique|duplicate/i,
    );
  });
});

/** A protocol for the loader's own tests: a `port` setting and `{key}` addresses, each key once per PLC. */
const TOY: AnyProtocolDefinition = {
  id: 'modbus',
  title: 'Toy',
  settings: z
    .object({ port: z.number().int(), host: z.string(), unitId: z.number() })
    .passthrough(),
  address: z.object({ table: z.string(), address: z.number().int() }).strict(),
  endpointKey: (s: { host: string; port: number }) => `${s.host}:${s.port}`,
  check: (ctx) => {
    for (const t of ctx.tags)
      if ((t.address as { address: number }).address === 13)
        ctx.add(['tags', t.index, 'address'], `${ctx.plc.id}: 13 is unlucky`);
  },
};

describe('protocols in the loader', () => {
  const modbusOnly = (doc: Doc) => {
    doc.plcs = doc.plcs.filter((p: Doc) => p.modbus);
    doc.tags = doc.tags.filter((t: Doc) => t.plc !== 'PLC-200');
  };

  it('keeps settings and addresses as written when no protocol is given (structure only)', () => {
    const doc = parse(pilotText) as Doc;
    delete doc.plcs[0].modbus.maxGap;
    const plant = parsePlant(stringify(doc));
    expect(plant.plcById.get('PLC-100')?.protocol).toBe('modbus');
    expect(plant.plcById.get('PLC-100')?.settings.maxGap).toBeUndefined();
  });

  it('refuses a PLC without protocol or settings block, and one with two blocks', () => {
    const issues = issuesAfter((d) => {
      delete d.plcs[0].modbus;
      delete d.plcs[0].protocol;
      delete d.plcs[2].protocol;
      d.plcs[2].opcua = { endpointUrl: 'opc.tcp://127.0.0.1:1', namespaceUri: 'x' };
    });
    const text = issues.map((i) => `${i.where}: ${i.message}`);
    expect(text).toContain(
      'plcs[PLC-100]: a PLC needs "protocol" and its settings block (protocols: any)',
    );
    expect(text).toContain(
      'plcs[PLC-300]: several settings blocks (modbus, opcua): say which with "protocol"',
    );
  });

  it('parses settings and addresses with the protocol, runs its checks, and reports all at once with lines', () => {
    const doc = parse(pilotText) as Doc;
    modbusOnly(doc);
    doc.plcs[0].modbus.port = 'five';
    tagOf(doc, 'FT-001').address = { table: 'holding', address: 13 };
    tagOf(doc, 'FT-003').address = { table: 'holding' };
    tagOf(doc, 'LT-002').alarms.HH.limit = 120;
    let err: PlantDefinitionError | undefined;
    try {
      parsePlant(stringify(doc), { protocols: [TOY], source: 'toy.yaml' });
    } catch (e) {
      err = e as PlantDefinitionError;
    }
    const where = err?.issues.map((i) => i.where) ?? [];
    expect(where).toEqual(
      expect.arrayContaining([
        'plcs[PLC-100].modbus.port',
        'tags[FT-003].address',
        'tags[FT-003].address.address',
      ]),
    );
    for (const i of err?.issues ?? []) expect(i.line, i.where).toBeGreaterThan(0);
    // Once the shapes are right, the cross-reference checks and the protocol's own check speak.
    doc.plcs[0].modbus.port = 5020;
    tagOf(doc, 'FT-003').address = { table: 'holding', address: 700 };
    const late = issuesAfterParse(stringify(doc), [TOY]);
    expect(late.map((i) => `${i.where}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        'tags[FT-001].address: PLC-300: 13 is unlucky',
        'tags[LT-002].alarms.HH.limit: alarm limit 120 is outside the range [0, 100]',
      ]),
    );
  });

  it('names the protocols a PLC may use when it names another', () => {
    const doc = parse(pilotText) as Doc;
    modbusOnly(doc);
    doc.plcs[1].protocol = 's7';
    const issues = issuesAfterParse(stringify(doc), [TOY]);
    expect(issues.map((i) => `${i.where}: ${i.message}`)).toContain(
      'plcs[PLC-300].protocol: unknown protocol "s7" (protocols: modbus)',
    );
  });
});

function issuesAfterParse(text: string, protocols: AnyProtocolDefinition[]): PlantIssue[] {
  try {
    parsePlant(text, { protocols });
  } catch (e) {
    return [...(e as PlantDefinitionError).issues];
  }
  throw new Error('accepted');
}

describe('read-back settings', () => {
  it("carry a PLC's writeSettleMs and a tag's settleMs; a tolerance the file does not give stays unset", () => {
    const doc = parse(pilotText) as Doc;
    doc.plcs[0].writeSettleMs = 500;
    tagOf(doc, 'LIC-402.SP').write.settleMs = 0;
    delete tagOf(doc, 'LIC-402.SP').write.readbackTolerance;
    const plant = parsePlant(stringify(doc), { source: 'settle.yaml' });
    expect(plant.plcById.get('PLC-100')?.writeSettleMs).toBe(500);
    expect(plant.plcById.get('PLC-200')?.writeSettleMs).toBeUndefined();
    expect(plant.tag('LIC-402.SP').write).toEqual({
      min: 30,
      max: 70,
      maxStep: 10,
      critical: false,
      settleMs: 0,
    });
  });
});
