// Store-and-forward in front of a slow store (a real influxd behind a gate): the writer is not held up, nothing is sent twice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallClock } from '@zld/tags';
import { InfluxdProcess, noInfluxd } from '@zld/testkit/influxd-suite';
import { HistorianError, type Historian, type HistoryPoint } from './historian.js';
import { InfluxHistorian } from './influx-historian.js';
import { StoreAndForward } from './store-and-forward.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function points(name: string, fromSeq: number, count: number): HistoryPoint[] {
  const ts0 = 1_700_000_000_000;
  return Array.from({ length: count }, (_, i) => ({
    name,
    value: fromSeq + i,
    quality: 'Good' as const,
    ts: ts0 + (fromSeq + i) * 10,
    gatewayTs: ts0 + (fromSeq + i) * 10,
    tsOrigin: 'gateway' as const,
    seq: fromSeq + i,
    backfill: false,
  }));
}

/** The real store, each write held until the gate opens (or fails); counts what it was sent. */
function gated(store: Historian) {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const gate = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  gate.catch(() => undefined);
  let sent = 0;
  let first = true;
  const sink: Historian = {
    ...store,
    write: async (pts) => {
      sent += pts.length;
      // Only the first write waits at the gate (the store is slow once).
      if (first) {
        first = false;
        await gate;
      }
      await store.write(pts);
    },
    query: (q) => store.query(q),
    lastSeqs: () => store.lastSeqs(),
    health: () => store.health(),
    close: () => store.close(),
  };
  return { sink, open, fail, sent: () => sent };
}

describe.skipIf(noInfluxd)('store-and-forward in front of a slow store', () => {
  let server: InfluxdProcess;
  let dir = '';
  let n = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zld-saf-spill-'));
    server = await InfluxdProcess.start();
  }, 120_000);
  afterAll(async () => {
    await server?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function rig() {
    const store = await InfluxHistorian.open({ url: server.databaseUrl(`zld_spill${++n}`) });
    const g = gated(store);
    const saf = new StoreAndForward({
      sink: g.sink,
      path: join(dir, `buffer-${n}.sqlite`),
      clock: wallClock,
      intervalMs: 20,
      retryDelayMs: 50,
      spillAfterMs: 100,
    });
    saf.start();
    const storedSeqs = async () => {
      const [s] = await store.query({ tags: ['FT-101'], from: 0, to: 9e12, maxPoints: 10_000 });
      if (s?.mode !== 'raw') throw new Error('expected raw points');
      return s.points.map((p) => p.seq);
    };
    return { ...g, saf, storedSeqs };
  }

  it('buffers a write the store is slow to take, and drops it from the buffer when the store takes it', async () => {
    const r = await rig();
    const t0 = Date.now();
    await r.saf.write(points('FT-101', 1, 500));
    // The writer got its answer after spillAfterMs, not when the store answered.
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.saf.stats().backlog).toBe(500);
    await r.saf.write(points('FT-101', 501, 500));
    expect(r.saf.stats().backlog).toBe(1000);
    // The drain waits for the slow write: it does not send its batch a second time.
    await sleep(300);
    expect(r.sent()).toBe(500);
    r.open();
    for (let i = 0; i < 200 && r.saf.stats().backlog > 0; i++) await sleep(25);
    expect(r.saf.stats().backlog).toBe(0);
    expect(r.sent()).toBe(1000);
    expect(await r.storedSeqs()).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    await r.saf.close();
  }, 30_000);

  it('drains a slow write that then fails, once, in order', async () => {
    const r = await rig();
    await r.saf.write(points('FT-101', 1, 500));
    await r.saf.write(points('FT-101', 501, 500));
    r.fail(new HistorianError('InfluxDB write: socket hang up', true));
    for (let i = 0; i < 200 && r.saf.stats().backlog > 0; i++) await sleep(25);
    expect(r.saf.stats().backlog).toBe(0);
    // Sent once directly (failed), then both batches from the buffer.
    expect(r.sent()).toBe(1500);
    expect(await r.storedSeqs()).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    await r.saf.close();
  }, 30_000);
});
