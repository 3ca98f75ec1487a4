// Rollups give the raw answer: random histories (replays, duplicates, gaps, Bad stretches), ragged windows,
// every backend; rollup answers compared with the reference in plain code and with the backend's raw path.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Historian, HistoryQuery } from './historian.js';
import { InfluxHistorian } from './influx-historian.js';
import { InfluxdProcess, noInfluxd } from '@zld/testkit/influxd-suite';
import { SqliteHistorian } from './sqlite-historian.js';
import { T0, comparable, reference } from './history-data.fixture.js';
import { randomHistory, randomQueries, shuffledWrites } from './random-history.fixture.js';
import { bucketWidth } from './query-plan.js';
import { RAW, ROLLUP_WIDTHS, planSegments } from './rollup-plan.js';

const DAY = 86_400_000;
const SPAN = 3 * DAY;
const TAGS = ['FT-201', 'PT-202', 'LIC-203.PV'];
const START = T0 + 1234;
const points = randomHistory(7, TAGS, START, SPAN);
const { batches, stored } = shuffledWrites(11, points);
const queries: HistoryQuery[] = [
  ...randomQueries(13, TAGS, START, SPAN, 60),
  // The whole span, aligned and ragged, at widths that use every rollup level.
  { tags: TAGS, from: T0, to: T0 + SPAN + DAY, maxPoints: 2 },
  { tags: TAGS, from: T0 + 999, to: T0 + SPAN - 999, maxPoints: 1000 },
  { tags: TAGS, from: T0 + 59_999, to: T0 + SPAN, maxPoints: 10 },
];

let dir = '';
let server: InfluxdProcess | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-rollups-'));
  if (!noInfluxd) server = await InfluxdProcess.start();
}, 120_000);

afterAll(async () => {
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

interface Backend {
  name: string;
  skip: boolean;
  /** Two views of one store (named): the default, and one answering from raw samples only. */
  open(name?: string): Promise<{ fast: Historian; raw: Historian }>;
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    skip: false,
    open: async (name = 'random') => {
      const path = join(dir, `${name}.sqlite`);
      const fast = await SqliteHistorian.open({ path });
      return { fast, raw: await SqliteHistorian.open({ path, queryRollups: false }) };
    },
  },
  {
    name: 'influxdb',
    skip: noInfluxd,
    open: async (name = 'random') => {
      const url = server!.databaseUrl(`zld_${name}`);
      const fast = await InfluxHistorian.open({ url });
      return { fast, raw: await InfluxHistorian.open({ url, queryRollups: false }) };
    },
  },
];

it('covers every rollup width and the raw fallback with its queries', () => {
  const used = new Set(
    queries.flatMap((q) =>
      planSegments(q.from, q.to, bucketWidth(q.from, q.to, q.maxPoints), ROLLUP_WIDTHS).map(
        (s) => s.width,
      ),
    ),
  );
  expect([...used].sort((a, b) => a - b)).toEqual([RAW, ...ROLLUP_WIDTHS]);
});

describe.each(backends)('$name rollups', (backend) => {
  let fast: Historian;
  let raw: Historian;

  beforeAll(async () => {
    if (backend.skip) return;
    ({ fast, raw } = await backend.open());
    for (const b of batches) await fast.write(b);
  }, 120_000);

  afterAll(async () => {
    await fast?.close();
    await raw?.close();
  });

  it.skipIf(backend.skip)(
    'answer as the raw samples do, after shuffled writes, replays and duplicates',
    async () => {
      let bucketed = 0;
      for (const q of queries) {
        const want = comparable(reference(stored, TAGS, q.from, q.to, q.maxPoints));
        const got = comparable(await fast.query(q));
        expect({ q, got }).toEqual({ q, got: want });
        expect(comparable(await raw.query(q))).toEqual(want);
        bucketed += got.filter((s) => s.mode === 'buckets').length;
      }
      expect(bucketed).toBeGreaterThan(queries.length / 2);
    },
    120_000,
  );

  it.skipIf(backend.skip)(
    'stay exact for a live stream in time order, across a restart, and a replay of it',
    async () => {
      const live = await backend.open('live');
      const inOrder = [...stored]
        .sort((a, b) => a.ts - b.ts || a.seq - b.seq)
        .map((p) => ({ ...p, backfill: false }));
      const half = Math.floor(inOrder.length / 2);
      for (let i = 0; i < half; i += 40)
        await live.fast.write(inOrder.slice(i, Math.min(i + 40, half)));
      await live.fast.close();
      const restarted = await backend.open('live');
      for (let i = half; i < inOrder.length; i += 40)
        await restarted.fast.write(inOrder.slice(i, i + 40));
      await restarted.fast.write(inOrder.slice(half - 100, half + 100));
      for (const q of queries) {
        expect(comparable(await restarted.fast.query(q))).toEqual(
          comparable(reference(inOrder, TAGS, q.from, q.to, q.maxPoints)),
        );
      }
      await live.raw.close();
      await restarted.fast.close();
      await restarted.raw.close();
    },
    120_000,
  );

  it.skipIf(backend.skip)('stay exact when everything is written again', async () => {
    for (const b of batches.slice(0, 5)) await fast.write(b);
    for (const q of queries.slice(-3)) {
      expect(comparable(await fast.query(q))).toEqual(
        comparable(reference(stored, TAGS, q.from, q.to, q.maxPoints)),
      );
    }
  });
});

describe.skipIf(noInfluxd)('both backends, random history', () => {
  it('give the same answers', { timeout: 120_000 }, async () => {
    const a = await SqliteHistorian.open({ path: join(dir, 'both.sqlite') });
    const b = await InfluxHistorian.open({ url: server!.databaseUrl('zld_both') });
    for (const batch of batches) {
      await a.write(batch);
      await b.write(batch);
    }
    for (const q of queries)
      expect(comparable(await b.query(q))).toEqual(comparable(await a.query(q)));
    await a.close();
    await b.close();
  });
});
