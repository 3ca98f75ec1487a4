import { loadPlantFile } from '@zld/plant';
import { TagEngine } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createRuntime } from '../runtime/runtime.js';
import { wallTimebase } from '../runtime/timebase.js';

const plant = loadPlantFile();
const runtime = () =>
  createRuntime({
    plant,
    engine: new TagEngine(plant),
    drivers: () => [],
    timebase: wallTimebase(),
  });

const INDEX =
  '<!doctype html><html><head><script type="module" src="./assets/index-Ab12.js"></script></head></html>';

describe('the HMI plugin', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zld-hmi-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-Ab12.js'), 'console.log(1);');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, '.env'), 'SECRET=1');
    app = buildApp({ runtime: runtime(), hmi: { dir }, processMetrics: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for page paths, revalidated, with the CSP of the bundle', async () => {
    for (const url of ['/', '/overview', '/area/zld', '/?fp=LIC-402']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
    }
  });

  it('caches hashed assets for a year and revalidates other files', async () => {
    const js = await app.inject({ url: '/assets/index-Ab12.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers.etag).toBeDefined();
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('never answers a file outside the folder: an escape gets 403, 404 or the page', async () => {
    for (const url of [
      '/..%2f..%2fetc/passwd.txt',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/..%2f..%2f..%2fetc%2fhosts',
      '/%2e%2e/%2e%2e/etc/hostname',
      '/assets/..%2f..%2f..%2fetc%2fhosts.conf',
    ]) {
      const res = await app.inject({ url });
      if (res.statusCode === 200) expect(res.body, url).toBe(INDEX);
      else {
        expect([403, 404], url).toContain(res.statusCode);
        expect(res.json().error.code, url).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
      }
    }
  });

  it('answers 404 in the error shape for missing files, dot files and unknown API paths', async () => {
    for (const url of [
      '/assets/missing-1234.js',
      '/.env',
      '/api/nothing',
      '/api',
      '/socket.io/x.js',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect(res.body).not.toContain('SECRET');
    }
  });

  it('leaves every other route to its own handler', async () => {
    const health = await app.inject({ url: '/healthz' });
    expect(health.json()).toMatchObject({ status: 'ok' });
    expect((await app.inject({ url: '/api/tags/FT-004' })).json()).toMatchObject({
      name: 'FT-004',
    });
    expect(app.accessTable).toContainEqual({ method: 'GET', url: '/*', access: 'anyone' });
  });

  it('refuses to start on a folder without index.html', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'zld-hmi-empty-'));
    const bad = buildApp({ runtime: runtime(), hmi: { dir: empty }, processMetrics: false });
    await expect(bad.ready()).rejects.toThrow(/has no index\.html/);
    await bad.close();
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('router errors (frameworkErrors)', () => {
  it('answer an over-long parameter and a malformed URL in the error shape', async () => {
    const app = buildApp({ runtime: runtime(), processMetrics: false });
    const long = await app.inject({ url: `/api/tags/${'F'.repeat(500)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'a URL parameter is too long' },
    });
    const bad = await app.inject({ url: '/api/tags/%E0%A4%A' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(bad.body).not.toContain('%E0');
    await app.close();
  });
});
