// The embedded store on its own (no worker): lazy open intervals, the stage, replays, failed writes, recovery.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryPoint, HistoryQuery } from './historian.js';
import { HistorianError } from './historian.js';
import { T0, comparable, reference } from './history-data.fixture.js';
import { randomHistory, randomQueries } from './random-history.fixture.js';
import { ROLLUP_WIDTHS } from './rollup-plan.js';
import { BatchEncoder, columnsOf } from './sqlite-protocol.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

const H = 3_600_000;
const TAGS = ['FT-301', 'PT-302'];
const SPAN = 12 * H;
/** A live stream: in time order, as the recorder writes it. */
const stream = randomHistory(5, TAGS, T0, SPAN, 2000).sort((a, b) => a.ts - b.ts || a.seq - b.seq);
const queries: HistoryQuery[] = [
  ...randomQueries(9, TAGS, T0, SPAN, 20),
  { tags: TAGS, from: T0, to: T0 + SPAN + H, maxPoints: 50 },
  { tags: TAGS, from: T0 + 999, to: T0 + SPAN - 999, maxPoints: 1000 },
];

let dir = '';
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-sqlite-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A store on a new file, and a way to write points to it as the worker does. */
function open(opts: Partial<SqliteStoreOptions> = {}, path = join(dir, `s${++n}.sqlite`)) {
  const store = new SqliteStore({ path, ...opts });
  const encoder = new BatchEncoder();
  const write = (points: readonly HistoryPoint[]) => {
    const b = encoder.encode(points);
    store.write(columnsOf(b.buffer, b.count), b.names);
  };
  const writeAll = (points: readonly HistoryPoint[], size = 50) => {
    for (let i = 0; i < points.length; i += size) write(points.slice(i, i + size));
  };
  return { store, path, write, writeAll };
}

function expectExact(store: SqliteStore, stored: readonly HistoryPoint[]): void {
  for (const q of queries)
    expect({ q, got: comparable(store.query(q)) }).toEqual({
      q,
      got: comparable(reference([...stored], TAGS, q.from, q.to, q.maxPoints)),
    });
}

/** The stored rollup row of the interval holding a time (null: none), read by another connection. */
function storedRow(path: string, tag: string, width: number, ts: number): { n: number } | null {
  const db = new Database(path, { readonly: true });
  try {
    const t = Math.floor(ts / width) * width;
    const row = db
      .prepare('SELECT n FROM rollups WHERE tag = ? AND width = ? AND t = ?')
      .get(tag, width, t) as { n: number } | undefined;
    return row ?? null;
  } finally {
    db.close();
  }
}

const countIn = (path: string, table: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) AS c FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
};

/** Samples of the stream in the interval of `width` holding the tag's last sample. */
function openCount(tag: string, width: number): number {
  const mine = stream.filter((p) => p.name === tag);
  const t = Math.floor(mine[mine.length - 1]!.ts / width) * width;
  return mine.filter((p) => p.ts >= t && p.ts < t + width).length;
}

