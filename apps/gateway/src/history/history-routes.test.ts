import type { HistoryResponseDto, HistorySeriesDto } from '@zld/api';
import { severityOf } from '@zld/tags';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHistoryHarness, NOW, pointsOf, type HistoryHarness } from './history-app.fixture.js';
import { buildApp, feature } from '../app.js';
import { historyPlugin } from './history-plugin.js';

const H = 3_600_000;

/** A series of raw points, with them (the wire type has each mode's fields optional). */
function asRaw(s: HistorySeriesDto | undefined) {
  if (s?.mode !== 'raw' || s.points === undefined)
    throw new Error(`expected raw points: ${s?.mode}`);
  return { ...s, points: s.points };
}

/** A series of buckets, with every field of that mode. */
function asBuckets(s: HistorySeriesDto | undefined) {
  if (s?.mode !== 'buckets') throw new Error(`expected buckets, got ${s?.mode}`);
  const { bucketMs, buckets, qualities, count, bad } = s;
  if (bucketMs === undefined || !buckets || !qualities || !count || !bad)
    throw new Error('buckets without their fields');
  return { ...s, bucketMs, buckets, qualities, count, bad };
}
const iso = (ms: number) => new Date(ms).toISOString();
/** 1 h of FT-001 at 1 Hz ending an hour before now, with a Bad minute in it; a few valve moves. */
const T0 = NOW - 2 * H;
const flow = pointsOf(
  'FT-001',
  T0,
  1000,
  Array.from({ length: 3600 }, (_, i) => (i >= 600 && i < 660 ? null : 5 + Math.sin(i / 60))),
  (i) => (i >= 600 && i < 660 ? 'Bad_CommunicationError' : 'Good'),
);
const valve = pointsOf('XV-901.CMD', T0, 600_000, [false, true, false, true]);

function url(path: string, q: Record<string, string | number>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) params.set(k, String(v));
  return `${path}?${params}`;
}

