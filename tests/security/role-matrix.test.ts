// Role x route matrix over EVERY route of the real gateway app (contract, security, alarms, balance, history, HMI): 401 without a session, 403 below the route's role.
import { API_ROUTES, roleAtLeast, type Access, type Role, type RouteSpec } from '@zld/api';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmJournal, AlarmService } from '../../apps/gateway/src/alarming/index.js';
import { BalanceService } from '../../apps/gateway/src/balance/index.js';
import { HistoryService } from '../../apps/gateway/src/history/index.js';
import { HMI_ROUTE } from '../../apps/gateway/src/hmi/hmi-plugin.js';
import { featuresOf } from '../../apps/gateway/src/services.js';
import {
  buildSecurityApp,
  ROLES_LOW_TO_HIGH,
  type Login,
  type SecurityApp,
} from './security-app.js';

/** Every route the gateway serves, with its least access: the API's route table and the HMI's page. */
const EXPECTED: readonly RouteSpec[] = [...Object.values(API_ROUTES), HMI_ROUTE];

/** A client off the gateway's host: `loopback-or-token` needs a session from here. */
const REMOTE = '203.0.113.9';

interface Sample {
  url?: string;
  payload?: object;
}

let alarmId = '';
/** Requests an allowed user could send; other routes get their parameters filled and no body. */
const samples = (): Record<string, Sample> => ({
  'POST /api/auth/login': { payload: { username: 'viewer', password: 'read only secret 4' } },
  'POST /api/auth/logout': { payload: {} },
  'POST /api/auth/password': {
    payload: { currentPassword: 'not the password', newPassword: 'a fresh long secret 5' },
  },
  'POST /api/users/:name/unlock': { url: '/api/users/viewer/unlock', payload: {} },
  'POST /api/users': {
    payload: { username: 'newbie', password: 'a fresh long secret 5', role: 'viewer' },
  },
  'PATCH /api/users/:name': { url: '/api/users/viewer', payload: { disabled: false } },
  'DELETE /api/users/:name/sessions': { url: '/api/users/nobody-here/sessions' },
  'GET /api/tags/:name': { url: '/api/tags/FIC-106.SP' },
  'POST /api/tags/:name/write': { url: '/api/tags/FIC-106.SP/write', payload: { value: 26 } },
  'POST /api/tags/:name/select': { url: '/api/tags/P-103.CMD/select', payload: { value: true } },
  'POST /api/tags/:name/cancel': { url: '/api/tags/P-103.CMD/cancel', payload: {} },
  'POST /api/alarms/:id/ack': { payload: { comment: 'seen' } },
  'POST /api/alarms/:id/shelve': { payload: { minutes: 10, reason: 'instrument work' } },
  'POST /api/alarms/:id/one-shot-shelve': { payload: { reason: 'instrument work' } },
  'POST /api/alarms/:id/unshelve': { payload: {} },
  'POST /api/alarms/:id/reset': { payload: {} },
  'POST /api/alarms/:id/out-of-service': { payload: { reason: 'transmitter removed' } },
  'POST /api/alarms/:id/in-service': { payload: {} },
  'GET /api/history': {
    url: '/api/history?tags=FIC-106.SP&from=2025-03-01T05:00:00Z&to=2025-03-01T06:00:00Z',
  },
  'GET /api/history.csv': {
    url: '/api/history.csv?tags=FIC-106.SP&from=2025-03-01T05:00:00Z&to=2025-03-01T06:00:00Z',
  },
  'GET /*': { url: '/area/zld' },
});

function requestOf(route: RouteSpec): { url: string; payload?: object } {
  const s = samples()[`${route.method} ${route.path}`] ?? {};
  const url =
    s.url ??
    route.path
      .replace(':id', encodeURIComponent(alarmId))
      .replace(':name', 'FIC-106.SP')
      .replace('*', 'index.html');
  return { url, ...(s.payload ? { payload: s.payload } : {}) };
}

const allows = (access: Access, role: Role | null): boolean =>
  access === 'anyone' ||
  (role !== null && (access === 'loopback-or-token' || roleAtLeast(role, access)));

describe('the role matrix of every route of the gateway', () => {
  let t: SecurityApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'zld-matrix-'));
    const hmiDir = join(dataDir, 'hmi');
    mkdirSync(join(hmiDir, 'assets'), { recursive: true });
    writeFileSync(join(hmiDir, 'index.html'), '<!doctype html><title>ZLD</title>');
    writeFileSync(join(hmiDir, 'assets', 'app-1a2b.js'), 'export {};');
    t = await buildSecurityApp({
      hmiDir,
      features: async ({ runtime, audit, clock }) => {
        const alarms = new AlarmService({
          plant: runtime.plant,
          source: runtime,
          clock,
          journal: new AlarmJournal(':memory:'),
          audit,
          evaluateEveryMs: 0,
          saveEveryMs: 0,
        });
        alarmId = runtime.plant.alarms[0]!.id;
        const balance = new BalanceService({
          plant: runtime.plant,
          source: runtime,
          clock,
          computeEveryMs: 0,
          flatlineS: 0,
        });
        const history = await HistoryService.open({
          plant: runtime.plant,
          feed: runtime,
          clock,
          dataDir: join(dataDir, 'history'),
        });
        return {
          services: [history, alarms, balance],
          features: featuresOf({ alarms, balance, history }, audit),
        };
      },
    });
    t.set('FIC-106.SP', 25);
    t.set('P-103.CMD', false);
    t.set('LT-105', 50);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers every route of every table, each with the access its table declares', () => {
    const registered = new Map(t.app.accessTable.map((r) => [`${r.method} ${r.url}`, r.access]));
    for (const r of EXPECTED)
      expect(registered.get(`${r.method} ${r.path}`), `${r.method} ${r.path}`).toBe(r.access);
    expect([...registered.keys()].sort()).toEqual(
      EXPECTED.map((r) => `${r.method} ${r.path}`).sort(),
    );
  });

  it.each(EXPECTED.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: 401 without a session, 403 below its role, allowed from it',
    async (_name, route) => {
      const { url, payload } = requestOf(route);
      const send = (headers: Record<string, string>) =>
        t.app.inject({
          method: route.method,
          url,
          headers,
          remoteAddress: REMOTE,
          ...(payload ? { payload } : {}),
        });
      const anonymous = await send({});
      if (allows(route.access, null)) expect(anonymous.statusCode, anonymous.body).not.toBe(401);
      else {
        expect(anonymous.statusCode, anonymous.body).toBe(401);
        expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
      for (const role of ROLES_LOW_TO_HIGH) {
        // A fresh session per request: logout and user changes end sessions.
        const who: Login = await t.login(role);
        const res = await send(t.bearer(who));
        if (allows(route.access, role)) {
          expect([401, 403], `${role}: ${res.body}`).not.toContain(res.statusCode);
          expect(res.statusCode, `${role}: ${res.body}`).not.toBe(500);
        } else {
          expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
          expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
        }
      }
    },
  );

  it('lets /metrics through from the loopback interface without a session', async () => {
    const res = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a forged, expired or logged-out token with 401', async () => {
    const op = await t.login('operator');
    const url = '/api/tags/FIC-106.SP/write';
    const forged = await t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${'A'.repeat(43)}` },
      payload: { value: 26 },
    });
    expect(forged.statusCode).toBe(401);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: t.bearer(op) });
    const after = await t.app.inject({
      method: 'POST',
      url,
      headers: t.bearer(op),
      payload: { value: 26 },
    });
    expect(after.statusCode).toBe(401);
  });
});
