import {
  EMBEDDED_FILE,
  InfluxHistorian,
  SqliteHistorian,
  StoreAndForward,
  type HistorySeries,
} from '@zld/historian';
import { loadPlantFile, type TagDef } from '@zld/plant';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@zld/protocols';
import { describe, expect, it } from 'vitest';
import { NOW, startHistoryHarness, type HistoryHarness } from './history-app.fixture.js';

const H = 3_600_000;

/** A value that fits the tag, different for each `k`. */
const valueFor = (t: TagDef, k: number): number | boolean =>
  t.dataType === 'bool' ? k % 2 === 1 : t.range[0] + ((t.range[1] - t.range[0]) * (k % 10)) / 10;

/** Sets every tag once through the runtime's own paths (drivers' sink for PLC tags, setComputed otherwise). */
function setAll(h: HistoryHarness, k: number, tags: readonly TagDef[] = h.plant.tags): void {
  for (const t of tags) {
    if (t.computed) h.runtime.setComputed(t.name, valueFor(t, k), 'Good');
    else h.engine.update(t.name, valueFor(t, k), 'Good', undefined, h.clock.now());
  }
  h.engine.flush();
}

async function historyOf(h: HistoryHarness, names: readonly string[]): Promise<HistorySeries[]> {
  const out: HistorySeries[] = [];
  for (let i = 0; i < names.length; i += 64)
    out.push(
      ...(await h.service.query({
        tags: names.slice(i, i + 64),
        from: NOW - H,
        to: NOW + H,
        maxPoints: 1000,
      })),
    );
  return out;
}