describe('GET /api/history', () => {
  let h: HistoryHarness;
  beforeAll(async () => {
    h = await startHistoryHarness();
    await h.service.historian.write([...flow, ...valve]);
    // What the service recorded itself at start (UY-990) is stored too: nothing is pending.
    await h.service.flush();
  });
  afterAll(async () => h?.close());

  const get = async (q: Record<string, string | number>) =>
    h.app.inject({ method: 'GET', url: url('/api/history', q) });

  it('answers raw points when the window holds fewer than maxPoints, as live values are shaped', async () => {
    const res = await get({
      tags: 'XV-901.CMD,FT-001',
      from: iso(T0),
      to: iso(T0 + 5000),
      maxPoints: 100,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<HistoryResponseDto>();
    expect(body).toMatchObject({ from: iso(T0), to: iso(T0 + 5000), maxPoints: 100, pending: 0 });
    expect(body.series.map((s) => [s.name, s.mode, s.unit])).toEqual([
      ['XV-901.CMD', 'raw', ''],
      ['FT-001', 'raw', 'L/h'],
    ]);
    const v = asRaw(body.series[0]);
    const f = asRaw(body.series[1]);
    // Booleans come back as booleans, and the window is half-open: T0 + 5 s is not in it.
    expect(v.points).toEqual([{ ts: iso(T0), value: false, quality: 'Good' }]);
    expect(f.points.map((p) => p.ts)).toEqual([0, 1, 2, 3, 4].map((s) => iso(T0 + s * 1000)));
    expect(f.points[1]).toEqual({
      ts: iso(T0 + 1000),
      value: flow[1]!.value,
      quality: 'Good',
    });
  });

  it('answers buckets [t, min, mean, max, last] with their worst quality, counts and Bad counts', async () => {
    const res = await get({ tags: 'FT-001', from: iso(T0), to: iso(T0 + H), maxPoints: 61 });
    const s = asBuckets(res.json<HistoryResponseDto>().series[0]);
    expect(s.bucketMs).toBe(60_000);
    expect(s.buckets).toHaveLength(60);
    expect([s.buckets.length, s.qualities.length, s.count.length, s.bad.length]).toEqual([
      60, 60, 60, 60,
    ]);
    for (let k = 0; k < 60; k++) {
      const inBucket = flow.slice(k * 60, k * 60 + 60);
      const values = inBucket.map((p) => p.value).filter((v): v is number => v !== null);
      const [t, min, mean, max, last] = s.buckets[k]!;
      expect(t).toBe(iso(T0 + k * 60_000));
      expect(s.count[k]).toBe(60);
      if (values.length === 0) {
        expect([min, mean, max, last]).toEqual([null, null, null, null]);
        expect(s.qualities[k]).toBe('Bad_CommunicationError');
        expect(s.bad[k]).toBe(60);
        continue;
      }
      expect(min).toBe(Math.min(...values));
      expect(max).toBe(Math.max(...values));
      expect(mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
      expect(last).toBe(values.at(-1));
      expect(severityOf(s.qualities[k]!)).toBe('Good');
      expect(s.bad[k]).toBe(0);
    }
  });

  it('reads times with an offset the same as UTC', async () => {
    const utc = await get({ tags: 'FT-001', from: iso(T0), to: iso(T0 + 3000) });
    const offset = await get({
      tags: 'FT-001',
      from: '2025-03-01T11:00:00+01:00',
      to: '2025-03-01T05:30:03-04:30',
    });
    expect(offset.statusCode).toBe(200);
    expect(offset.json<HistoryResponseDto>().series).toEqual(utc.json<HistoryResponseDto>().series);
  });

  it('answers an empty raw series for a tag with no history in the window', async () => {
    const res = await get({ tags: 'LT-002', from: iso(T0), to: iso(T0 + H) });
    expect(res.json<HistoryResponseDto>().series).toEqual([
      { name: 'LT-002', unit: '%', mode: 'raw', points: [] },
    ]);
  });

  it.each([
    [{ tags: 'FT-001,XX-999' }, 'UNKNOWN_TAG', /unknown tag: XX-999/],
    [{ from: iso(T0 + H), to: iso(T0) }, 'BAD_REQUEST', /to must be after from/],
    [{ from: iso(T0 - 401 * 24 * H) }, 'BAD_REQUEST', /longer than 400 days/],
    [{ to: iso(NOW + 25 * H) }, 'BAD_REQUEST', /in the future/],
    [{ from: String(T0) }, 'BAD_REQUEST', /from must be an ISO-8601 time/],
    [{ maxPoints: 1 }, 'BAD_REQUEST', /maxPoints must be an integer from 2/],
    [{ maxPoints: 20_000 }, 'BAD_REQUEST', /maxPoints must be an integer from 2 to 10000/],
    [{ maxPoints: 'many' }, 'BAD_REQUEST', /maxPoints must be integer/],
    [{ unit: 'gal' }, 'BAD_REQUEST', /must NOT have additional properties/],
    [{ tags: 'FT-001,' }, 'BAD_REQUEST', /comma-separated list/],
  ])('refuses %j with a plain 400', async (q, code, message) => {
    const res = await get({ tags: 'FT-001', from: iso(T0), to: iso(T0 + H), ...q });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
  });

  it('refuses too many distinct tags, a missing field and a repeated field', async () => {
    const names = h.plant.tags.slice(0, 65).map((t) => t.name);
    const many = await get({ tags: names.join(','), from: iso(T0), to: iso(T0 + H) });
    expect(many.statusCode).toBe(400);
    expect(many.json().error.message).toMatch(/too many tags: 65 asked, at most 64/);
    const missing = await h.app.inject({ method: 'GET', url: `/api/history?tags=FT-001` });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/must have required property 'from'/);
    const twice = await h.app.inject({
      method: 'GET',
      url: `/api/history?tags=FT-001&tags=LT-002&from=${iso(T0)}&to=${iso(T0 + H)}`,
    });
    expect(twice.statusCode).toBe(400);
  });
});

describe('GET /api/history.csv', () => {
  let h: HistoryHarness;
  beforeAll(async () => {
    h = await startHistoryHarness();
    await h.service.historian.write([...flow, ...valve]);
  });
  afterAll(async () => h?.close());

  it('renders the same window as CSV: a header, then one row per point or bucket per tag', async () => {
    const q = { tags: 'XV-901.CMD,FT-001', from: iso(T0), to: iso(T0 + H), maxPoints: 61 };
    const res = await h.app.inject({ method: 'GET', url: url('/api/history.csv', q) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="history-20250301T100000Z-20250301T110000Z.csv"',
    );
    const lines = res.body.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('tag,time,value,min,mean,max,last,quality,count,bad');
    const json = (
      await h.app.inject({ method: 'GET', url: url('/api/history', q) })
    ).json<HistoryResponseDto>();
    expect(lines.slice(1, 5)).toEqual([
      `XV-901.CMD,${iso(T0)},false,,,,,Good,1,0`,
      `XV-901.CMD,${iso(T0 + 600_000)},true,,,,,Good,1,0`,
      `XV-901.CMD,${iso(T0 + 1_200_000)},false,,,,,Good,1,0`,
      `XV-901.CMD,${iso(T0 + 1_800_000)},true,,,,,Good,1,0`,
    ]);
    const buckets = asBuckets(json.series[1]);
    const cell = (v: string | number | null | undefined) => (v === null ? '' : String(v));
    expect(lines.slice(5, -1)).toEqual(
      buckets.buckets.map(
        ([t, min, mean, max, last], k) =>
          `FT-001,${t},,${cell(min)},${cell(mean)},${cell(max)},${cell(last)},` +
          `${buckets.qualities[k]},${buckets.count[k]},${buckets.bad[k]}`,
      ),
    );
    expect(lines.slice(5, -1)).toHaveLength(60);
    expect(lines[15]).toBe(`FT-001,${iso(T0 + 600_000)},,,,,,Bad_CommunicationError,60,60`);
  });

  it('refuses what /api/history refuses, in the error shape', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: url('/api/history.csv', { tags: 'NOPE-1', from: iso(T0), to: iso(T0 + H) }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'UNKNOWN_TAG', message: 'unknown tag: NOPE-1' } });
  });
});

