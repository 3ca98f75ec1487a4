import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryPoint } from './historian.js';
import { Outbox } from './outbox.js';
import Database from 'better-sqlite3';

const pt = (name: string, seq: number): HistoryPoint => ({
  name,
  seq,
  value: seq,
  quality: 'Good',
  ts: 1_700_000_000_000 + seq,
  gatewayTs: 1_700_000_000_000 + seq,
  tsOrigin: 'gateway',
  backfill: false,
});

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-outbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const seqs = (o: Outbox, limit = 1e9): number[] =>
  o.take(limit).flatMap((b) => b.points.map((p) => p.seq));

describe('Outbox', () => {
  it('keeps arrival order, flags what it hands out as backfill, and survives a reopen', () => {
    const path = join(dir, 'b.sqlite');
    const a = new Outbox({ path });
    a.append([pt('A-001', 1), pt('B-001', 1), pt('A-001', 2)], 10);
    a.append([pt('A-001', 3)], 11);
    const [first] = a.take(3);
    expect(first!.points.map((p) => [p.name, p.seq, p.backfill])).toEqual([
      ['A-001', 1, true],
      ['B-001', 1, true],
      ['A-001', 2, true],
    ]);
    expect(a.take(3)).toHaveLength(1);
    a.close();
    const b = new Outbox({ path });
    expect(b.size()).toBe(4);
    expect(b.lastSeqs()).toEqual({ 'A-001': 3, 'B-001': 1 });
    expect(seqs(b)).toEqual([1, 1, 2, 3]);
    expect(b.take(1)[0]!.points.map((p) => ({ ...p, backfill: false }))).toEqual([
      pt('A-001', 1),
      pt('B-001', 1),
      pt('A-001', 2),
    ]);
    b.close();
  });

  it('keeps what a point needs: null values, source times, qualities by their codes', () => {
    const o = new Outbox({ path: join(dir, 'b.sqlite') });
    const odd: HistoryPoint = {
      ...pt('FT-401', 9),
      value: null,
      quality: 'Bad_Stale',
      tsOrigin: 'source',
      gatewayTs: 1_700_000_000_500,
    };
    o.append([odd, { ...pt('XV-901', 1), value: true, quality: 'Good_WritePending' }], 0);
    expect(o.take(10)[0]!.points).toEqual([
      { ...odd, backfill: true },
      { ...pt('XV-901', 1), value: 1, quality: 'Good_WritePending', backfill: true },
    ]);
    o.close();
  });

  it('removes only acknowledged batches', () => {
    const o = new Outbox({ path: join(dir, 'b.sqlite') });
    o.append([pt('A-001', 1)], 0);
    o.append([pt('A-001', 2), pt('A-001', 3)], 0);
    const [first] = o.take(1);
    o.remove([first!.id]);
    expect(seqs(o)).toEqual([2, 3]);
    expect(o.size()).toBe(2);
    o.close();
  });

  it('quarantines batches and puts them back at their place', () => {
    const o = new Outbox({ path: join(dir, 'b.sqlite') });
    o.append([pt('A-001', 1), pt('A-001', 2)], 0);
    o.append([pt('A-001', 3)], 0);
    const ids = o.take(2).map((b) => b.id);
    expect(o.refused(ids, 'no')).toBe(1);
    expect(o.refused(ids, 'no')).toBe(2);
    o.quarantine(ids, 'b1', 'no', 5);
    expect(o.size()).toBe(1);
    expect(o.quarantineSize()).toBe(2);
    expect(o.listQuarantine()).toEqual([
      {
        batch: 'b1',
        error: 'no',
        quarantinedAt: 5,
        attempts: 2,
        points: [pt('A-001', 1), pt('A-001', 2)],
      },
    ]);
    expect(o.retryQuarantine('b1')).toBe(2);
    expect(o.quarantineSize()).toBe(0);
    expect(o.take(10).map((b) => [b.points.map((p) => p.seq), b.attempts])).toEqual([
      [[1, 2], 0],
      [[3], 0],
    ]);
    o.close();
  });

  it('bounds size (trimming the oldest batch when only part of it must go) and age, counting drops durably', () => {
    const path = join(dir, 'b.sqlite');
    const o = new Outbox({ path, maxRecords: 3 });
    expect(o.append([pt('A-001', 1), pt('A-001', 2)], 0).dropped).toBe(0);
    expect(o.append([pt('A-001', 3), pt('A-001', 4)], 100).dropped).toBe(1);
    expect(seqs(o)).toEqual([2, 3, 4]);
    expect(o.append([pt('A-001', 5), pt('A-001', 6), pt('A-001', 7)], 100).dropped).toBe(3);
    expect(seqs(o)).toEqual([5, 6, 7]);
    expect(o.expire(50)).toBe(0);
    expect(o.expire(101)).toBe(3);
    o.close();
    const again = new Outbox({ path, maxRecords: 3 });
    expect([again.counter('dropped_overflow'), again.counter('dropped_age'), again.size()]).toEqual(
      [4, 3, 0],
    );
    again.close();
  });

  it('takes over the points of a buffer file written a point per row, queued and quarantined', () => {
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    db.exec(`CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, tag TEXT NOT NULL, seq INTEGER NOT NULL,
      point TEXT NOT NULL, enqueued_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
      backfill INTEGER NOT NULL DEFAULT 0, last_error TEXT);
      CREATE TABLE quarantine (id INTEGER PRIMARY KEY, batch TEXT NOT NULL, tag TEXT NOT NULL, seq INTEGER NOT NULL,
      point TEXT NOT NULL, enqueued_at INTEGER NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL,
      quarantined_at INTEGER NOT NULL);`);
    const ins = db.prepare('INSERT INTO outbox (tag, seq, point, enqueued_at) VALUES (?, ?, ?, ?)');
    for (const p of [pt('A-001', 1), pt('B-001', 1), pt('A-001', 2)])
      ins.run(p.name, p.seq, JSON.stringify(p), 7);
    db.prepare(
      'INSERT INTO quarantine (id, batch, tag, seq, point, enqueued_at, attempts, error, quarantined_at) VALUES (1, ?, ?, ?, ?, 3, 5, ?, 9)',
    ).run('q1', 'C-001', 4, JSON.stringify(pt('C-001', 4)), 'refused');
    db.close();
    const o = new Outbox({ path });
    expect(o.size()).toBe(3);
    expect(seqs(o)).toEqual([1, 1, 2]);
    expect(o.listQuarantine()).toEqual([
      { batch: 'q1', error: 'refused', quarantinedAt: 9, attempts: 5, points: [pt('C-001', 4)] },
    ]);
    expect(o.retryQuarantine()).toBe(1);
    expect(seqs(o)).toEqual([1, 1, 2, 4]);
    o.close();
  });
});