const metric = (text: string, name: string): number =>
  Number(new RegExp(`^${name.replace(/[{}"=]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1]);

describe('HistoryService', () => {
  it('historizes every tag of the plant, PLC and computed, from the runtime’s flushed changes', async () => {
    const h = await startHistoryHarness();
    try {
      setAll(h, 1);
      h.clock.advance(1000);
      setAll(h, 2);
      await h.service.flush();
      const series = await historyOf(
        h,
        h.plant.tags.map((t) => t.name),
      );
      const wrong = series.flatMap((s) => {
        const t = h.plant.tag(s.name);
        const want = [valueFor(t, 1), valueFor(t, 2)].map(Number);
        const got = s.mode === 'raw' ? s.points.map((p) => [p.value, p.quality, p.seq]) : s.mode;
        return JSON.stringify(got) ===
          JSON.stringify([
            [want[0], 'Good', 1],
            [want[1], 'Good', 2],
          ])
          ? []
          : [`${s.name}: ${JSON.stringify(got)}`];
      });
      expect(series).toHaveLength(h.plant.tags.length);
      expect(h.plant.tags.filter((t) => t.computed).length).toBeGreaterThan(0);
      expect(wrong).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('stores a change of quality alone, and never a Bad value as if it were good', async () => {
    const h = await startHistoryHarness();
    try {
      h.engine.update('FT-001', 5, 'Good', undefined, NOW);
      h.engine.flush();
      h.engine.update('FT-001', 5, 'Bad_CommunicationError', undefined, NOW + 1000);
      h.engine.flush();
      await h.service.flush();
      const [s] = await historyOf(h, ['FT-001']);
      expect(s?.mode === 'raw' && s.points.map((p) => [p.ts - NOW, p.value, p.quality])).toEqual([
        [0, 5, 'Good'],
        [1000, null, 'Bad_CommunicationError'],
      ]);
    } finally {
      await h.close();
    }
  });

  it('continues each tag’s numbering after a restart on the same data dir', async () => {
    const first = await startHistoryHarness();
    const dataDir = first.dataDir;
    const tags = first.plant.tags.filter((t) => !t.computed).slice(0, 5);
    setAll(first, 1, tags);
    await first.service.stop();
    const second = await startHistoryHarness({
      service: { historian: await SqliteHistorian.open({ path: join(dataDir, EMBEDDED_FILE) }) },
    });
    try {
      second.clock.advance(1000);
      setAll(second, 2, tags);
      await second.service.flush();
      const series = await historyOf(
        second,
        tags.map((t) => t.name),
      );
      for (const s of series)
        expect(s.mode === 'raw' && s.points.map((p) => p.seq), s.name).toEqual([1, 2]);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('writes what the recorder still holds when it stops', async () => {
    const h = await startHistoryHarness({ service: { recorder: { flushIntervalMs: 60_000 } } });
    setAll(h, 3);
    await h.service.stop();
    const store = await SqliteHistorian.open({ path: join(h.dataDir, EMBEDDED_FILE) });
    try {
      const [s] = await store.query({
        tags: ['FT-001'],
        from: NOW - H,
        to: NOW + H,
        maxPoints: 10,
      });
      expect(s?.mode === 'raw' && s.points.map((p) => p.value)).toEqual([
        valueFor(h.plant.tag('FT-001'), 3),
      ]);
    } finally {
      await store.close();
      await h.close();
    }
  });

  it('reports its health and metrics, and a failing store as not connected', async () => {
    const h = await startHistoryHarness();
    try {
      setAll(h, 1);
      await h.service.flush();
      const n = h.plant.tags.length;
      expect(h.service.health()).toEqual({
        backend: 'sqlite',
        connected: true,
        lastError: null,
        backlog: 0,
      });
      let text = await h.registry.metrics();
      expect(metric(text, 'zld_historian_samples_total')).toBe(n);
      expect(metric(text, 'zld_historian_points_written_total')).toBe(n);
      expect(metric(text, 'zld_historian_batches_total')).toBeGreaterThanOrEqual(1);
      expect(metric(text, 'zld_historian_write_duration_seconds_count')).toBe(
        metric(text, 'zld_historian_batches_total'),
      );
      expect(metric(text, 'zld_historian_up')).toBe(1);
      expect(metric(text, 'zld_historian_backlog_points')).toBe(0);
      expect(metric(text, 'zld_historian_buffer_fill_ratio')).toBe(0);
      expect(metric(text, 'zld_historian_dropped_points_total{reason="overflow"}')).toBe(0);

      // The store goes away under the service: the write fails for good and is counted.
      await h.service.historian.close();
      h.clock.advance(1000);
      setAll(h, 2);
      await h.service.flush();
      const health = h.service.health();
      expect(health).toMatchObject({ backend: 'sqlite', connected: false });
      expect(health.lastError).toMatch(/database connection is not open/);
      text = await h.registry.metrics();
      expect(metric(text, 'zld_historian_up')).toBe(0);
      expect(metric(text, 'zld_historian_write_errors_total')).toBeGreaterThanOrEqual(1);
      expect(metric(text, 'zld_historian_dropped_points_total{reason="recorder"}')).toBe(n);
    } finally {
      await h.close();
    }
  });

  it('publishes the buffer fill to UY-990 when the plant defines it', async () => {
    const plant = loadPlantFile();
    const dir = await mkdtemp(join(tmpdir(), 'zld-history-buffer-'));
    // A store nothing answers for, and a buffer whose forwarder is not started: points stay in it.
    const sink = await InfluxHistorian.open({
      url: `http://127.0.0.1:${await freePort()}/zld`,
      requestTimeoutMs: 500,
    });
    const buffer = new StoreAndForward({
      sink,
      path: join(dir, 'buffer.sqlite'),
      clock: { now: () => NOW },
      maxRecords: 1000,
    });
    const h = await startHistoryHarness({
      plant,
      service: { historian: buffer, fillPublishMs: 10 },
    });
    try {
      expect(h.runtime.value('UY-990')).toMatchObject({ value: 0, quality: 'Good' });
      const tags = plant.tags.filter((t) => !t.computed).slice(0, 150);
      setAll(h, 1, tags);
      await h.service.flush();
      await expect
        .poll(() => h.runtime.value('UY-990')?.value, { timeout: 2000, interval: 10 })
        .toBeGreaterThanOrEqual(15);
      // Its own points go through the buffer too, within its deadband (0.5 %).
      expect(h.runtime.value('UY-990')?.value).toBeLessThanOrEqual(15.5);
      const health = h.service.health();
      expect(health).toMatchObject({ backend: 'influxdb via store-and-forward' });
      expect(health.backlog).toBeGreaterThanOrEqual(buffer.outbox.size());
      expect(metric(await h.registry.metrics(), 'zld_historian_buffer_fill_ratio')).toBeCloseTo(
        buffer.outbox.size() / 1000,
        9,
      );
    } finally {
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('publishes the embedded store’s backlog fill to UY-990 and says when it is behind', async () => {
    const plant = loadPlantFile();
    const h = await startHistoryHarness({
      plant,
      service: {
        // Nothing is written until asked: what is offered waits in memory.
        recorder: { batchSize: 100_000, flushIntervalMs: 3_600_000, maxPending: 200 },
        fillPublishMs: 10,
      },
    });
    try {
      expect(h.service.embedded).not.toBeNull();
      expect(h.runtime.value('UY-990')).toMatchObject({ value: 0, quality: 'Good' });
      const tags = plant.tags.filter((t) => !t.computed).slice(0, 120);
      setAll(h, 1, tags);
      await expect
        .poll(() => h.runtime.value('UY-990')?.value, { timeout: 2000, interval: 10 })
        .toBeGreaterThanOrEqual(60);
      const behind = h.service.health();
      expect(behind).toMatchObject({ backend: 'sqlite', connected: true });
      expect(behind.backlog).toBeGreaterThanOrEqual(120);
      expect(behind.lastError).toMatch(
        /^historian behind: \d+ point\(s\) not yet stored, backlog \d+% of its bound$/,
      );
      let text = await h.registry.metrics();
      expect(metric(text, 'zld_historian_buffer_fill_ratio')).toBeGreaterThanOrEqual(0.6);
      await h.service.flush();
      await expect
        .poll(() => h.runtime.value('UY-990')?.value, { timeout: 2000, interval: 10 })
        .toBeLessThan(5);
      expect(h.service.health()).toMatchObject({ connected: true, lastError: null });
      text = await h.registry.metrics();
      expect(metric(text, 'zld_historian_store_queue_points')).toBe(0);
      expect(metric(text, 'zld_historian_store_behind')).toBe(0);
      expect(metric(text, 'zld_historian_store_worker_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(metric(text, 'zld_historian_dropped_points_total{reason="recorder"}')).toBe(0);
    } finally {
      await h.close();
    }
  });
});
