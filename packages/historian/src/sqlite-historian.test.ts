import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteHistorian } from './sqlite-historian.js';
import { T0, comparable, history, reference } from './history-data.fixture.js';

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
