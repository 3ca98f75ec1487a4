// InfluxDB stopped for 30 s under 5000 tag updates a second, then started again: every point reaches it
// exactly once per series and timestamp, and the live stream keeps flowing while the backlog drains.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noInfluxd, startInfluxd, type InfluxdProcess } from '@zld/testkit/influxd-suite';
import { waitFor } from '@zld/testkit';
import { CounterPlc } from '../bench/counter-plc.js';
import { syntheticPlant, type SyntheticPlant } from '../bench/synthetic-plant.js';
import { connectLive, type LiveClient } from '../helpers/live-client.js';
import {
  influxSamples,
  sequenceProblems,
  startHistoryGateway,
  type HistoryGateway,
} from './history-gateway.js';

const TAGS = 500;
const PERIOD_MS = 100;
const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(noInfluxd)('the gateway through a 30 s InfluxDB outage at 5000 updates/s', () => {
  let plcs: CounterPlc[] = [];
  let plant: SyntheticPlant;
  let influx: InfluxdProcess;
  let dataDir: string;
  let gw: HistoryGateway;
  let live: LiveClient;

  beforeAll(async () => {
    plcs = [await CounterPlc.start(), await CounterPlc.start()];
    plant = syntheticPlant({ tags: TAGS, ports: plcs.map((p) => p.port), periodMs: PERIOD_MS });
    influx = await startInfluxd();
    dataDir = await mkdtemp(join(tmpdir(), 'zld-history-outage-load-'));
    gw = await startHistoryGateway({
      plcEndpoints: Object.fromEntries(
        plant.plant.plcs.map((p, i) => [p.id, { host: '127.0.0.1', port: plcs[i]!.port }]),
      ),
      plant: plant.plant,
      dataDir,
      influxUrl: influx.databaseUrl('zld'),
      service: { forwarder: { retryDelayMs: 200, maxRetryDelayMs: 1000 } },
    });
    live = await connectLive(gw.url);
  }, 60_000);
  afterAll(async () => {
    live?.close();
    await gw?.close();
    for (const p of plcs) await p.close();
    await influx?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Tag values the live client received in [from, to). */
  const liveValues = (from: number, to: number) =>
    live.batches.filter((b) => b.at >= from && b.at < to).reduce((n, b) => n + b.values.length, 0);

  it('delivers every point once, flags the outage as backfill, and keeps the live stream going', async () => {
    await waitFor(() => gw.runtime.stats().updatesPerSecond > 4000, {
      timeoutMs: 15_000,
      what: 'the load (5000 updates/s)',
    });
    await sleep(2000);
    expect(gw.service.backlog()).toBeLessThan(TAGS * 5);

    await influx.stop();
    const downAt = Date.now();
    await sleep(OUTAGE_MS);
    expect(gw.service.health().connected).toBe(false);
    const backlog = gw.service.backlog();
    expect(backlog).toBeGreaterThan(100_000);
    await influx.start();
    const upAt = Date.now();

    // The backlog drains oldest first while the live stream keeps its pace, second by second.
    await waitFor(() => gw.service.backlog() < TAGS * 5, {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: 'the buffer to drain',
    });
    const drainedAt = Date.now();
    const seconds = Math.max(1, Math.floor((drainedAt - upAt) / 1000));
    for (let s = 0; s < seconds; s++) {
      const from = upAt + s * 1000;
      expect(
        liveValues(from, from + 1000),
        `live values in second ${s} of the drain`,
      ).toBeGreaterThan(1000);
    }

    // Stop the load; write what is held; everything lands.
    for (const p of plcs) p.frozen = true;
    await sleep(500);
    await gw.runtime.stop();
    await gw.service.flush();
    await waitFor(() => gw.service.backlog() === 0, {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: 'the last points to land',
    });

    const generated = await gw.service.historian.lastSeqs();
    const stored = await influxSamples(influx.url, 'zld');
    const problems = Object.entries(generated).flatMap(([tag, last]) =>
      sequenceProblems(tag, stored.get(tag) ?? [], last),
    );
    expect(problems).toEqual([]);
    expect(Object.keys(generated)).toHaveLength(TAGS);
    const total = [...stored.values()].reduce((n, s) => n + s.length, 0);
    expect(total).toBeGreaterThan(5000 * (OUTAGE_MS / 1000));
    // Points of the outage came through the buffer, flagged as backfill.
    const during = [...stored.values()]
      .flat()
      .filter((s) => s.gatewayTs > downAt + 1000 && s.gatewayTs < upAt - 1000);
    expect(during.length).toBeGreaterThan(100_000);
    expect(during.filter((s) => !s.backfill)).toEqual([]);
    console.log(
      `outage ${OUTAGE_MS / 1000} s: backlog ${backlog} points, drained in ${(drainedAt - upAt) / 1000} s, ` +
        `${total} points stored`,
    );
  }, 180_000);
});