describe('SqliteStore', () => {
  it('answers exactly from open intervals held in memory, before their rows are written', () => {
    const { store, path, writeAll } = open({ mergeRows: 1 });
    writeAll(stream);
    const last = stream[stream.length - 1]!;
    // Not written yet: the file has no row (or an older one) for the open intervals.
    expect(storedRow(path, last.name, 5000, last.ts)).toBeNull();
    expectExact(store, stream);
    expect(store.flushOpen()).toBe(TAGS.length * ROLLUP_WIDTHS.length);
    for (const tag of TAGS)
      for (const w of ROLLUP_WIDTHS) {
        const mine = stream.filter((p) => p.name === tag);
        expect(storedRow(path, tag, w, mine[mine.length - 1]!.ts)).toEqual({
          n: openCount(tag, w),
        });
      }
    expect(store.flushOpen()).toBe(0);
    store.close();
  });

  it('stages new samples, answers from both tables, and merges them in key order', () => {
    const { store, path, writeAll } = open({ mergeRows: 1_000_000, mergeAgeMs: 3_600_000 });
    writeAll(stream);
    expect(countIn(path, 'stage')).toBe(stream.length);
    expect(countIn(path, 'samples')).toBe(0);
    expectExact(store, stream);
    const top = (tag: string) =>
      Math.max(...stream.filter((p) => p.name === tag).map((p) => p.seq));
    expect(store.lastSeqs()).toEqual(Object.fromEntries(TAGS.map((t) => [t, top(t)])));
    expect(store.maybeMerge()).toBe(0);
    expect(store.maybeMerge(true)).toBe(stream.length);
    expect(countIn(path, 'stage')).toBe(0);
    expect(countIn(path, 'samples')).toBe(stream.length);
    expectExact(store, stream);
    expect(store.lastSeqs()).toEqual(Object.fromEntries(TAGS.map((t) => [t, top(t)])));
    store.close();
  });

  it('merges the stage before a replay or late sample, which then wins and is recomputed', () => {
    const { store, path, write, writeAll } = open({ mergeRows: 1_000_000 });
    const half = Math.floor(stream.length / 2);
    writeAll(stream.slice(0, half));
    const replay = stream.slice(half - 300, half - 100).map((p) => ({ ...p, backfill: true }));
    writeAll(stream.slice(half, half + 100));
    write(replay);
    expect(countIn(path, 'stage')).toBe(0);
    writeAll(stream.slice(half + 100));
    const stored = new Map(stream.map((p) => [`${p.name}|${p.ts}|${p.seq}`, p]));
    for (const p of replay) stored.set(`${p.name}|${p.ts}|${p.seq}`, p);
    expectExact(store, [...stored.values()]);
    store.close();
  });

  it('changes nothing when a write fails: the file rolls back, its open intervals in memory are put back', () => {
    const { store, path, write, writeAll } = open();
    const third = Math.floor(stream.length / 3);
    writeAll(stream.slice(0, third));
    const other = new Database(path);
    other.exec(`CREATE TRIGGER refuse BEFORE INSERT ON stage WHEN NEW.tag = 'XX-666'
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    const failing = [...stream.slice(third, third + 40), { ...stream[0]!, name: 'XX-666' }];
    expect(() => write(failing)).toThrow(HistorianError);
    other.exec('DROP TRIGGER refuse');
    other.close();
    // What follows the failed batch (it is not sent again) finds the open intervals without it.
    writeAll(stream.slice(third + 40));
    expectExact(store, [...stream.slice(0, third), ...stream.slice(third + 40)]);
    store.close();
  });

  it('after a crash, recomputes the open intervals from the samples (its rows were behind)', () => {
    const { store, path, writeAll } = open({ mergeRows: 500 });
    writeAll(stream);
    // The file as a killed process leaves it: committed (WAL), nothing written lazily.
    const copy = join(dir, 'crashed.sqlite');
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    store.close();
    const last = stream[stream.length - 1]!;
    expect(storedRow(copy, last.name, 5000, last.ts)).toBeNull();
    const reopened = open({}, copy);
    expect(countIn(copy, 'stage')).toBe(0);
    expect(storedRow(copy, last.name, 5000, last.ts)).toEqual({ n: openCount(last.name, 5000) });
    expectExact(reopened.store, stream);
    reopened.store.close();
  });

  it('adopts the stored rows of a file closed cleanly, or written by a version without lazy rows', () => {
    const half = Math.floor(stream.length / 2);
    const first = open();
    first.writeAll(stream.slice(0, half));
    first.store.close();
    const db = new Database(first.path);
    expect(db.prepare('SELECT value FROM meta').pluck().all()).toEqual(['stored']);
    db.exec('DELETE FROM meta');
    db.close();
    const second = open({}, first.path);
    second.writeAll(stream.slice(half));
    expectExact(second.store, stream);
    second.store.close();
  });
});
