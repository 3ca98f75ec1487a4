import type { Value } from '@zld/tags';
import type { WaterBalanceResult } from '@zld/water-balance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../alarming/alarm-http.fixture.js';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ startBalance: false });
});
/** Swaps in an app whose balance runs the flat-line check (30 min). */
async function withFlatlineCheck(): Promise<void> {
  await t.close();
  t = await testApp({ startBalance: false, flatlineS: 1800 });
}
afterEach(async () => {
  await t.close();
});

/**
 * A plant in balance: 5.7425 kg/h make-up in; out, 5 kg/h of condensate exported and the vents' estimate
 * (1.5 % of the 49.5 kg/h distillate); every other boundary flow at 0 and the levels steady. 59.5 kg/h of
 * water processed (FIC-405 x 0.99 + FT-606); of the 50.25 kg/h evaporated (FIC-405 x 0.978 + the 1.35 kg/h
 * demister wash FT-511), 98.5 % recovered as distillate (the vents lose the rest).
 */
function steady(): Record<string, Value> {
  const v: Record<string, Value> = {};
  for (const name of t.balance.inputTags) {
    const def = t.plant.tag(name);
    v[name] = def.dataType === 'bool' ? false : def.unit === '%' ? 50 : 0;
  }
  return {
    ...v,
    'FT-001': 5.7425,
    'FT-704': 5,
    'FIC-405': 50,
    'FT-511': 1.35,
    'FT-606': 10,
    'FT-509': 39.5,
    'ZSC-901': true, // the outfall valve closed
  };
}

/** Runs the plant for `seconds`, a sample of every input every 10 s, computing and evaluating each time. */
async function run(seconds: number, values: (s: number) => Record<string, Value>): Promise<void> {
  for (let s = 10; s <= seconds; s += 10) {
    t.clock.advance(10_000);
    t.pushAll(values(s));
    await t.settle();
    t.balance.tick();
    t.alarms.tick();
  }
}

const fy = (name: string) => t.runtime.value(name)!;

