import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlarmJournalEntryDto } from '@zld/api';
import { testApp, type TestApp } from './alarm-http.fixture.js';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

/** LIC-402 at 95 %: LIC-402.H and LIC-402.HH (on-delay 5 s) active and unacknowledged. */
async function raiseHH(): Promise<void> {
  t.push('LIC-402', 95);
  await t.settle();
  t.clock.advance(6000);
  t.alarms.tick();
}

describe('alarm reports: journal, KPI and flood routes', () => {
  it('GET /api/alarms/journal answers a validated window of ISO-stamped changes', async () => {
    await raiseHH();
    await t.call('operator', 'POST', '/api/alarms/LIC-402.HH/ack', { comment: 'ok' });
    const iso = (ms: number) => new Date(ms).toISOString();
    const now = t.clock.now();
    const res = await t.call(
      'viewer',
      'GET',
      `/api/alarms/journal?from=${iso(now - 60_000)}&to=${iso(now + 1)}`,
    );
    expect(res.statusCode).toBe(200);
    const entries = res.json<AlarmJournalEntryDto[]>();
    expect(entries.filter((e) => e.alarmId === 'LIC-402.HH').map((e) => e.kind)).toEqual([
      'activate',
      'ack',
    ]);
    const ack = entries.find((e) => e.kind === 'ack')!;
    expect(ack).toMatchObject({
      user: 'operator1',
      comment: 'ok',
      ts: iso(now),
      from: 'Unack-Active',
      to: 'Ack-Active',
    });
    // Named, so a journal or a replay can show alarms that no longer stand.
    expect(ack.message).toBe(t.alarms.get('LIC-402.HH')!.message);
    expect(ack.message).toMatch(/\w/);
    const one = await t.call('viewer', 'GET', `/api/alarms/journal?alarm=LIC-402.H&limit=1`);
    expect(one.json()).toHaveLength(1);
    const before = await t.call('viewer', 'GET', `/api/alarms/journal?to=${iso(now - 60_000)}`);
    expect(before.json()).toEqual([]);

    for (const q of [
      `from=${iso(now)}&to=${iso(now - 1)}`,
      `from=${iso(now - 32 * 86_400_000)}&to=${iso(now)}`,
      'from=yesterday',
      'limit=0',
      'user=op1',
    ]) {
      const bad = await t.call('viewer', 'GET', `/api/alarms/journal?${q}`);
      expect(bad.statusCode, q).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
  });

  it('GET /api/alarms/kpi reports rates, floods, bad actors, standing alarms and the priority mix', async () => {
    await raiseHH();
    const res = await t.call('engineer', 'GET', '/api/alarms/kpi');
    expect(res.statusCode).toBe(200);
    const kpi = res.json<Record<string, unknown>>();
    // LIC-402 at 95 %: its H and HH, and the tank overflow risk (any aqueous tank >= 92 %).
    const raised = ['LIC-402.H', 'LIC-402.HH', 'ZLD-TANK-OVERFLOW'];
    expect(
      t.alarms
        .list()
        .map((a) => a.id)
        .sort(),
    ).toEqual(raised);
    expect(kpi).toMatchObject({
      rates: { all: { annunciations: 3 } },
      badActors: { total: 3 },
      priorities: { configured: { total: t.plant.alarms.length } },
    });
    const standing = kpi['standing'] as { alarmId: string; since: string }[];
    expect(standing.map((h) => h.alarmId).sort()).toEqual(raised);
    // HH waited out its 5 s on-delay; the others have none.
    expect(standing.find((h) => h.alarmId === 'LIC-402.HH')!.since).toBe(
      new Date(t.clock.now()).toISOString(),
    );
    expect(typeof kpi['from']).toBe('string');
    const flood = await t.call('viewer', 'GET', '/api/alarms/flood');
    expect(flood.json()).toMatchObject({
      inFlood: false,
      positions: { all: { count: 3, inFlood: false } },
    });
  });
});
