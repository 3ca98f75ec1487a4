// The engine on the real master alarm database of the pilot plant file.
import { loadPlantFile, type TagDef } from '@zld/plant';
import { describe, expect, it } from 'vitest';
import { T0 } from './alarm-def.fixture.js';
import { AlarmEngine } from './engine.js';
import type { AlarmInput } from './reading.js';

const plant = loadPlantFile();

/** A quiet plant: every analog tag mid-normal, every switch in its healthy state. */
function quietValues(): Map<string, AlarmInput> {
  const v = new Map<string, AlarmInput>();
  for (const t of plant.tags) v.set(t.name, { value: quiet(t), quality: 'Good' });
  return v;
}

function quiet(t: TagDef): number | boolean {
  if (t.dataType === 'bool') {
    const bad = t.alarms?.DISCRETE?.activeWhen;
    return bad === undefined ? true : !bad;
  }
  const [lo, hi] = t.normal ?? t.range;
  const mid = (lo + hi) / 2;
  const d = t.alarms?.DISCRETE?.activeWhen;
  return typeof d === 'number' && d === Math.round(mid) ? mid + 1 : mid;
}

describe('the pilot plant alarms', () => {
  it('uses every alarm type the plant file defines', () => {
    const types = new Set(plant.alarms.map((a) => a.type));
    expect([...types].sort()).toEqual(['DIRECT', 'DISCRETE', 'H', 'HH', 'L', 'LL', 'ROC'].sort());
  });

  it('a quiet plant raises no alarm; a rising TK-402 raises HH, ROC and the overflow alarm', () => {
    const engine = new AlarmEngine(plant.alarms);
    const values = quietValues();
    let t = T0;
    for (let s = 0; s < 600; s += 5) engine.evaluate(values, (t = T0 + s * 1000));
    expect(engine.list().map((a) => a.id)).toEqual([]);

    const start = (values.get('LIC-402')?.value as number) ?? 50;
    const events = [];
    for (let s = 1; s <= 600; s++) {
      values.set('LIC-402', { value: Math.min(99, start + s * 0.1), quality: 'Good' });
      events.push(...engine.evaluate(values, t + s * 1000).events);
    }
    const raised = new Set(events.filter((e) => e.kind === 'activate').map((e) => e.alarmId));
    expect(raised).toContain('LIC-402.H');
    expect(raised).toContain('LIC-402.HH');
    expect(raised).toContain('LIC-402.ROC');
    expect(raised).toContain('ZLD-TANK-OVERFLOW');
    expect(engine.get('ZLD-TANK-OVERFLOW')).toMatchObject({
      priority: 'high',
      severity: 700,
      message: 'TANK HH OVERFLOW RISK',
      state: 'Unack-Active',
      tag: 'LT-002',
    });
  });
});
