// The pilot plant through export-csv and import-csv: every tag equal in everything the CSV carries.
import type { PlcDef, TagDef } from '@zld/plant';
import { loadPlant, parsePlantText, protocols } from '@zld/protocols';
import { describe, expect, it } from 'vitest';
import { plantYaml } from '../plant-output.js';
import { textOf } from '../protocol-text/index.js';
import { plantToCsv } from './export-csv.js';
import { csvToPlant } from './import-csv.js';
import { plcsFromCsv } from './plc-list.js';

const pilot = loadPlant();

/** A tag as the CSV carries it: addresses by what they name, scan classes by their period. */
function carried(t: TagDef, plcs: ReadonlyMap<string, PlcDef>) {
  const plc = t.plc !== undefined ? plcs.get(t.plc) : undefined;
  const alarms = Object.fromEntries(
    (['LL', 'L', 'H', 'HH'] as const)
      .filter((k) => t.alarms?.[k])
      .map((k) => [k, [t.alarms![k]!.limit, t.alarms![k]!.priority]]),
  );
  return {
    name: t.name,
    description: t.description,
    area: t.area,
    unit: t.unit,
    dataType: t.dataType,
    plc: t.plc,
    address:
      plc && t.address ? textOf(plc.protocol)!.addressKey(t.address, plc.settings) : undefined,
    scaling: t.scaling,
    range: t.range,
    scanMs: plc && t.scanClass !== undefined ? plc.scanClasses[t.scanClass]?.periodMs : undefined,
    states: t.states,
    writable: t.writable,
    write: t.writable && t.dataType !== 'bool' ? [t.write?.min, t.write?.max] : undefined,
    alarms,
  };
}

describe('the pilot plant through CSV and back', () => {
  const csv = plantToCsv(pilot);
  const imported = csvToPlant({
    text: csv.tags,
    file: 'pilot.csv',
    plcs: plcsFromCsv(csv.plcs, 'pilot.plcs.csv'),
    plantId: pilot.id,
    plantName: pilot.name,
  });

  it('reads back without a problem', () => {
    expect(imported.problems).toEqual([]);
    expect(imported.warnings).toEqual([]);
  });

  it('gives every PLC its connection settings back', () => {
    const plcs = imported.doc.plcs as Record<string, unknown>[];
    expect(plcs.map((p) => p.id)).toEqual(pilot.plcs.map((p) => p.id));
    for (const p of pilot.plcs) {
      const back = plcs.find((x) => x.id === p.id)!;
      expect(back.protocol).toBe(p.protocol);
      expect(protocols.get(p.protocol)!.settings.parse(back[p.protocol])).toEqual(p.settings);
    }
  });

  it('gives every tag back, equal in everything the CSV carries', () => {
    const doc = imported.doc as { plcs: PlcDef[]; tags: TagDef[] };
    const plcs = new Map(
      doc.plcs.map((p) => [
        p.id,
        { ...p, settings: (p as unknown as Record<string, never>)[p.protocol] },
      ]),
    );
    const before = pilot.tags.map((t) => carried(t, pilot.plcById));
    const after = doc.tags.map((t) =>
      carried(
        { ...t, writable: (t as { writable?: boolean }).writable === true },
        plcs as unknown as Map<string, PlcDef>,
      ),
    );
    expect(after).toEqual(before);
  });

  it('loads, its tags and PLCs equal to the pilot in everything the CSV carries', () => {
    const back = parsePlantText(plantYaml(imported.doc, 'round trip'), {
      source: 'pilot-again.yaml',
    });
    expect(back.tags.map((t) => carried(t, back.plcById))).toEqual(
      pilot.tags.map((t) => carried(t, pilot.plcById)),
    );
    expect(back.plcs.map((p) => [p.id, p.protocol, p.settings])).toEqual(
      pilot.plcs.map((p) => [p.id, p.protocol, p.settings]),
    );
  });

  it('says what the CSV leaves out', () => {
    expect(csv.leftOut.join('\n')).toMatch(/equipment .*\(46\)/);
    expect(csv.leftOut).toContain('the water balance');
  });
});
