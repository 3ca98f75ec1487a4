// One suite, run against every backend: the same writes must give the same answers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Historian, HistoryPoint } from './historian.js';
import { HistorianInputError } from './historian.js';
import { InfluxHistorian } from './influx-historian.js';
import { InfluxdProcess, noInfluxd } from '@zld/testkit/influxd-suite';
import { SqliteHistorian } from './sqlite-historian.js';
import { T0, comparable, history, reference } from './history-data.fixture.js';

const HOUR = 3_600_000;
let dir = '';
let server: InfluxdProcess | null = null;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-historian-'));
  if (!noInfluxd) server = await InfluxdProcess.start();
}, 120_000);

afterAll(async () => {
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

interface Backend {
  name: string;
  skip: boolean;
  open(): Promise<Historian>;
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    skip: false,
    open: () => SqliteHistorian.open({ path: join(dir, `h${++n}.sqlite`) }),
  },
  {
    name: 'influxdb',
    skip: noInfluxd,
    open: () => InfluxHistorian.open({ url: server!.databaseUrl(`zld_t${++n}`) }),
  },
];

const data = history();

describe.each(backends)('$name historian', (backend) => {
  let h: Historian;

  beforeAll(async () => {
    if (backend.skip) return;
    h = await backend.open();
    await h.write(data);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(backend.skip)('queries', () => {
    it('answers raw points, in order, with every field, when the window holds fewer than maxPoints', async () => {
      const [ti] = await h.query({ tags: ['TI-102'], from: T0, to: T0 + HOUR, maxPoints: 100 });
      expect(ti).toEqual(reference(data, ['TI-102'], T0, T0 + HOUR, 100)[0]);
      expect(ti?.mode === 'raw' && ti.points[0]).toEqual({
        name: 'TI-102',
        seq: 1,
        ts: T0 + 123,
        value: 20,
        quality: 'Good',
        gatewayTs: T0 + 130,
        tsOrigin: 'source',
        backfill: false,
      });
    });

    it('answers buckets [t, min, mean, max, last] with quality, count and bad count otherwise', async () => {
      const got = await h.query({
        tags: ['FT-101', 'TI-102', 'LT-103'],
        from: T0,
        to: T0 + 2 * HOUR,
        maxPoints: 100,
      });
      const want = reference(data, ['FT-101', 'TI-102', 'LT-103'], T0, T0 + 2 * HOUR, 100);
      expect(comparable(got)).toEqual(comparable(want));
      const ft = got[0]!;
      expect(ft.mode).toBe('buckets');
      if (ft.mode !== 'buckets') return;
      expect(ft.bucketMs).toBe(2 * 60_000);
      expect(ft.buckets.length).toBeLessThanOrEqual(100);
      // Minutes 10 and 11 were Bad: the bucket has no values, and says so.
      expect(ft.buckets[5]).toEqual({
        t: T0 + 10 * 60_000,
        min: null,
        mean: null,
        max: null,
        last: null,
        quality: 'Bad_CommunicationError',
        count: 120,
        bad: 120,
      });
      expect(ft.buckets[10]?.quality).toBe('Uncertain_LastUsableValue');
      expect(ft.buckets[0]?.quality).toBe('Good');
    });

    it('buckets windows that do not start on a bucket boundary the same way', async () => {
      const from = T0 + 17_345;
      const to = T0 + HOUR - 4_321;
      const got = await h.query({ tags: ['FT-101'], from, to, maxPoints: 77 });
      expect(comparable(got)).toEqual(comparable(reference(data, ['FT-101'], from, to, 77)));
    });

    it('treats the window as [from, to)', async () => {
      const [s] = await h.query({
        tags: ['TI-102'],
        from: T0 + 60_123,
        to: T0 + 120_123,
        maxPoints: 100,
      });
      expect(s?.mode === 'raw' && s.points.map((p) => p.seq)).toEqual([2]);
    });

    it('keeps two distinct samples of one tag in the same millisecond', async () => {
      const [s] = await h.query({
        tags: ['FT-101'],
        from: T0 + HOUR,
        to: T0 + HOUR + 1,
        maxPoints: 10,
      });
      expect(s?.mode === 'raw' && s.points.map((p) => [p.seq, p.quality])).toEqual([
        [3601, 'Good'],
        [3602, 'Uncertain_SensorNotAccurate'],
      ]);
    });

    it('answers an empty raw series for a tag with nothing in the window', async () => {
      expect(await h.query({ tags: ['PT-999'], from: T0, to: T0 + HOUR, maxPoints: 10 })).toEqual([
        { name: 'PT-999', mode: 'raw', points: [] },
      ]);
    });

    it('knows the last sequence number of each tag', async () => {
      expect(await h.lastSeqs()).toEqual({ 'FT-101': 3602, 'TI-102': 10, 'LT-103': 300 });
    });

    it('refuses injection through tag names and times, and stays intact', async () => {
      const base = { from: T0, to: T0 + HOUR, maxPoints: 100 };
      for (const tags of [
        ["TI-102' OR 1=1 --"],
        ['TI-102"; DROP DATABASE "zld'],
        ['TI-102\nDROP MEASUREMENT samples'],
      ]) {
        await expect(h.query({ ...base, tags })).rejects.toBeInstanceOf(HistorianInputError);
      }
      for (const time of ['0; DROP DATABASE zld', "now() - 1h' OR time > 0", Number.NaN]) {
        await expect(
          h.query({ ...base, tags: ['TI-102'], from: time as number }),
        ).rejects.toBeInstanceOf(HistorianInputError);
        await expect(
          h.query({ ...base, tags: ['TI-102'], to: time as number }),
        ).rejects.toBeInstanceOf(HistorianInputError);
      }
      const evil: HistoryPoint = { ...data[0]!, name: 'FT-101,tag=TI-102 value=0 0\nFT-101' };
      await expect(h.write([evil])).rejects.toBeInstanceOf(HistorianInputError);
      await expect(
        h.write([{ ...data[0]!, ts: '0 OR 1=1' as unknown as number }]),
      ).rejects.toBeInstanceOf(HistorianInputError);
      const [s] = await h.query({ ...base, tags: ['TI-102'] });
      expect(s?.mode === 'raw' && s.points).toHaveLength(10);
    });
  });

  describe.skipIf(backend.skip)('writes', () => {
    it('are idempotent: a replay adds nothing and may set the backfill flag', async () => {
      const w = await backend.open();
      const pts = data.filter((p) => p.name === 'TI-102');
      await w.write(pts);
      await w.write(pts.map((p) => ({ ...p, backfill: true })));
      const [s] = await w.query({ tags: ['TI-102'], from: T0, to: T0 + HOUR, maxPoints: 100 });
      expect(s?.mode === 'raw' && s.points.map((p) => [p.seq, p.backfill])).toEqual(
        pts.map((p) => [p.seq, true]),
      );
      await w.close();
    });

    it('store booleans as 0/1', async () => {
      const w = await backend.open();
      await w.write([
        { ...data[0]!, name: 'XV-901', value: true, seq: 1 },
        { ...data[0]!, name: 'XV-901', value: false, seq: 2, ts: T0 + 1 },
      ]);
      const [s] = await w.query({ tags: ['XV-901'], from: T0, to: T0 + 10, maxPoints: 10 });
      expect(s?.mode === 'raw' && s.points.map((p) => p.value)).toEqual([1, 0]);
      await w.close();
    });
  });
});

describe.skipIf(noInfluxd)('both backends', () => {
  it('give the same answers for the same writes, raw and bucketed', async () => {
    const a = await SqliteHistorian.open({ path: join(dir, 'same.sqlite') });
    const b = await InfluxHistorian.open({ url: server!.databaseUrl('zld_same') });
    await a.write(data);
    await b.write(data);
    for (const [from, to, maxPoints] of [
      [T0, T0 + 2 * HOUR, 1000],
      [T0, T0 + 2 * HOUR, 10_000],
      [T0 + 999, T0 + HOUR / 2 + 1, 13],
      [T0 - HOUR, T0 + 10 * HOUR, 2],
    ] as const) {
      const q = { tags: ['FT-101', 'TI-102', 'LT-103'], from, to, maxPoints };
      expect(comparable(await b.query(q))).toEqual(comparable(await a.query(q)));
    }
    await a.close();
    await b.close();
  });
});
