import { Validator } from '@seriousme/openapi-schema-validator';
import { API_ROUTES, openApiDocument, openApiPath } from '@zld/api';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime } from '../alarming/test-runtime.fixture.js';
import { buildApp } from '../app.js';
import { AuditStore } from '../audit/audit-store.js';
import { HMI_ROUTE } from '../hmi/hmi-plugin.js';
import { startGateway, type RunningGateway } from '../lifecycle.js';
import { LoginThrottle } from '../security/login-throttle.js';
import { SessionManager } from '../security/session-manager.js';
import { UserStore } from '../security/user-store.js';
import { openServices } from '../services.js';

type Document = { paths: Record<string, Record<string, { operationId: string }>> };

/** The whole app as main.ts composes it (security, alarms, balance, history, the HMI), every route it registers. */
describe('GET /api/openapi.json', () => {
  let dir: string;
  let sessions: SessionManager;
  let users: UserStore;
  let audit: AuditStore;
  let gateway: RunningGateway;
  let inject: ReturnType<typeof buildApp>['inject'];
  /** `<METHOD> <path>` of every route fastify registered. */
  const registered: string[] = [];

  beforeAll(async () => {
    const rt = testRuntime();
    dir = await mkdtemp(join(tmpdir(), 'zld-openapi-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>ZLD</title>');
    audit = new AuditStore({ path: ':memory:', clock: rt.clock });
    users = new UserStore({ path: ':memory:', clock: rt.clock, cost: { N: 1024, r: 8, p: 1 } });
    sessions = new SessionManager(rt.clock);
    const features = await openServices({ runtime: rt.runtime, dataDir: dir, audit });
    const app = buildApp({
      runtime: rt.runtime,
      security: {
        parts: { users, sessions, throttle: new LoginThrottle(), audit },
        clock: rt.clock,
        commands: features.commands,
      },
      ...features.app,
      hmi: { dir },
      processMetrics: false,
    });
    // Added before the plugins load, so it sees every route they register.
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const m of methods) registered.push(`${m} ${route.url}`);
    });
    inject = app.inject.bind(app);
    gateway = await startGateway({ services: features.services, runtime: rt.runtime, app });
  });
  afterAll(async () => {
    await gateway?.stop();
    users?.close();
    audit?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const viewer = () => ({
    authorization: `Bearer ${sessions.create({ username: 'viewer1', role: 'viewer' }, '127.0.0.1').token}`,
  });

  it('needs a session: 401 without one, the document for a viewer', async () => {
    const anonymous = await inject({ url: '/api/openapi.json' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const res = await inject({ url: '/api/openapi.json', headers: viewer() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('is a valid OpenAPI 3.1 document: the one of the route table, whole', async () => {
    const doc = (await inject({ url: '/api/openapi.json', headers: viewer() })).json<object>();
    expect(doc).toEqual(openApiDocument(API_ROUTES));
    const validator = new Validator();
    const result = await validator.validate(doc as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has an operation for every route the gateway registers, and no other', async () => {
    const doc = (await inject({ url: '/api/openapi.json', headers: viewer() })).json<Document>();
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Every route but the HMI's page catch-all (socket.io is no fastify route).
    const routes = registered
      .filter((r) => r !== `${HMI_ROUTE.method} ${HMI_ROUTE.path}`)
      .map((r) => {
        const [method, url] = r.split(' ');
        return `${method} ${openApiPath(url!)}`;
      });
    expect(registered).toContain(`${HMI_ROUTE.method} ${HMI_ROUTE.path}`);
    expect(routes.length).toBeGreaterThan(30);
    expect(new Set(routes).size).toBe(routes.length);
    expect([...operations].sort()).toEqual([...routes].sort());
  });
});
