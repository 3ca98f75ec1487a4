// Store-and-forward against a real influxd: outages, replay, quarantine, bounds, and a killed process.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock, wallClock } from '@zld/tags';
import type { TagValue } from '@zld/tags';
import type { HistoryPoint } from './historian.js';
import { InfluxHistorian } from './influx-historian.js';
import { freePort } from '@zld/testkit';
import { InfluxdProcess, noInfluxd } from '@zld/testkit/influxd-suite';
import { Recorder } from './recorder.js';
import { StoreAndForward } from './store-and-forward.js';
import type { ForwarderEvent } from './store-and-forward.js';

let dir = '';
let server: InfluxdProcess;
let n = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

function points(name: string, fromSeq: number, count: number, ts0: number): HistoryPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    name,
    value: fromSeq + i,
    quality: 'Good' as const,
    ts: ts0 + i,
    gatewayTs: ts0 + i,
    tsOrigin: 'gateway' as const,
    seq: fromSeq + i,
    backfill: false,
  }));
}

/** Every stored point of a tag, read back raw. */
async function stored(h: InfluxHistorian, name: string): Promise<HistoryPoint[]> {
  const [s] = await h.query({ tags: [name], from: 0, to: 9_000_000_000_000, maxPoints: 100_000 });
  if (s?.mode !== 'raw') throw new Error('expected raw points');
  return s.points;
}

