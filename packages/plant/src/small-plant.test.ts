// What a small plant may leave out, the names it may use, and the warnings the loader gives instead of errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEFAULT_ALARM_DEFAULTS } from './defaults.js';
import { PlantDefinitionError } from './issues.js';
import { PILOT_PLANT_FILE } from './load.js';
import { parsePlant } from './parse.js';

const SMALL = readFileSync(new URL('../plants/small-line.yaml', import.meta.url), 'utf8');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const smallWith = (change: (d: Doc) => void) => {
  const doc = parse(SMALL) as Doc;
  change(doc);
  return parsePlant(stringify(doc), { source: 'small.yaml' });
};

describe('a small plant', () => {
  const plant = parsePlant(SMALL, { source: 'small-line.yaml' });

  it('needs no balance, alarm defaults, clock tag, display, or unit and range for discrete tags', () => {
    expect(plant.waterBalance).toBeUndefined();
    expect(plant.file.alarmDefaults).toEqual(DEFAULT_ALARM_DEFAULTS);
    expect(plant.plcs[0]).toMatchObject({ id: 'Line1_PLC' });
    expect(plant.plcs[0]!.clockTag).toBeUndefined();
    expect(plant.areas[0]!.display).toBeUndefined();
    expect(plant.tag('Pump.Run')).toMatchObject({ unit: '', range: [0, 1] });
    expect(plant.tag('Batch:Count')).toMatchObject({ unit: '', range: [0, 65535] });
  });

  it('warns, with path and line, about names not in the ISA-5.1 form and a tag without a range', () => {
    expect(plant.warnings.map((w) => `${w.where}: ${w.message}`)).toContain(
      'tags[Line1_Temp].name: "Line1_Temp" is not an ISA-5.1 tag name such as FT-001 or LIC-402.SP (kept as the PLC names it)',
    );
    expect(plant.warnings.find((w) => w.where === 'tags[Batch:Count]')?.message).toMatch(
      /no range: the span of uint16 is used/,
    );
    for (const w of plant.warnings) expect(w.line).toBeGreaterThan(0);
  });

  it('gives the pilot, all ISA-5.1 with ranges, no warning', () => {
    expect(parsePlant(readFileSync(PILOT_PLANT_FILE, 'utf8')).warnings).toEqual([]);
  });

  it('takes a tag with states its span of states as range', () => {
    const p = smallWith((d) => {
      const t = d.tags.find((x: Doc) => x.name === 'Batch:Count');
      t.states = { '0': 'IDLE', '1': 'RUN', '3': 'FAULT' };
    });
    expect(p.tag('Batch:Count').range).toEqual([0, 3]);
  });

  it.each([
    ['a space', 'Line 1 Temp'],
    ['a slash', 'Line1/Temp'],
    ['65 characters', 'T'.repeat(65)],
    ['a leading dot', '.Temp'],
  ])('refuses a tag name with %s, naming the field', (_what, name) => {
    try {
      smallWith((d) => (d.tags[0].name = name));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlantDefinitionError);
      const issue = (e as PlantDefinitionError).issues[0]!;
      expect(issue.message).toMatch(/letters, digits, "_", "-", "\." or ":" only/);
      expect(issue.line).toBeGreaterThan(0);
    }
  });

  it('refuses names JavaScript objects reserve', () => {
    expect(() => smallWith((d) => (d.tags[0].name = '__proto__'))).toThrow(/reserve/);
  });

  it("accepts the PLC's own names with _ - . : in tags and PLCs", () => {
    const p = smallWith((d) => {
      d.plcs[0].id = 'CPU-1:Rack.0';
      for (const t of d.tags) t.plc = 'CPU-1:Rack.0';
      d.tags[0].name = '_Motor-2:Speed.Act';
    });
    expect(p.plcs[0]!.id).toBe('CPU-1:Rack.0');
    expect(p.tag('_Motor-2:Speed.Act').plc).toBe('CPU-1:Rack.0');
  });
});
