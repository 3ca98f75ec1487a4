import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryPoint } from './historian.js';
import { HistorianError } from './historian.js';
import { SqliteHistorian } from './sqlite-historian.js';
import { T0, comparable, history, reference } from './history-data.fixture.js';
import { ROLLUP_WIDTHS } from './rollup-plan.js';

const HOUR = 3_600_000;
const TAGS = ['FT-101', 'TI-102', 'LT-103'];
const data = history();
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-sqlite-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SqliteHistorian rollups', () => {
  it('answer long windows: a changed rollup row shows in the answer, not in the raw path', async () => {
    const path = join(dir, 'tamper.sqlite');
    const h = await SqliteHistorian.open({ path });
    const raw = await SqliteHistorian.open({ path, queryRollups: false });
    await h.write(data);
    const q = { tags: ['FT-101'], from: T0, to: T0 + HOUR, maxPoints: 100 }; // 1 min buckets, from 30 s rollups
    const db = new Database(path);
    db.prepare('UPDATE rollups SET vmax = 1e6 WHERE tag = ? AND width = 30000 AND t = ?').run(
      'FT-101',
      T0,
    );
    db.close();
    const [s] = await h.query(q);
    expect(s?.mode === 'buckets' && s.buckets[0]?.max).toBe(1e6);
    expect(comparable(await raw.query(q))).toEqual(
      comparable(reference(data, ['FT-101'], T0, T0 + HOUR, 100)),
    );
    await h.close();
    await raw.close();
  });

  it('are built at open for a file written before rollups existed', async () => {
    const path = join(dir, 'old.sqlite');
    const h = await SqliteHistorian.open({ path });
    await h.write(data);
    await h.close();
    const db = new Database(path);
    db.exec('DROP TABLE rollups');
    db.pragma('user_version = 0');
    db.close();
    const reopened = await SqliteHistorian.open({ path });
    for (const [from, to, maxPoints] of [
      [T0, T0 + 2 * HOUR, 100],
      [T0 - HOUR, T0 + 10 * HOUR, 2],
      [T0 + 17_345, T0 + HOUR - 4_321, 77],
    ] as const) {
      expect(comparable(await reopened.query({ tags: TAGS, from, to, maxPoints }))).toEqual(
        comparable(reference(data, TAGS, from, to, maxPoints)),
      );
    }
    await reopened.close();
  });
});

/** The stored rollup rows (n) of the intervals holding a time, read by another connection. */
function storedCounts(path: string, tag: string, ts: number): (number | null)[] {
  const db = new Database(path, { readonly: true });
  try {
    const get = db.prepare('SELECT n FROM rollups WHERE tag = ? AND width = ? AND t = ?').pluck();
    return ROLLUP_WIDTHS.map((w) => (get.get(tag, w, Math.floor(ts / w) * w) as number) ?? null);
  } finally {
    db.close();
  }
}

