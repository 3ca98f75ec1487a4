import { SqliteHistorian, StoreAndForward } from '@zld/historian';
import { ManualClock } from '@zld/tags';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from '../audit/index.js';
import { NOW, pointsOf, startHistoryHarness, type HistoryHarness } from './history-app.fixture.js';
import type { QuarantineListDto } from '@zld/api';

describe('the quarantine routes over a store-and-forward buffer', () => {
  let h: HistoryHarness;
  let dir: string;
  let buffer: StoreAndForward;
  let audit: AuditStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zld-quarantine-'));
    // A final store that refuses every write for good (its database is closed): each batch is
    // tried maxAttempts times, then quarantined so it does not block the queue.
    const sink = await SqliteHistorian.open({ path: join(dir, 'final.sqlite') });
    await sink.close();
    buffer = new StoreAndForward({
      sink,
      path: join(dir, 'buffer.sqlite'),
      clock: new ManualClock(NOW),
      retryDelayMs: 0,
      maxAttempts: 2,
    });
    audit = new AuditStore({ path: ':memory:', clock: new ManualClock(NOW) });
    h = await startHistoryHarness({ service: { historian: buffer }, audit });
    await buffer.write([
      ...pointsOf('FT-001', NOW - 60_000, 1000, [1, 2, 3]),
      ...pointsOf('LT-002', NOW - 30_000, 1000, [50, 51]),
    ]);
    for (let i = 0; i < 2; i++) await buffer.forward();
  });
  afterAll(async () => {
    await h?.close();
    audit?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists quarantined batches with their error, attempts, points, tags and time span', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/historian/quarantine' });
    expect(res.statusCode).toBe(200);
    const body = res.json<QuarantineListDto>();
    expect(body.available).toBe(true);
    expect(body.batches).toHaveLength(1);
    expect(body.batches[0]).toEqual({
      id: expect.stringMatching(/^2025-03-01T12:00:00\.000Z-[0-9a-f]{8}$/),
      error: expect.stringMatching(/database connection is not open/),
      quarantinedAt: '2025-03-01T12:00:00.000Z',
      attempts: 2,
      points: 5,
      tags: ['FT-001', 'LT-002'],
      from: new Date(NOW - 60_000).toISOString(),
      to: new Date(NOW - 29_000).toISOString(),
    });
  });

  it('exports a batch as JSON Lines, one point per line', async () => {
    const [batch] = buffer.listQuarantine();
    const res = await h.app.inject({
      method: 'GET',
      url: `/api/historian/quarantine/${batch!.batch}/export`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { point: { name: string; value: number } });
    expect(lines.map((l) => [l.point.name, l.point.value])).toEqual([
      ['FT-001', 1],
      ['FT-001', 2],
      ['FT-001', 3],
      ['LT-002', 50],
      ['LT-002', 51],
    ]);
  });

  it('puts a batch back in the queue, audited, and answers 404 for one it does not have', async () => {
    const app = h.app;
    const [batch] = buffer.listQuarantine();
    const id = batch!.batch;
    const res = await app.inject({ method: 'POST', url: `/api/historian/quarantine/${id}/retry` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id, requeued: 5 });
    expect(buffer.listQuarantine()).toEqual([]);
    expect(buffer.outbox.size()).toBe(5);
    expect(
      audit
        .query({ from: NOW - 1, to: NOW + 1, limit: 10 })
        .map((r) => [r.category, r.action, r.outcome, r.target, r.details, r.reason]),
    ).toEqual([['system', 'historian-quarantine-retry', 'success', id, { points: 5 }, null]]);

    const again = await app.inject({
      method: 'POST',
      url: `/api/historian/quarantine/${id}/retry`,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({
      error: { code: 'NOT_FOUND', message: `no quarantined batch ${id}` },
    });
    const none = await app.inject({ method: 'GET', url: `/api/historian/quarantine/${id}/export` });
    expect(none.statusCode).toBe(404);
    const bad = await app.inject({ method: 'POST', url: `/api/historian/quarantine/a%20b/retry` });
    expect(bad.statusCode).toBe(400);
    const body = await app.inject({
      method: 'POST',
      url: `/api/historian/quarantine/${id}/retry`,
      payload: { force: true },
    });
    expect(body.statusCode).toBe(400);
    const empty = await app.inject({
      method: 'POST',
      url: `/api/historian/quarantine/${id}/retry`,
      payload: {},
    });
    expect(empty.statusCode).toBe(404);
  });
});

describe('the quarantine routes with the embedded store', () => {
  let h: HistoryHarness;
  beforeAll(async () => {
    h = await startHistoryHarness();
  });
  afterAll(async () => h?.close());

  it('say there is no quarantine to list, retry or export', async () => {
    const list = await h.app.inject({ method: 'GET', url: '/api/historian/quarantine' });
    expect(list.json()).toEqual({ available: false, batches: [] });
    for (const [method, url] of [
      ['POST', '/api/historian/quarantine/2025-03-01T12:00:00.000Z-0a1b2c3d/retry'],
      ['GET', '/api/historian/quarantine/2025-03-01T12:00:00.000Z-0a1b2c3d/export'],
    ] as const) {
      const res = await h.app.inject({ method, url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.message).toMatch(
        /embedded historian has no store-and-forward buffer/,
      );
    }
  });
});
