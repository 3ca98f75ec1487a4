import { API_ROUTES, type Access } from '@zld/api';
import { loadPlantFile } from '@zld/plant';
import { ManualClock, TagEngine } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { AuditStore } from '../audit/audit-store.js';
import { LoginThrottle } from '../security/login-throttle.js';
import { SessionManager } from '../security/session-manager.js';
import { UserStore } from '../security/user-store.js';
import { createRuntime } from '../runtime/runtime.js';
import { wallTimebase } from '../runtime/timebase.js';
import type { AuthSubject, Authorizer } from './access-plugin.js';

const plant = loadPlantFile();
const runtime = () =>
  createRuntime({
    plant,
    engine: new TagEngine(plant),
    drivers: () => [],
    timebase: wallTimebase(),
  });

/** A URL for a route path: every `:param` filled with a real tag name. */
const urlOf = (path: string) => path.replace(/:[A-Za-z]+/g, 'FT-004');

describe('the access hook', () => {
  it('asks the authorizer with the declared access of every route', async () => {
    const calls: { subject: AuthSubject; access: Access }[] = [];
    const authorizer: Authorizer = (subject, access) => {
      calls.push({ subject, access });
      return { allow: true, user: null };
    };
    const app = buildApp({ runtime: runtime(), authorizer });
    await app.ready();
    expect(app.accessTable.length).toBeGreaterThan(0);
    for (const route of app.accessTable) {
      calls.length = 0;
      const url = urlOf(route.url);
      const res = await app.inject({ method: route.method as 'GET', url });
      expect(res.statusCode, `${route.method} ${url}`).toBeLessThan(500);
      expect(
        calls.map((c) => c.access),
        `${route.method} ${route.url}`,
      ).toEqual([route.access]);
      expect(calls[0]!.subject).toMatchObject({ method: route.method, url });
    }
    await app.close();
  });

  it('registers every route with the method, path and access of the shared contract', async () => {
    const app = buildApp({ runtime: runtime() });
    await app.ready();
    const contract = new Map<string, Access>(
      Object.values(API_ROUTES).map((r) => [`${r.method} ${r.path}`, r.access]),
    );
    for (const r of app.accessTable)
      expect(contract.get(`${r.method} ${r.url}`), `${r.method} ${r.url}`).toBe(r.access);
    expect(app.accessTable.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'GET /api/tags',
        'GET /api/tags/:name',
        'GET /healthz',
        'GET /metrics',
      ]),
    );
    await app.close();
  });

  it('with security, registers the auth, user, command and audit routes as the shared contract says', async () => {
    const clock = new ManualClock(Date.UTC(2025, 2, 1));
    const app = buildApp({
      runtime: runtime(),
      security: {
        parts: {
          users: new UserStore({ path: ':memory:', clock, cost: { N: 1024, r: 8, p: 1 } }),
          sessions: new SessionManager(clock),
          throttle: new LoginThrottle(),
          audit: new AuditStore({ path: ':memory:', clock }),
        },
        clock,
      },
      processMetrics: false,
    });
    await app.ready();
    const registered = app.accessTable.map((r) => `${r.method} ${r.url} ${r.access}`);
    const contract = Object.values(API_ROUTES).map((r) => `${r.method} ${r.path} ${r.access}`);
    for (const r of registered) expect(contract, r).toContain(r);
    expect(registered).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login anyone',
        'GET /api/auth/me viewer',
        'PATCH /api/users/:name admin',
        'POST /api/tags/:name/write operator',
        'POST /api/tags/:name/select operator',
        'GET /api/audit engineer',
        'GET /api/openapi.json viewer',
      ]),
    );
    // Only the routes of the alarm, balance and history (and historian quarantine) features are left to them.
    const missing = contract.filter((r) => !registered.includes(r)).map((r) => r.split(' ')[1]);
    expect(
      missing.every((p) => /^\/api\/(alarms|history|historian|water-balance)\b/.test(p!)),
      missing.join(),
    ).toBe(true);
    expect((await app.inject({ url: '/api/tags' })).statusCode).toBe(401);
    await app.close();
  });

  it('answers a refusal in the error shape: 401 without a session, 403 for too low a role', async () => {
    const deny =
      (status: 401 | 403): Authorizer =>
      (_s, access) =>
        access === 'anyone' ? { allow: true, user: null } : { allow: false, status, message: 'no' };
    for (const [status, code] of [
      [401, 'UNAUTHORIZED'],
      [403, 'FORBIDDEN'],
    ] as const) {
      const app = buildApp({ runtime: runtime(), authorizer: deny(status) });
      const res = await app.inject({ method: 'GET', url: '/api/tags' });
      expect(res.statusCode).toBe(status);
      expect(res.json()).toEqual({ error: { code, message: 'no' } });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      await app.close();
    }
  });

  it('decorates the request with the user the authorizer identified', async () => {
    const app = buildApp({
      runtime: runtime(),
      authorizer: () => ({ allow: true, user: { username: 'op1', role: 'operator' } }),
    });
    app.get('/api/whoami', { config: { access: 'viewer' } }, async (req) => req.user);
    const res = await app.inject({ method: 'GET', url: '/api/whoami' });
    expect(res.json()).toEqual({ username: 'op1', role: 'operator' });
    await app.close();
  });

  it('refuses to register a route that declares no access', async () => {
    const app = buildApp({ runtime: runtime() });
    app.register(async (child) => {
      child.get('/api/undeclared', async () => 'x');
    });
    await expect(app.ready()).rejects.toThrow(/declares no valid config.access/);
    await app.close();
  });

  it('refuses unknown body fields instead of dropping them', async () => {
    const app = buildApp({ runtime: runtime() });
    app.post(
      '/api/probe',
      {
        config: { access: 'operator' },
        schema: {
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['value'],
            properties: { value: { type: 'number' } },
          },
        },
      },
      async (req) => req.body,
    );
    const ok = await app.inject({ method: 'POST', url: '/api/probe', payload: { value: 1 } });
    expect(ok.json()).toEqual({ value: 1 });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/probe',
      payload: { value: 1, role: 'admin' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_REQUEST');
    await app.close();
  });
});