describe.skipIf(noInfluxd)('store-and-forward to InfluxDB', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zld-saf-'));
    server = await InfluxdProcess.start();
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const buffer = () => join(dir, `buffer-${++n}.sqlite`);
  const sinkUrl = (params = '') => server.databaseUrl(`zld_saf${++n}`, params);

  it('delivers every point generated across an influxd outage exactly once and in order per tag', async () => {
    const sink = await InfluxHistorian.open({ url: sinkUrl(), requestTimeoutMs: 2000 });
    const events: ForwarderEvent[] = [];
    const saf = new StoreAndForward({
      sink,
      path: buffer(),
      clock: wallClock,
      intervalMs: 20,
      retryDelayMs: 50,
      maxRetryDelayMs: 200,
      onEvent: (e) => events.push(e),
    });
    saf.start();
    const recorder = await Recorder.open({
      historian: saf,
      clock: wallClock,
      flushIntervalMs: 20,
      batchSize: 200,
    });
    recorder.start();
    const tags = ['FT-301', 'FT-302', 'LT-303', 'PT-304'];
    const generated = new Map(tags.map((t) => [t, 0]));
    let running = true;
    const load = (async () => {
      let k = 0;
      while (running) {
        const now = Date.now();
        const batch: TagValue[] = tags.map((name) => ({
          name,
          value: k,
          quality: 'Good',
          ts: now,
          gatewayTs: now,
          tsOrigin: 'gateway',
        }));
        recorder.offer(batch);
        for (const t of tags) generated.set(t, (generated.get(t) ?? 0) + 1);
        k++;
        await sleep(2);
      }
    })();
    await sleep(300);
    await server.stop();
    const outageFrom = Date.now();
    await sleep(700);
    const outageTo = Date.now();
    await server.start();
    await sleep(300);
    running = false;
    await load;
    await recorder.stop();
    await until(() => saf.stats().backlog === 0);
    await saf.stop();

    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['outage', 'recovered']));
    for (const tag of tags) {
      const pts = await stored(sink, tag);
      // Exactly once, none missing: sequence numbers 1..N, and in time order they only go up.
      expect(pts.map((p) => p.seq)).toEqual(
        Array.from({ length: generated.get(tag)! }, (_, i) => i + 1),
      );
      expect(pts.every((p, i) => i === 0 || p.ts >= pts[i - 1]!.ts)).toBe(true);
      // Points generated while influxd was down arrived flagged as backfill.
      const during = pts.filter((p) => p.ts > outageFrom + 50 && p.ts < outageTo - 50);
      expect(during.length).toBeGreaterThan(0);
      expect(during.every((p) => p.backfill)).toBe(true);
      expect(pts[0]?.backfill).toBe(false);
    }
    await saf.close();
  }, 60_000);

  /** A historian on a port where nothing answers: every write fails as an outage. */
  async function unreachable(): Promise<InfluxHistorian> {
    return InfluxHistorian.open({
      url: `http://127.0.0.1:${await freePort()}/zld`,
      requestTimeoutMs: 1000,
    });
  }

  it('writes straight to the store while it answers, and drains a backlog oldest first with newer points behind it', async () => {
    const path = buffer();
    const clock = new ManualClock(1_700_000_000_000);
    // An outage: nothing answers. 1000 points wait in the buffer.
    const first = new StoreAndForward({
      sink: await unreachable(),
      path,
      clock,
      drainBatchSize: 400,
    });
    await first.write(points('FT-401', 1, 1000, 1_700_000_000_000));
    clock.advance(1000);
    expect((await first.forward()).failed).toBe(true);
    expect(first.stats()).toMatchObject({
      outage: true,
      backlog: 1000,
      backfillBacklog: 1000,
      direct: 0,
    });
    await first.close();

    // The store is back (the buffer reopened on a reachable one): newer points queue behind the backlog.
    const sink = await InfluxHistorian.open({ url: sinkUrl() });
    const saf = new StoreAndForward({ sink, path, clock, drainBatchSize: 400 });
    await saf.write(points('FT-401', 1001, 5, 1_700_000_100_000));
    expect(saf.stats()).toMatchObject({ backlog: 1005, direct: 0 });
    // Whole stored batches per request, up to 400 points each: 1000, then the 5 newer ones.
    expect(await saf.forward()).toEqual({ backfill: 1000, failed: false });
    expect(await saf.forward()).toEqual({ backfill: 5, failed: false });
    // With nothing waiting, a write goes straight to the store.
    await saf.write(points('FT-401', 1006, 5, 1_700_000_200_000));
    expect(saf.stats()).toMatchObject({ backlog: 0, direct: 5, forwarded: 1005 });
    const all = await stored(sink, 'FT-401');
    expect(all.map((p) => p.seq)).toEqual(Array.from({ length: 1010 }, (_, i) => i + 1));
    expect(all.map((p) => p.backfill)).toEqual([
      ...Array(1005).fill(true),
      ...Array(5).fill(false),
    ]);
    await saf.close();
  }, 30_000);

  it('quarantines a batch InfluxDB keeps refusing, without blocking the rest, and can retry and export it', async () => {
    const url = sinkUrl('?retention=1h');
    const sink = await InfluxHistorian.open({ url });
    const clock = new ManualClock(Date.now());
    const events: ForwarderEvent[] = [];
    const saf = new StoreAndForward({
      sink,
      path: buffer(),
      clock,
      maxAttempts: 3,
      retryDelayMs: 100,
      onEvent: (e) => events.push(e),
    });
    // Three hours old: beyond a 1 h retention policy, InfluxDB refuses these (400, partial write):
    // they go to the buffer, and the newer ones queue behind them.
    await saf.write(points('FT-501', 1, 5, clock.now() - 3 * 3_600_000));
    await saf.write(points('FT-501', 6, 3, clock.now()));
    expect(saf.stats().backlog).toBe(8);
    // The two stored batches are refused together, then tried one by one: the refused one counts its
    // attempts until it is quarantined, and the other goes through.
    for (let i = 0; i < 4; i++) {
      clock.advance(1000);
      expect((await saf.forward()).failed).toBe(true);
    }
    expect(events.find((e) => e.type === 'quarantined')).toMatchObject({ count: 5 });
    expect(await saf.forward()).toMatchObject({ backfill: 3, failed: false });
    expect((await stored(sink, 'FT-501')).map((p) => p.seq)).toEqual([6, 7, 8]);

    const [q] = saf.listQuarantine();
    expect(q?.points.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(q?.error).toMatch(/retention policy/);
    const lines = saf
      .exportQuarantine()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { batch: string; point: HistoryPoint });
    expect(lines.map((l) => [l.batch, l.point.seq])).toEqual(
      [1, 2, 3, 4, 5].map((s) => [q?.batch, s]),
    );

    // Once the cause is fixed, a retry delivers them.
    const res = await fetch(`${server.url}/query`, {
      method: 'POST',
      body: new URLSearchParams({
        q: `ALTER RETENTION POLICY "zld_raw" ON "${sink.target.database}" DURATION INF`,
      }),
    });
    expect(res.status).toBe(200);
    expect(saf.retryQuarantine(q?.batch)).toBe(5);
    expect(saf.listQuarantine()).toEqual([]);
    expect(await saf.forward()).toMatchObject({ backfill: 5, failed: false });
    expect((await stored(sink, 'FT-501')).map((p) => p.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await saf.close();
  }, 30_000);

  it('drops the oldest points on overflow, counts and reports every drop, and flags the fill level', async () => {
    const path = buffer();
    const events: ForwarderEvent[] = [];
    const clock = new ManualClock(Date.now());
    const options = {
      path,
      clock,
      maxRecords: 100,
      fillWarn: 0.8,
      onEvent: (e: ForwarderEvent) => events.push(e),
    };
    const down = new StoreAndForward({ sink: await unreachable(), ...options });
    const ts0 = Date.now() - 10_000;
    await down.write(points('FT-601', 1, 70, ts0));
    expect(down.stats()).toMatchObject({ fill: 0.7, fillHigh: false });
    await down.write(points('FT-601', 71, 10, ts0 + 70));
    expect(down.stats()).toMatchObject({ fill: 0.8, fillHigh: true });
    expect(down.health().state).toBe('degraded');
    await down.write(points('FT-601', 81, 70, ts0 + 80));
    expect(down.stats()).toMatchObject({ backlog: 100, fill: 1, droppedOverflow: 50 });
    expect(events).toEqual([
      { type: 'outage', error: expect.any(String) },
      { type: 'fill-high', fill: 0.8 },
      { type: 'dropped', reason: 'overflow', count: 50 },
    ]);
    await down.close();
    const sink = await InfluxHistorian.open({ url: sinkUrl() });
    const saf = new StoreAndForward({ sink, ...options });
    while (saf.stats().backlog > 0) await saf.forward();
    expect(events.at(-1)).toEqual({ type: 'fill-normal', fill: 0 });
    expect((await stored(sink, 'FT-601')).map((p) => p.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 51),
    );
    await saf.close();
  });

  it('drops points older than the age bound, and counts them', async () => {
    const path = buffer();
    const clock = new ManualClock(Date.now());
    const events: ForwarderEvent[] = [];
    const options = {
      path,
      clock,
      maxAgeMs: 60_000,
      onEvent: (e: ForwarderEvent) => events.push(e),
    };
    const down = new StoreAndForward({ sink: await unreachable(), ...options });
    await down.write(points('FT-701', 1, 10, clock.now() - 5000));
    clock.advance(60_001);
    await down.write(points('FT-701', 11, 5, clock.now() - 5000));
    await down.close();
    const sink = await InfluxHistorian.open({ url: sinkUrl() });
    const saf = new StoreAndForward({ sink, ...options });
    expect(await saf.forward()).toMatchObject({ backfill: 5 });
    expect(events.filter((e) => e.type !== 'outage')).toEqual([
      { type: 'dropped', reason: 'age', count: 10 },
    ]);
    expect(saf.stats().droppedAge).toBe(10);
    expect((await stored(sink, 'FT-701')).map((p) => p.seq)).toEqual([11, 12, 13, 14, 15]);
    await saf.close();
  });

  it('delivers what a SIGKILLed process had buffered, once it is restarted', async () => {
    const path = buffer();
    const url = sinkUrl();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./buffering-child.fixture.ts', import.meta.url)),
        path,
        url,
      ],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let committed = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      const m = /committed (\d+)\n$/.exec(d.toString());
      if (m) committed = Number(m[1]);
    });
    const exited = new Promise<NodeJS.Signals | null>((r) =>
      child.once('exit', (_code, sig) => r(sig)),
    );
    try {
      await until(() => committed >= 300 || child.exitCode !== null, 30_000);
      if (child.exitCode !== null) throw new Error(`the child process ended early:\n${stderr}`);
      // influxd goes away; the child keeps buffering; then it is killed without warning.
      await server.stop();
      const before = committed;
      await until(() => committed >= before + 300);
    } finally {
      child.kill('SIGKILL');
      await server.start();
    }
    expect(await exited).toBe('SIGKILL');
    const lastSeen = committed;

    const sink = await InfluxHistorian.open({ url });
    const saf = new StoreAndForward({ sink, path, clock: wallClock });
    expect(saf.stats().backlog).toBeGreaterThan(0);
    while (saf.stats().backlog > 0) await saf.forward();
    for (const tag of ['FT-201', 'FT-202']) {
      const seqs = (await stored(sink, tag)).map((p) => p.seq);
      expect(seqs.length).toBeGreaterThanOrEqual(lastSeen);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    await saf.close();
  }, 90_000);
});
