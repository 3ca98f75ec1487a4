import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@zld/tags';
import type { Quality, TagValue } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import { freePort } from '@zld/testkit';
import { InfluxHistorian } from './influx-historian.js';
import { Recorder } from './recorder.js';
import { SqliteHistorian } from './sqlite-historian.js';
import { StoreAndForward } from './store-and-forward.js';
import type { Timers } from './timers.js';

/** Timers that fire only when told. */
class StepTimers implements Timers {
  private pending = new Map<number, () => void>();
  private next = 1;
  setTimeout(fn: () => void, _ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, fn);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    due.forEach((fn) => fn());
  }
}

const T0 = 1_700_000_000_000;
const sample = (
  ts: number,
  value: TagValue['value'],
  quality: Quality = 'Good',
  name = 'FT-001',
): TagValue => ({
  name,
  value,
  quality,
  ts: T0 + ts,
  gatewayTs: T0 + ts + 5,
  tsOrigin: 'gateway',
});

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zld-recorder-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function all(h: SqliteHistorian, name = 'FT-001'): Promise<HistoryPoint[]> {
  const [s] = await h.query({ tags: [name], from: 0, to: T0 * 2, maxPoints: 10_000 });
  return s?.mode === 'raw' ? s.points : [];
}

describe('Recorder', () => {
  const policies = [{ name: 'FT-001', deadband: 0.5, maxIntervalS: 10 }];

  it('stores exceptions with the held point before them, numbered per tag', async () => {
    const h = await SqliteHistorian.open({ path: join(dir, 'h.sqlite') });
    const r = await Recorder.open({ historian: h, policies, clock: new ManualClock(T0) });
    r.offer([
      sample(0, 10),
      sample(1000, 10.2),
      sample(2000, 10.3),
      sample(3000, 12),
      sample(4000, 12.1),
    ]);
    r.offer([sample(5000, 12.1, 'Bad_Stale')]);
    await r.flush();
    expect((await all(h)).map((p) => [p.seq, p.ts - T0, p.value, p.quality])).toEqual([
      [1, 0, 10, 'Good'],
      [2, 2000, 10.3, 'Good'],
      [3, 3000, 12, 'Good'],
      [4, 4000, 12.1, 'Good'],
      [5, 5000, 12.1, 'Bad_Stale'],
    ]);
    expect(r.metrics()).toMatchObject({ samples: 6, pointsWritten: 5, pending: 0, backlog: 0 });
    await h.close();
  });

  it('writes in batches and counts them', async () => {
    const h = await SqliteHistorian.open({ path: join(dir, 'h.sqlite') });
    const r = await Recorder.open({ historian: h, clock: new ManualClock(T0), batchSize: 3 });
    r.offer(Array.from({ length: 7 }, (_, i) => sample(i * 100, i)));
    await r.flush();
    const m = r.metrics();
    expect(m).toMatchObject({ pointsWritten: 7, batches: 3, writeErrors: 0, dropped: 0 });
    expect(m.lastWriteMs).toBeGreaterThanOrEqual(0);
    expect(m.maxWriteMs).toBeGreaterThanOrEqual(m.lastWriteMs);
    await h.close();
  });

  it('continues numbering after a restart', async () => {
    const path = join(dir, 'h.sqlite');
    const h1 = await SqliteHistorian.open({ path });
    const r1 = await Recorder.open({ historian: h1, clock: new ManualClock(T0) });
    r1.offer([sample(0, 1), sample(1, 2)]);
    await r1.stop();
    await h1.close();
    const h2 = await SqliteHistorian.open({ path });
    const r2 = await Recorder.open({ historian: h2, clock: new ManualClock(T0) });
    r2.offer([sample(2, 3)]);
    await r2.stop();
    expect((await all(h2)).map((p) => p.seq)).toEqual([1, 2, 3]);
    await h2.close();
  });

  it('refuses unstorable samples and counts them', async () => {
    const h = await SqliteHistorian.open({ path: join(dir, 'h.sqlite') });
    const r = await Recorder.open({ historian: h, clock: new ManualClock(T0) });
    r.offer([sample(0, Number.NaN), sample(0, 1, 'Good', "FT-001' OR 1=1"), sample(1, 4)]);
    await r.flush();
    expect(r.metrics()).toMatchObject({ samples: 3, rejected: 2, pointsWritten: 1 });
    await h.close();
  });

  it('on its timer, writes a held sample once maxIntervalS has passed', async () => {
    const h = await SqliteHistorian.open({ path: join(dir, 'h.sqlite') });
    const clock = new ManualClock(T0);
    const timers = new StepTimers();
    const r = await Recorder.open({ historian: h, policies, clock, timers });
    r.start();
    r.offer([sample(0, 10), sample(4000, 10.1)]);
    clock.set(T0 + 5000);
    timers.fire();
    await r.flush();
    expect((await all(h)).map((p) => p.ts - T0)).toEqual([0]);
    clock.set(T0 + 10_000);
    timers.fire();
    await r.flush();
    expect((await all(h)).map((p) => p.ts - T0)).toEqual([0, 4000]);
    await r.stop();
    await h.close();
  });

  it('reports the store-and-forward backlog in its own', async () => {
    // A store nothing answers for: the points wait in the buffer.
    const down = await InfluxHistorian.open({
      url: `http://127.0.0.1:${await freePort()}/zld`,
      requestTimeoutMs: 500,
    });
    const path = join(dir, 'buffer.sqlite');
    const clock = new ManualClock(T0);
    const buffering = new StoreAndForward({ sink: down, path, clock });
    const r = await Recorder.open({ historian: buffering, clock });
    r.offer([sample(0, 1), sample(1, 2), sample(2, 3)]);
    await r.flush();
    expect(r.metrics()).toMatchObject({ pointsWritten: 3, pending: 0, backlog: 3 });
    await buffering.close();
    // The buffer reopened on a store that answers: forwarding empties it.
    const sink = await SqliteHistorian.open({ path: join(dir, 'h.sqlite') });
    const saf = new StoreAndForward({ sink, path, clock });
    const again = await Recorder.open({ historian: saf, clock });
    expect(again.metrics().backlog).toBe(3);
    await saf.forward();
    expect(again.metrics().backlog).toBe(0);
    expect((await all(sink)).map((p) => p.seq)).toEqual([1, 2, 3]);
    await saf.close();
  });
});