describe('BalanceService', () => {
  it('computes nothing before its first sample (GET /api/water-balance answers 503)', async () => {
    t.balance.start();
    expect(t.balance.tick()).toBeNull();
    const res = await t.call('viewer', 'GET', '/api/water-balance');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
  });

  it('closes a plant in balance and publishes FY-910 .. FY-917 with their qualities', async () => {
    t.balance.start();
    await run(75 * 60, () => steady());
    const r = t.balance.current()!;
    const hour = r.windows.find((w) => w.id === '1h')!;
    expect(hour.filled).toBe(true);
    expect(hour.closurePct!).toBeCloseTo(0, 6);
    expect(hour.inKgH).toBeCloseTo(5.7425, 6);
    expect(hour.normaliserKgH!).toBeCloseTo(59.5, 6);
    expect(r.discharge.state).toBe('none');
    expect(fy('FY-910')).toMatchObject({ value: expect.closeTo(5.7425, 2), quality: 'Good' });
    expect(fy('FY-914')).toMatchObject({ value: expect.closeTo(0, 3), quality: 'Good' });
    expect(fy('FY-916')).toMatchObject({ value: expect.closeTo(98.5, 1), quality: 'Good' });
    // The 24 h window has not filled: its closure has no value yet, and says so.
    expect(fy('FY-915')).toMatchObject({ value: null, quality: 'Bad_WaitingForInitialData' });
    expect(t.alarms.list().filter((a) => a.tag.startsWith('FY-'))).toEqual([]);

    const res = await t.call('viewer', 'GET', '/api/water-balance');
    expect(res.statusCode).toBe(200);
    expect(res.json<WaterBalanceResult>()).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('sees a 5 kg/h loss from TK-402 as a positive residual and raises the 1 h closure alarm', async () => {
    t.balance.start();
    await run(65 * 60, () => steady());
    // TK-402 (1 m3, 0.97 kg/L) loses 5 kg/h that no meter sees: its level falls 0.515 %/h.
    const leakStart = t.clock.now();
    const lossPctPerS = 5 / 9.7 / 3600;
    await run(70 * 60, (s) => ({ ...steady(), 'LIC-402': 50 - lossPctPerS * s }));
    const hour = t.balance.current()!.windows.find((w) => w.id === '1h')!;
    expect(hour.residual.kgH).toBeGreaterThan(3.5);
    expect(fy('FY-913').value as number).toBeGreaterThan(3.5);
    const alarm = t.alarms.get('FY-914.HH')!;
    expect(alarm).toMatchObject({ active: true, questionable: false });
    expect(Date.parse(alarm.activeSince!) - leakStart).toBeLessThan(70 * 60_000);
    expect(t.alarms.get('FY-914.L')!.active).toBe(false);
  });

  it('makes the balance alarms questionable, never silent, when a term turns Bad', async () => {
    t.balance.start();
    await run(65 * 60, () => steady());
    await run(40 * 60, (s) => ({ ...steady(), 'LIC-402': 50 - s / 360 }));
    expect(t.alarms.get('FY-914.HH')!.active).toBe(true);

    // FT-001 stops answering: the 1 h window, FY-914 and the alarm all say Bad; the alarm holds.
    t.push('FT-001', null, 'Bad_CommunicationError');
    await t.settle();
    await run(20 * 60, (s) => {
      const { 'FT-001': _gone, ...rest } = steady();
      return { ...rest, 'LIC-402': 50 - (2400 + s) / 360 };
    });
    const r = t.balance.current()!;
    expect(r.questionable).toBe(true);
    expect(r.issues.join(' ')).toContain('FT-001');
    expect(fy('FY-914')).toMatchObject({ value: null, quality: 'Bad_CommunicationError' });
    expect(t.alarms.get('FY-914.HH')).toMatchObject({
      active: true,
      questionable: true,
      quality: 'Bad_CommunicationError',
    });
  });

  it('feeds the values already known when it starts, from the start', async () => {
    t.pushAll(steady());
    await t.settle();
    t.clock.advance(3_600_000);
    t.balance.start();
    t.clock.advance(1000);
    const r = t.balance.tick()!;
    expect(r.issues.filter((i) => i.includes('no data'))).toEqual([]);
    expect(Date.parse(r.windows[0]!.from)).toBeGreaterThanOrEqual(t.clock.now() - 2000);
  });

  it('flags a level that stops moving (a stuck transmitter reading Good) and the balance turns questionable', async () => {
    await withFlatlineCheck();
    t.balance.start();
    const levels = t.plant.waterBalance!.inventories.map((i) => i.levelTag);
    // Live levels wander by more than their 0.1 % deadband; LIC-701 freezes at 47.3 %.
    const live = (s: number) => {
      const v: Record<string, Value> = { ...steady() };
      for (const tag of levels) v[tag] = 50 + ((s / 10) % 2) * 0.25;
      return { ...v, 'LIC-701': 47.3 };
    };
    await run(29 * 60, live);
    expect(t.balance.current()!.issues.join(' ')).not.toContain('flat');
    await run(2 * 60, (s) => live(29 * 60 + s));
    const r = t.balance.current()!;
    expect(r.issues).toContain('LIC-701 reading flat: transmitter stuck?');
    expect(r.questionable).toBe(true);
    const tank = r.windows[0]!.inventory.tanks.find((k) => k.levelTag === 'LIC-701')!;
    expect(tank.quality).toBe('Uncertain_SensorNotAccurate');
    // The tag itself is untouched: only the balance doubts it.
    expect(t.runtime.value('LIC-701')!.quality).toBe('Good');

    await run(60, (s) => ({ ...live(s), 'LIC-701': 47.6 }));
    expect(t.balance.current()!.issues.join(' ')).not.toContain('flat');
  });
});
