import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HistoryPoint } from './historian.js';
import { HistorianError } from './historian.js';
import { InfluxHistorian } from './influx-historian.js';
import { InfluxdProcess, noInfluxd } from '@zld/testkit/influxd-suite';
import { T0, comparable, history, reference } from './history-data.fixture.js';

const HOUR = 3_600_000;
const TAGS = ['FT-101', 'TI-102', 'LT-103'];
const data = history();
let server: InfluxdProcess | null = null;

beforeAll(async () => {
  if (!noInfluxd) server = await InfluxdProcess.start();
}, 120_000);

afterAll(async () => {
  await server?.dispose();
});

/** Runs InfluxQL directly (what an operator, or an older version of this package, might do). */
async function influxql(database: string, q: string): Promise<unknown> {
  const res = await fetch(`${server!.url}/query?db=${database}`, {
    method: 'POST',
    body: new URLSearchParams({ q }),
  });
  return res.json();
}

async function measurements(database: string): Promise<string[]> {
  const answer = (await influxql(database, 'SHOW MEASUREMENTS')) as {
    results: { series?: { values: string[][] }[] }[];
  };
  return (answer.results[0]?.series?.[0]?.values ?? []).map((v) => v[0]!);
}

describe.skipIf(noInfluxd)('InfluxHistorian rollups', () => {
  it('answer long windows: a changed rollup point shows in the answer, not in the raw path', async () => {
    const url = server!.databaseUrl('zld_tamper');
    const h = await InfluxHistorian.open({ url });
    const raw = await InfluxHistorian.open({ url, queryRollups: false });
    await h.write(data);
    const res = await fetch(`${server!.url}/write?db=zld_tamper&rp=zld_raw&precision=ms`, {
      method: 'POST',
      body: `samples_30s,tag=FT-101 max=1000000 ${T0}`,
    });
    expect(res.status).toBe(204);
    const q = { tags: ['FT-101'], from: T0, to: T0 + HOUR, maxPoints: 100 }; // 1 min buckets, from 30 s rollups
    const [s] = await h.query(q);
    expect(s?.mode === 'buckets' && s.buckets[0]?.max).toBe(1e6);
    expect(comparable(await raw.query(q))).toEqual(
      comparable(reference(data, ['FT-101'], T0, T0 + HOUR, 100)),
    );
  });

  it('are rebuilt at open for a database written before rollups existed', async () => {
    const url = server!.databaseUrl('zld_old');
    const h = await InfluxHistorian.open({ url });
    await h.write(data);
    const rollups = (await measurements('zld_old')).filter((m) => m !== 'samples');
    expect(rollups).toEqual(expect.arrayContaining(['samples_30s', 'rollup_format']));
    for (const m of rollups) await influxql('zld_old', `DROP MEASUREMENT "${m}"`);
    expect(await measurements('zld_old')).toEqual(['samples']);
    const reopened = await InfluxHistorian.open({ url });
    for (const [from, to, maxPoints] of [
      [T0, T0 + 2 * HOUR, 100],
      [T0 - HOUR, T0 + 10 * HOUR, 2],
      [T0 + 17_345, T0 + HOUR - 4_321, 77],
    ] as const) {
      expect(comparable(await reopened.query({ tags: TAGS, from, to, maxPoints }))).toEqual(
        comparable(reference(data, TAGS, from, to, maxPoints)),
      );
    }
  });

  it('keep only the widths a short retention allows, and stay exact when part of a batch is refused', async () => {
    const url = server!.databaseUrl('zld_short', '?rp=short&retention=1h');
    const h = await InfluxHistorian.open({ url });
    const now = Math.floor(Date.now() / 1000) * 1000;
    const recent: HistoryPoint[] = Array.from({ length: 2400 }, (_, i) => ({
      ...data[i]!,
      ts: now - 50 * 60_000 + i * 1000,
      gatewayTs: now,
    }));
    const tooOld: HistoryPoint = { ...data[3000]!, ts: now - 3 * HOUR };
    const err = await h.write([...recent, tooOld]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HistorianError);
    expect((err as HistorianError).transient).toBe(false);
    expect((await measurements('zld_short')).sort()).toEqual([
      'rollup_format',
      'samples',
      'samples_30s',
      'samples_5s',
    ]);
    for (const [from, to, maxPoints] of [
      [now - HOUR, now, 100],
      [now - 50 * 60_000 + 777, now - 10 * 60_000 - 1, 1000],
    ] as const) {
      expect(comparable(await h.query({ tags: ['FT-101'], from, to, maxPoints }))).toEqual(
        comparable(reference(recent, ['FT-101'], from, to, maxPoints)),
      );
    }
  });
});
