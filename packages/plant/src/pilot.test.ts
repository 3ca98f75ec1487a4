import { describe, expect, it } from 'vitest';
import { loadPlantFile } from './load.js';
import { LIMIT_TYPES } from './model.js';
import {
  AI_903_BACKGROUND,
  ANALOG_ROWS,
  COMPUTED_BALANCE_TAGS,
  DISCRETE_ROWS,
} from './tag-list.fixture.js';

const plant = loadPlantFile();

describe('the pilot plant file', () => {
  it('has the three PLCs of the contract', () => {
    const byId = plant.plcById;
    expect(byId.get('PLC-100')).toMatchObject({
      protocol: 'modbus',
      settings: { host: '127.0.0.1', port: 5020, unitId: 1 },
    });
    expect(byId.get('PLC-200')).toMatchObject({
      protocol: 'opcua',
      settings: { endpointUrl: 'opc.tcp://127.0.0.1:4840' },
    });
    expect(byId.get('PLC-300')).toMatchObject({
      protocol: 'modbus',
      settings: { host: '127.0.0.1', port: 5021, unitId: 1 },
    });
    expect(byId.get('PLC-100')?.areas).toEqual(['leach', 'sx', 'oxalate']);
    expect(byId.get('PLC-200')?.areas).toEqual(['zld-feed', 'mvr', 'crystallizer']);
    expect(byId.get('PLC-300')?.areas).toEqual(['boundary', 'condensate', 'outfall']);
  });

  it.each(ANALOG_ROWS)(
    '%s has the unit, normal range and alarm limits of the tag list',
    (name, unit, lo, hi, ...limits) => {
      const t = plant.tag(name);
      expect(t.unit).toBe(unit);
      expect(t.normal, `${name} normal range`).toBeDefined();
      expect(t.normal![0]).toBeLessThanOrEqual(lo);
      expect(t.normal![1]).toBeGreaterThanOrEqual(hi);
      LIMIT_TYPES.forEach((type, i) => {
        const want = limits[i];
        const got = t.alarms?.[type]?.limit;
        if (want === null) expect(got, `${name}.${type}`).toBeUndefined();
        else expect(got, `${name}.${type}`).toBe(want);
      });
      expect(t.range[0]).toBeLessThanOrEqual(t.normal![0]);
      expect(t.range[1]).toBeGreaterThanOrEqual(t.normal![1]);
    },
  );

  it.each(DISCRETE_ROWS)('%s is present, alarming on %s', (name, abnormal) => {
    const t = plant.tag(name);
    if (abnormal === null) expect(t.alarms?.DISCRETE).toBeUndefined();
    else expect(t.alarms?.DISCRETE?.activeWhen).toBe(abnormal);
  });

  it('alarms AI-903 at twice its background', () => {
    const t = plant.tag('AI-903');
    expect(t.alarms?.H?.limit).toBe(2 * AI_903_BACKGROUND);
    expect(t.normal![0]).toBeLessThan(AI_903_BACKGROUND);
    expect(t.normal![1]).toBeGreaterThan(AI_903_BACKGROUND);
  });

  it('defines the computed balance tags FY-910 to FY-916', () => {
    for (const n of COMPUTED_BALANCE_TAGS) expect(plant.tag(n).computed).toBe(true);
    expect(plant.tag('FY-914').alarms?.H).toMatchObject({ limit: 2, onDelayS: 600, deadband: 0.5 });
    expect(plant.tag('FY-914').alarms?.HH?.limit).toBe(5);
    expect(plant.tag('FY-915').alarms?.H?.limit).toBe(5);
    expect(plant.tag('FY-915').alarms?.HH?.limit).toBe(10);
    expect(plant.tag('FY-916').alarms?.L?.limit).toBe(97.5);
    expect(plant.tag('FY-916').alarms?.LL?.limit).toBe(90);
  });

  it('gives every controller a writable setpoint, mode and output within limits', () => {
    expect(plant.loops.length).toBeGreaterThanOrEqual(25);
    for (const l of plant.loops) {
      for (const n of [l.sp, l.out, l.mode]) expect(plant.tag(n).writable, n).toBe(true);
      const sp = plant.tag(l.sp);
      expect(sp.write?.min).toBeGreaterThanOrEqual(sp.range[0]);
      expect(sp.write?.max).toBeLessThanOrEqual(sp.range[1]);
    }
    expect(plant.tag('LIC-402.SP').write).toMatchObject({ min: 30, max: 70 });
  });

  it('makes pump and valve commands writable and critical', () => {
    const commands = plant.equipment
      .filter((e) => e.commandTag)
      .map((e) => plant.tag(e.commandTag!));
    expect(commands.length).toBeGreaterThanOrEqual(15);
    for (const c of commands) expect(c.write?.critical, c.name).toBe(true);
  });

  it('holds the interlocks of plant model section 4 and the ZLD rule', () => {
    const il = new Map(plant.interlocks.map((i) => [i.id, i]));
    expect(il.get('IL-902-WET')?.actions).toEqual([{ tag: 'XV-901.CMD', value: false }]);
    expect(il.get('IL-510-HH')?.actions).toEqual([{ tag: 'XV-510.CMD', value: true }]);
    expect(il.get('IL-404-HH')?.actions).toEqual([{ tag: 'P-405.CMD', value: false }]);
    expect(il.get('IL-402-HH')?.when).toEqual({ tag: 'LIC-402', op: 'ge', value: 90, forS: 0 });
    expect(il.get('IL-ZLD-OUTFALL')).toMatchObject({
      when: { always: true },
      blocks: [{ tag: 'XV-901.CMD', value: true }],
      enforcedBy: ['plc', 'gateway'],
    });
    // every aqueous tank with a level transmitter and an HH alarm has an HH interlock or is a controlled vessel
    const tanksWithHH = plant.equipment.filter(
      (e) => e.kind === 'tank' && e.aqueous && e.levelTag && plant.tag(e.levelTag).alarms?.HH,
    );
    for (const t of tanksWithHH) {
      const covered = plant.interlocks.some(
        (i) => 'tag' in i.when && i.when.tag === t.levelTag && i.when.op === 'ge',
      );
      expect(covered, `${t.id} HH interlock`).toBe(true);
    }
  });

  it('closes the nominal water balance of plant model section 5 from nominal meter readings', () => {
    const nominal: Record<string, number> = {
      'FT-001': 0.5,
      'FT-003': 4.4,
      'FT-004': 2.2,
      'FIC-302': 9,
      'WT-005': 2.5,
      'WT-306': 2.5,
      'WT-612': 2.8,
      'AI-613': 5,
      'FT-607': 0.45,
      'FT-509': 39,
      'FT-606': 9.7,
      'FT-704': 3.7,
      'FT-901': 0,
    };
    const kg = (id: string) => {
      const term = plant.waterBalance!.terms.find((t) => t.id === id)!;
      return term.sources.reduce(
        (s, src) =>
          s +
          nominal[src.tag]! * src.factor * (src.percentTag ? nominal[src.percentTag]! / 100 : 1),
        term.constantKgH ?? 0,
      );
    };
    const expectNear = (id: string, want: number) => expect(kg(id), id).toBeCloseTo(want, 1);
    expectNear('makeup', 0.5);
    expectNear('hcl-water', 3.5);
    expectNear('naoh-water', 1.7);
    expectNear('oxalic-crystal-water', 0.34);
    expectNear('reaction-water', 0.75);
    expectNear('fe-residue', 0.8);
    expectNear('oxalate-cake', 1.07);
    expectNear('salt-cake', 0.14);
    expectNear('dryer-vapour', 0.37);
    expectNear('vents', 0.73);
    expectNear('export', 3.7);
    const sum = (kinds: string[]) =>
      plant
        .waterBalance!.terms.filter((t) => kinds.includes(t.kind))
        .reduce((s, t) => s + kg(t.id), 0);
    const into = sum(['input', 'reaction']);
    const out = sum(['solids', 'vapour', 'export', 'discharge']);
    expect(Math.abs(into - out) / into).toBeLessThan(0.02);
  });

  it('keeps every Modbus value inside 125-register reach of a single plan', () => {
    for (const p of plant.plcs.filter((x) => x.protocol === 'modbus')) {
      const tags = plant.tagsOfPlc(p.id);
      expect(tags.length).toBeGreaterThan(10);
      for (const t of tags) expect(t.address && 'table' in t.address, t.name).toBe(true);
    }
  });

  it('gives every alarm the master-alarm-database fields', () => {
    for (const a of plant.alarms) {
      for (const k of [
        'tag',
        'type',
        'priority',
        'cause',
        'consequence',
        'action',
        'class',
        'rationale',
        'approver',
      ] as const)
        expect(a[k], `${a.id}.${k}`).toBeTruthy();
      expect(a.responseTimeS).toBeGreaterThan(0);
      expect(a.onDelayS).toBeGreaterThanOrEqual(0);
      expect(a.offDelayS).toBeGreaterThanOrEqual(0);
    }
    expect(plant.alarmById.get('ZLD-DISCHARGE')).toMatchObject({
      priority: 'critical',
      message: 'LIQUID DISCHARGE DETECTED',
    });
  });
});
