import { isApiErrorBody, type HealthDto, type TagDto } from '@zld/api';
import { loadPlantFile } from '@zld/plant';
import { TagEngine } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { defineOtherRoute } from './http/define-route.js';
import { createRuntime } from './runtime/runtime.js';
import { wallTimebase } from './runtime/timebase.js';

const plant = loadPlantFile();

describe('the gateway app (inject)', () => {
  let engine: TagEngine;
  let app: FastifyInstance;

  beforeEach(async () => {
    engine = new TagEngine(plant, { startTs: Date.now() });
    const runtime = createRuntime({ plant, engine, drivers: () => [], timebase: wallTimebase() });
    app = buildApp({ runtime });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
  });

  it('GET /api/tags answers every tag: definition plus value, quality and ISO time', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/tags' });
    expect(res.statusCode).toBe(200);
    const tags = res.json<TagDto[]>();
    expect(tags.map((t) => t.name)).toEqual(plant.tags.map((t) => t.name));
    const ft004 = tags.find((t) => t.name === 'FT-004')!;
    expect(ft004).toMatchObject({
      description: 'NaOH 50% to plant',
      area: 'boundary',
      unit: 'L/h',
      dataType: 'float32',
      plc: 'PLC-300',
      computed: false,
      range: [0, 10],
      normal: [1.8, 2.6],
      limits: { L: 1.2, H: 3.2, HH: 4 },
      writable: false,
      value: null,
      quality: 'Bad_WaitingForInitialData',
    });
    expect(new Date(ft004.ts).toISOString()).toBe(ft004.ts);
    // Register addresses and alarm texts stay on the gateway.
    expect(ft004).not.toHaveProperty('address');
    expect(ft004).not.toHaveProperty('alarms');
  });

  it('GET /api/tags/:name answers the current value', async () => {
    const ts = Date.UTC(2025, 5, 1, 12);
    engine.update('FT-004', 2.25, 'Good', ts, Date.now());
    const res = await app.inject({ method: 'GET', url: '/api/tags/FT-004' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'FT-004',
      value: 2.25,
      quality: 'Good',
      ts: '2025-06-01T12:00:00.000Z',
    });
  });

  it('GET /api/tags/:name answers 404 in the error shape for an unknown tag', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/tags/XX-999' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'UNKNOWN_TAG', message: 'unknown tag XX-999' } });
  });

  it('refuses unknown query fields with 400 in the error shape', async () => {
    for (const url of ['/api/tags?area=leach', '/api/tags/FT-004?x=1', '/healthz?verbose=1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      const body = res.json();
      expect(isApiErrorBody(body), url).toBe(true);
      expect(body.error.code).toBe('BAD_REQUEST');
    }
  });

  it('answers unknown routes and methods with 404 in the error shape', async () => {
    for (const [method, url] of [
      ['GET', '/api/nothing'],
      ['POST', '/api/tags'],
      ['DELETE', '/api/tags/FT-004'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('GET /healthz answers liveness, the clock and each PLC (none here)', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    const h = res.json<HealthDto>();
    expect(h).toMatchObject({ status: 'ok', clock: 'wall', plcs: [], historian: null });
    expect(Math.abs(Date.parse(h.time) - Date.now())).toBeLessThan(5000);
  });

  it('GET /metrics answers the Prometheus text format with the gateway metrics', async () => {
    engine.update('FT-004', 2.25, 'Good', undefined, Date.now());
    await app.inject({ method: 'GET', url: '/api/tags' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    for (const name of [
      'zld_tag_updates_total 1',
      'zld_tag_updates_per_second',
      'zld_tag_published_total',
      'zld_socket_clients 0',
      'zld_live_batches_total',
      'zld_http_requests_total{method="GET",route="/api/tags",status="200"} 1',
      'process_cpu_seconds_total',
    ])
      expect(text, name).toContain(name);
    expect(text).toMatch(/# TYPE zld_plc_polls_total counter/);
    expect(text).toMatch(/# TYPE zld_plc_values_out_of_range_total counter/);
    expect(text).toMatch(/# TYPE zld_plc_values_bad_total counter/);
  });
});

describe('errors never leak a stack', () => {
  it('answers 500 INTERNAL with a plain message when a handler throws', async () => {
    const engine = new TagEngine(plant);
    const runtime = createRuntime({ plant, engine, drivers: () => [], timebase: wallTimebase() });
    const app = buildApp({ runtime });
    defineOtherRoute(
      app,
      { method: 'GET', path: '/api/boom', access: 'viewer' },
      {
        schema: {},
        handler: async () => {
          throw new Error('secret detail at /srv/app.js:1:1');
        },
      },
    );
    const res = await app.inject({ method: 'GET', url: '/api/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(res.body).not.toContain('secret');
    await app.close();
  });

  it('answers 400 for a malformed JSON body', async () => {
    const engine = new TagEngine(plant);
    const runtime = createRuntime({ plant, engine, drivers: () => [], timebase: wallTimebase() });
    const app = buildApp({ runtime });
    defineOtherRoute(
      app,
      { method: 'POST', path: '/api/echo', access: 'operator' },
      { schema: {}, handler: async (req) => req.body },
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"value":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(res.body).not.toMatch(/at .*\.js/);
    await app.close();
  });
});