describe('the history routes when the historian is down', () => {
  it('answer 503 UNAVAILABLE, JSON and CSV alike', async () => {
    const h = await startHistoryHarness();
    try {
      await h.service.historian.close();
      for (const path of ['/api/history', '/api/history.csv']) {
        const res = await h.app.inject({
          method: 'GET',
          url: url(path, { tags: 'FT-001', from: iso(T0), to: iso(T0 + H) }),
        });
        expect(res.statusCode, path).toBe(503);
        expect(res.json().error.code).toBe('UNAVAILABLE');
        expect(res.json().error.message).toMatch(/^historian unavailable: /);
      }
    } finally {
      await h.close();
    }
  });
});

describe('the declared access of the history routes', () => {
  it('is viewer for history, engineer for the quarantine', async () => {
    const h = await startHistoryHarness();
    try {
      expect(h.app.accessTable.map((r) => `${r.method} ${r.url} ${r.access}`)).toEqual([
        'GET /api/history viewer',
        'GET /api/history.csv viewer',
        'GET /api/historian/quarantine engineer',
        'POST /api/historian/quarantine/:id/retry engineer',
        'GET /api/historian/quarantine/:id/export engineer',
      ]);
    } finally {
      await h.close();
    }
  });
});

describe('GET /healthz with the history service', () => {
  it("reports the historian's backend, link and backlog", async () => {
    const h = await startHistoryHarness();
    const app = buildApp({
      runtime: h.runtime,
      features: [feature(historyPlugin, { service: h.service })],
      historianHealth: () => h.service.health(),
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json<{ historian: unknown }>().historian).toEqual(h.service.health());
      expect(h.service.health()).toMatchObject({ connected: true, lastError: null, backlog: 0 });
      // Without it there is no historian to report.
      const bare = buildApp({ runtime: h.runtime });
      expect((await bare.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({
        historian: null,
      });
      await bare.close();
    } finally {
      await app.close();
      await h.close();
    }
  });
});
