import { InfluxHistorian, StoreAndForward, type HistoryPoint } from '@zld/historian';
import { freePort } from '@zld/protocols';
import type { TagDef } from '@zld/plant';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW, startHistoryHarness, type HistoryHarness } from './history-app.fixture.js';
import { GAP_QUALITY } from './history-service.js';

const value = (t: TagDef, k: number): number | boolean =>
  t.dataType === 'bool' ? k % 2 === 1 : t.range[0] + ((t.range[1] - t.range[0]) * k) / 10;

function setPlcTags(h: HistoryHarness, k: number): TagDef[] {
  const tags = h.plant.tags.filter((t) => !t.computed);
  for (const t of tags) h.engine.update(t.name, value(t, k), 'Good', undefined, h.clock.now());
  h.engine.flush();
  return tags;
}

describe('the history gap marker', () => {
  it('stores a Bad sample without a value for every tag, between the samples of the two runs', async () => {
    const h = await startHistoryHarness();
    try {
      const tags = setPlcTags(h, 1);
      await h.service.flush();
      // The gateway "was down" from NOW + 2 s; at its next start the marker goes there.
      h.service.markGap(NOW + 2000);
      h.clock.advance(60_000);
      setPlcTags(h, 2);
      await h.service.flush();
      const [series] = await h.service.query({
        tags: [tags[0]!.name],
        from: NOW - 1000,
        to: NOW + 120_000,
        maxPoints: 100,
      });
      if (series?.mode !== 'raw') throw new Error('expected raw points');
      expect(series.points.map((p) => [p.ts, p.quality, p.value])).toEqual([
        [NOW, 'Good', value(tags[0]!, 1)],
        [NOW + 2000, GAP_QUALITY, null],
        [NOW + 60_000, 'Good', value(tags[0]!, 2)],
      ]);
      // Every tag of the plant, computed ones included.
      const all = await h.service.query({
        tags: h.plant.tags.map((t) => t.name).slice(0, 64),
        from: NOW + 2000,
        to: NOW + 2001,
        maxPoints: 10,
      });
      for (const s of all)
        expect(s.mode === 'raw' && s.points.map((p) => p.quality), s.name).toEqual([GAP_QUALITY]);
    } finally {
      await h.close();
    }
  });

  it('goes through the store-and-forward buffer in front of InfluxDB', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zld-gap-influx-'));
    const sink = await InfluxHistorian.open({
      url: `http://127.0.0.1:${await freePort()}/zld`,
      requestTimeoutMs: 500,
    });
    const buffer = new StoreAndForward({
      sink,
      path: join(dir, 'buffer.sqlite'),
      clock: { now: () => NOW },
      maxRecords: 100_000,
    });
    const h = await startHistoryHarness({ service: { historian: buffer } });
    try {
      h.service.markGap(NOW - 5000);
      await h.service.flush();
      const points: HistoryPoint[] = buffer.outbox.take(100_000).flatMap((b) => b.points);
      const markers = points.filter((p) => p.ts === NOW - 5000);
      expect(markers).toHaveLength(h.plant.tags.length);
      expect(markers.every((p) => p.value === null && p.quality === GAP_QUALITY)).toBe(true);
    } finally {
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
