import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { PlantDefinitionError, type PlantIssue } from './issues.js';
import { PILOT_PLANT_FILE } from './load.js';
import { parsePlant } from './parse.js';

const pilotText = readFileSync(PILOT_PLANT_FILE, 'utf8');

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Parses the pilot file, applies one change, and returns every issue the loader reports. */
function issuesAfter(change: (doc: Doc) => void): PlantIssue[] {
  const doc = parse(pilotText) as Doc;
  change(doc);
  try {
    parsePlant(stringify(doc), 'changed.yaml');
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
    'a register used twice',
    (d) => (tagOf(d, 'FT-003').address.address = tagOf(d, 'FT-001').address.address + 1),
    'tags[FT-003].address.address',
    /already used by FT-001/,
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
    (d) => delete tagOf(d, 'FT-001').unit,
    'tags[FT-001].unit',
    /missing|expected string/,
  ],
  ['a wrong type', (d) => (tagOf(d, 'FT-001').range = 'wide'), 'tags[FT-001].range', /expected/i],
  [
    'a non-ISA tag name',
    (d) => (tagOf(d, 'FT-001').name = 'flow one'),
    'tags[flow one].name',
    /ISA-5.1/,
  ],
  [
    'an unknown PLC',
    (d) => (tagOf(d, 'FT-001').plc = 'PLC-900'),
    'tags[FT-001].plc',
    /PLC "PLC-900" does not exist/,
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
    'an unknown scan class',
    (d) => (tagOf(d, 'FT-001').scanClass = 'turbo'),
    'tags[FT-001].scanClass',
    /scan class "turbo" is not defined on PLC-300/,
  ],
  [
    'a bool in a holding register',
    (d) => (tagOf(d, 'LSH-902').address = { table: 'holding', address: 990 }),
    'tags[LSH-902].dataType',
    /bool belongs in a coil/,
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
  [
    'a duplicate PLC endpoint',
    (d) => (d.plcs[2].modbus.port = 5020),
    'plcs[PLC-300]',
    /same endpoint/,
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
      parsePlant(pilotText.replace('unit: L/h', 'unit: [L/h'), 'broken.yaml');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^Plant definition broken\.yaml is invalid/);
      expect((e as PlantDefinitionError).issues[0]?.line).toBeGreaterThan(0);
    }
  });

  it('rejects a file that is not a mapping', () => {
    expect(() => parsePlant('- just\n- a list\n', 'list.yaml')).toThrow(PlantDefinitionError);
    expect(() => parsePlant('', 'empty.yaml')).toThrow(/invalid/);
  });

  it('rejects a duplicate key in the YAML itself', () => {
    expect(() => parsePlant('plant: {id: a}\nplant: {id: b}\n', 'dup.yaml')).toThrow(
      /unique|duplicate/i,
    );
  });
});
