// Two-person approval in the plant file: what the pilot marks, the defaults, and the loader's errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { PlantDefinitionError, type PlantIssue } from './issues.js';
import { PILOT_PLANT_FILE } from './load.js';
import { DEFAULT_APPROVAL_TIME_LIMIT_S } from './model.js';
import { parsePlant } from './parse.js';

const pilotText = readFileSync(PILOT_PLANT_FILE, 'utf8');
const SMALL = readFileSync(new URL('../plants/small-line.yaml', import.meta.url), 'utf8');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function issuesAfter(text: string, change: (doc: Doc) => void): PlantIssue[] {
  const doc = parse(text) as Doc;
  change(doc);
  try {
    parsePlant(stringify(doc), { source: 'changed.yaml' });
  } catch (e) {
    expect(e).toBeInstanceOf(PlantDefinitionError);
    return [...(e as PlantDefinitionError).issues];
  }
  throw new Error('the changed file was accepted');
}

describe('two-person approval in the plant file', () => {
  const pilot = parsePlant(pilotText, { source: 'pilot.yaml' });

  it('marks the outfall and discharge alarms and the high-high alarms behind interlocks', () => {
    const marked = pilot.alarms.filter((a) => a.approval === 'two-person').map((a) => a.id);
    for (const id of ['FT-901.HH', 'ZSC-901.DISCRETE', 'LSH-902.DISCRETE', 'ZLD-DISCHARGE'])
      expect(marked).toContain(id);
    for (const il of pilot.interlocks) {
      const c = il.when as { tag?: string };
      const hh = pilot.alarmById.get(`${c.tag}.HH`);
      if (hh) expect(hh.approval, hh.id).toBe('two-person');
    }
    expect(pilot.alarmById.get('LIC-402.H')?.approval).toBeUndefined();
    // Closing the outfall (the only write the gateway lets through to XV-901) must not wait.
    expect(pilot.tags.filter((t) => t.write?.approval !== undefined)).toEqual([]);
    expect(pilot.approvals).toEqual({ timeLimitS: 300, shelving: false });
  });

  it('defaults to a 5-minute time limit without shelving when the file says nothing', () => {
    const small = parsePlant(SMALL, { source: 'small-line.yaml' });
    expect(DEFAULT_APPROVAL_TIME_LIMIT_S).toBe(300);
    expect(small.approvals).toEqual({ timeLimitS: 300, shelving: false });
    expect(small.alarms.every((a) => a.approval === undefined)).toBe(true);
  });

  it.each<[string, (d: Doc) => void, string, RegExp]>([
    [
      'an unknown kind of approval on an alarm',
      (d) => (d.tags.find((t: Doc) => t.name === 'LT-002').alarms.HH.approval = 'two-man'),
      'tags[LT-002].alarms.HH.approval',
      /the only kind of approval is "two-person"/,
    ],
    [
      'an unknown kind of approval on a write',
      (d) => (d.tags.find((t: Doc) => t.name === 'P-103.CMD').write.approval = true),
      'tags[P-103.CMD].write.approval',
      /the only kind of approval is "two-person"/,
    ],
    [
      'a time limit below 30 s',
      (d) => (d.approvals = { timeLimitS: 5 }),
      'approvals.timeLimitS',
      /at least 30 s/,
    ],
    [
      'a time limit that is not whole seconds',
      (d) => (d.approvals = { timeLimitS: 90.5 }),
      'approvals.timeLimitS',
      /whole number of seconds/,
    ],
    [
      'an unknown approval setting',
      (d) => (d.approvals = { timeLimitS: 60, quorum: 3 }),
      'approvals',
      /quorum/,
    ],
    [
      'an approval on a tag that is not writable',
      (d) => (d.tags.find((t: Doc) => t.name === 'FT-001').write = { approval: 'two-person' }),
      'tags[FT-001].write',
      /not writable/,
    ],
  ])('refuses %s, with its path and line', (_, change, where, message) => {
    const issues = issuesAfter(pilotText, change);
    const hit = issues.find((i) => i.where === where);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit!.message).toMatch(message);
    expect(hit!.line).toBeGreaterThan(0);
  });

  it('takes a time limit and shelving from the file', () => {
    const doc = parse(SMALL) as Doc;
    doc.approvals = { timeLimitS: 120, shelving: true };
    const plant = parsePlant(stringify(doc), { source: 'small.yaml' });
    expect(plant.approvals).toEqual({ timeLimitS: 120, shelving: true });
  });
});
