import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryPoint } from './historian.js';
import { Outbox } from './outbox.js';

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

describe('Outbox', () => {
  it('keeps arrival order per lane and survives a reopen', () => {
    const path = join(dir, 'b.sqlite');
    const a = new Outbox({ path });
    a.append([pt('A-001', 1), pt('B-001', 1), pt('A-001', 2)], 10, 'live');
    a.append([pt('A-001', 3)], 11, 'backfill');
    expect(a.take('live', 10).map((r) => [r.point.name, r.point.seq])).toEqual([
      ['A-001', 1],
      ['B-001', 1],
      ['A-001', 2],
    ]);
    a.close();
    const b = new Outbox({ path });
    expect(b.size()).toBe(4);
    expect(b.lastSeqs()).toEqual({ 'A-001': 3, 'B-001': 1 });
    b.toBackfill();
    expect(b.take('backfill', 10).map((r) => r.point.seq)).toEqual([1, 1, 2, 3]);
    b.close();
  });

  it('removes only acknowledged rows', () => {
    const o = new Outbox({ path: join(dir, 'b.sqlite') });
    o.append([pt('A-001', 1), pt('A-001', 2), pt('A-001', 3)], 0, 'live');
    const [first] = o.take('live', 1);
    o.remove([first!.id]);
    expect(o.take('live', 10).map((r) => r.point.seq)).toEqual([2, 3]);
    expect(o.size()).toBe(2);
    o.close();
  });

  it('quarantines rows and puts them back at their place', () => {
    const o = new Outbox({ path: join(dir, 'b.sqlite') });
    o.append([pt('A-001', 1), pt('A-001', 2), pt('A-001', 3)], 0, 'live');
    const ids = o.take('live', 2).map((r) => r.id);
    expect(o.refused(ids, 'no')).toBe(1);
    expect(o.refused(ids, 'no')).toBe(2);
    o.quarantine(ids, 'b1', 'no', 5);
    expect(o.size()).toBe(1);
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
    o.toBackfill();
    expect(o.take('backfill', 10).map((r) => [r.point.seq, r.attempts])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    o.close();
  });

  it('bounds size and age, counting drops durably', () => {
    const path = join(dir, 'b.sqlite');
    const o = new Outbox({ path, maxRecords: 3 });
    expect(o.append([pt('A-001', 1), pt('A-001', 2)], 0, 'live')).toBe(0);
    expect(o.append([pt('A-001', 3), pt('A-001', 4), pt('A-001', 5)], 100, 'live')).toBe(2);
    expect(o.take('live', 10).map((r) => r.point.seq)).toEqual([3, 4, 5]);
    expect(o.expire(50)).toBe(0);
    expect(o.expire(101)).toBe(3);
    o.close();
    const again = new Outbox({ path, maxRecords: 3 });
    expect([again.counter('dropped_overflow'), again.counter('dropped_age'), again.size()]).toEqual(
      [2, 3, 0],
    );
    again.close();
  });
});