describe('SqliteHistorian on its worker', () => {
  it('answers exactly between lazy writes of the open intervals, and writes them when asked', async () => {
    const path = join(dir, 'lazy.sqlite');
    const h = await SqliteHistorian.open({ path, openFlushMs: 3_600_000 });
    const inOrder = [...data].sort((a, b) => a.ts - b.ts || a.seq - b.seq);
    for (let i = 0; i < inOrder.length; i += 100) await h.write(inOrder.slice(i, i + 100));
    const lastFt = inOrder.filter((p) => p.name === 'FT-101').at(-1)!;
    // The open intervals have no rows yet: the answers take them from the worker's memory.
    expect(storedCounts(path, 'FT-101', lastFt.ts)).toEqual(ROLLUP_WIDTHS.map(() => null));
    for (const [from, to, maxPoints] of [
      [T0, T0 + 2 * HOUR, 100],
      [T0 - HOUR, T0 + 10 * HOUR, 2],
      [T0 + 17_345, T0 + HOUR + 4_321, 77],
    ] as const) {
      expect(comparable(await h.query({ tags: TAGS, from, to, maxPoints }))).toEqual(
        comparable(reference(data, TAGS, from, to, maxPoints)),
      );
    }
    expect(await h.flushOpen()).toBe(TAGS.length * ROLLUP_WIDTHS.length);
    const ft = data.filter((p) => p.name === 'FT-101');
    expect(storedCounts(path, 'FT-101', lastFt.ts)).toEqual(
      ROLLUP_WIDTHS.map((w) => {
        const t = Math.floor(lastFt.ts / w) * w;
        return ft.filter((p) => p.ts >= t && p.ts < t + w).length;
      }),
    );
    await h.close();
  });

  it('bounds what waits for the worker: writes beyond wait their turn, and health says so', async () => {
    const h = await SqliteHistorian.open({ path: join(dir, 'bound.sqlite'), maxQueuedPoints: 300 });
    const batches: HistoryPoint[][] = [];
    const ft = data.filter((p) => p.name === 'FT-101');
    for (let i = 0; i < 1200; i += 200) batches.push(ft.slice(i, i + 200));
    const writes = batches.map((b) => h.write(b));
    expect(h.stats()).toMatchObject({ queuedPoints: 200, waitingWrites: 5, behind: true });
    expect(h.health()).toMatchObject({ backend: 'sqlite', state: 'degraded', backlog: 200 });
    expect(h.health().message).toMatch(/behind: 200 point\(s\) wait .* writes wait for room/);
    await Promise.all(writes);
    expect(h.stats()).toMatchObject({
      queuedPoints: 0,
      waitingWrites: 0,
      batches: 6,
      points: 1200,
    });
    expect(h.health()).toEqual({ backend: 'sqlite', state: 'ok', backlog: 0 });
    const [s] = await h.query({ tags: ['FT-101'], from: T0, to: T0 + HOUR, maxPoints: 2000 });
    expect(s?.mode === 'raw' && s.points.map((p) => p.seq)).toEqual(
      ft.slice(0, 1200).map((p) => p.seq),
    );
    await h.close();
  });

  it('refuses every call for good once closed, and reports itself down', async () => {
    const h = await SqliteHistorian.open({ path: join(dir, 'closed.sqlite') });
    await h.write(data.slice(0, 10));
    await h.close();
    await h.close();
    const err = await h.write(data.slice(10, 20)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HistorianError);
    expect(err).toMatchObject({ transient: false, message: expect.stringMatching(/not open/) });
    await expect(h.lastSeqs()).rejects.toBeInstanceOf(HistorianError);
    expect(h.health()).toEqual({ backend: 'sqlite', state: 'down', backlog: 0 });
  });
});

describe('SqliteHistorian and questionable values', () => {
  it('keeps a value beyond its range with its Uncertain quality, and NaN as a Bad point without a number', async () => {
    const h = await SqliteHistorian.open({ path: join(dir, 'range.sqlite') });
    const point = (seq: number, value: number | null, quality: HistoryPoint['quality']) => ({
      name: 'FT-101',
      value,
      quality,
      ts: T0 + seq * 1000,
      gatewayTs: T0 + seq * 1000,
      tsOrigin: 'gateway' as const,
      seq,
      backfill: false,
    });
    await h.write([
      point(1, 42, 'Good'),
      point(2, 8.8e32, 'Uncertain_EngineeringUnitsExceeded'),
      point(3, null, 'Bad_SensorFailure'),
    ]);
    const [s] = await h.query({ tags: ['FT-101'], from: T0, to: T0 + 10_000, maxPoints: 10 });
    expect(s?.mode === 'raw' && s.points.map((p) => [p.value, p.quality])).toEqual([
      [42, 'Good'],
      [8.8e32, 'Uncertain_EngineeringUnitsExceeded'],
      [null, 'Bad_SensorFailure'],
    ]);
    await h.close();
  });
});
