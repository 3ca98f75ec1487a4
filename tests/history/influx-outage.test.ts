// InfluxDB stopped under load and restarted: every point generated meanwhile reaches it exactly once, in order.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlant } from '@zld/protocols';
import { noInfluxd, startInfluxd, type InfluxdProcess } from '@zld/testkit/influxd-suite';
import { waitFor } from '@zld/testkit';
import { startTestSimulators, type TestSimulators } from '../helpers/simulators.js';
import {
  influxSamples,
  sequenceProblems,
  startHistoryGateway,
  type HistoryGateway,
} from './history-gateway.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString();

describe.skipIf(noInfluxd)('the gateway through an InfluxDB outage', () => {
  let sims: TestSimulators;
  let influx: InfluxdProcess;
  let dataDir: string;
  let gw: HistoryGateway;

  beforeAll(async () => {
    sims = await startTestSimulators({ speed: 1 });
    influx = await startInfluxd();
    dataDir = await mkdtemp(join(tmpdir(), 'zld-history-outage-'));
    gw = await startHistoryGateway({
      plcEndpoints: sims.plcEndpoints,
      plant: loadPlant(),
      dataDir,
      influxUrl: influx.databaseUrl('zld'),
      service: {
        // A small buffer so that its fill shows, and quick retries so that the test stays short.
        forwarder: { maxRecords: 40_000, retryDelayMs: 100, maxRetryDelayMs: 500 },
        fillPublishMs: 200,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await sims?.stop();
    await influx?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('buffers while InfluxDB is down, then delivers every point once, in order, flagged as backfill', async () => {
    // Load on top of the PLCs: the balance tags change 20 times a second.
    const balance = gw.runtime.plant.tags.filter((t) => t.computed && t.name.startsWith('FY-'));
    let k = 0;
    const load = setInterval(() => {
      k++;
      for (const [i, t] of balance.entries())
        gw.runtime.setComputed(t.name, t.range[0] + ((k * 7 + i) % 100) / 10, 'Good');
    }, 50);
    try {
      await sleep(3000);
      expect(gw.service.health().connected).toBe(true);

      await influx.stop();
      const downAt = Date.now();
      await waitFor(() => !gw.service.health().connected, {
        timeoutMs: 10_000,
        what: 'the outage to be noticed',
      });
      // While the store is down, history cannot be answered; the health says why.
      const q = new URLSearchParams({
        tags: 'FY-910',
        from: iso(downAt - 60_000),
        to: iso(downAt),
      });
      const refused = await gw.fetch(`/api/history?${q}`);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'UNAVAILABLE',
      );
      expect(gw.service.health().lastError).toMatch(/InfluxDB/);
      await sleep(6000);
      expect(gw.service.backlog()).toBeGreaterThan(1000);
      // The buffer fill is published to its computed tag, for the alarm engine and the HMI.
      expect(Number(gw.runtime.value('UY-990')?.value)).toBeGreaterThan(1);

      await influx.start();
      const upAt = Date.now();
      await waitFor(() => gw.service.health().connected, {
        timeoutMs: 15_000,
        what: 'the store to be reachable again',
      });
      await sleep(2000);
      clearInterval(load);
      await gw.runtime.stop();
      await gw.service.flush();
      await waitFor(() => gw.service.backlog() === 0, {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: 'the buffer to drain',
      });

      // Every point handed to the buffer (its per-tag sequence numbers) is in InfluxDB once, in order.
      const generated = await gw.service.historian.lastSeqs();
      const stored = await influxSamples(influx.url, 'zld');
      const problems = Object.entries(generated).flatMap(([tag, last]) =>
        sequenceProblems(tag, stored.get(tag) ?? [], last),
      );
      expect(problems).toEqual([]);
      expect(Object.keys(generated).length).toBeGreaterThan(100);
      for (const [tag, samples] of stored)
        for (let i = 1; i < samples.length; i++)
          expect(samples[i]!.ts, tag).toBeGreaterThanOrEqual(samples[i - 1]!.ts);

      // The points of the outage came by replay, flagged as backfill.
      const during = [...stored.values()]
        .flat()
        .filter((s) => s.gatewayTs > downAt + 1000 && s.gatewayTs < upAt - 1000);
      expect(during.length).toBeGreaterThan(300);
      expect(during.filter((s) => !s.backfill)).toEqual([]);
      // The fill rose and fell in the history of UY-990.
      const fill = (stored.get('UY-990') ?? []).map((s) => s.value ?? 0);
      expect(Math.max(...fill)).toBeGreaterThan(1);
      expect(fill.at(-1)).toBeLessThan(1);

      const text = await (await gw.fetch('/metrics')).text();
      const value = (name: string) =>
        Number(
          text
            .split('\n')
            .find((l) => l.startsWith(`${name} `))
            ?.split(' ')[1],
        );
      expect(value('zld_historian_outages_total')).toBe(1);
      expect(value('zld_historian_dropped_points_total{reason="overflow"}')).toBe(0);
      expect(value('zld_historian_quarantined_points')).toBe(0);
    } finally {
      clearInterval(load);
    }
  }, 120_000);
});
