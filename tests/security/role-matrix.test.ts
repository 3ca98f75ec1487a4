// Role x route matrix for the security, audit and command routes: 401 without a session, 403 below the route's role.
import { roleAtLeast, type Role } from '@zld/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_ROUTES } from '../../apps/gateway/src/security/index.js';
import {
  buildSecurityApp,
  ROLES_LOW_TO_HIGH,
  type Login,
  type SecurityApp,
} from './security-app.js';

/** A request each route would accept from an allowed user. */
const SAMPLES: Record<keyof typeof SECURITY_ROUTES, { url: string; payload?: object }> = {
  login: {
    url: '/api/auth/login',
    payload: { username: 'viewer', password: 'read only secret 4' },
  },
  logout: { url: '/api/auth/logout' },
  me: { url: '/api/auth/me' },
  users: { url: '/api/users' },
  userAdd: {
    url: '/api/users',
    payload: { username: 'newbie', password: 'a fresh long secret 5', role: 'viewer' },
  },
  userChange: { url: '/api/users/viewer', payload: { disabled: false } },
  userSessionsEnd: { url: '/api/users/nobody-here/sessions' },
  tagWrite: { url: '/api/tags/FIC-106.SP/write', payload: { value: 26 } },
  tagSelect: { url: '/api/tags/P-103.CMD/select', payload: { value: true } },
  tagCancel: { url: '/api/tags/P-103.CMD/cancel', payload: {} },
  audit: { url: '/api/audit' },
};

describe('the role matrix of every security, audit and command route', () => {
  let t: SecurityApp;
  beforeAll(async () => {
    t = await buildSecurityApp();
    t.set('FIC-106.SP', 25);
    t.set('P-103.CMD', false);
    t.set('LT-105', 50);
  });
  afterAll(() => t.close());

  it('covers every route the plugins registered', () => {
    const registered = t.app.accessTable.map((r) => `${r.method} ${r.url}`).sort();
    const declared = Object.values(SECURITY_ROUTES)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(registered).toEqual(declared);
  });

  for (const [name, spec] of Object.entries(SECURITY_ROUTES)) {
    const sample = SAMPLES[name as keyof typeof SECURITY_ROUTES];
    it(`${spec.method} ${spec.path} needs ${spec.access}`, async () => {
      const send = (headers: Record<string, string>) =>
        t.app.inject({
          method: spec.method,
          url: sample.url,
          headers,
          ...(sample.payload ? { payload: sample.payload } : {}),
        });
      const anonymous = await send({});
      if (spec.access === 'anyone') expect(anonymous.statusCode, anonymous.body).toBe(200);
      else {
        expect(anonymous.statusCode, anonymous.body).toBe(401);
        expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
      for (const role of ROLES_LOW_TO_HIGH) {
        // A fresh session per request: logout and user changes end sessions.
        const who: Login = await t.login(role);
        const res = await send(t.bearer(who));
        const allowed = spec.access === 'anyone' || roleAtLeast(role, spec.access as Role);
        if (allowed) expect([401, 403], `${role}: ${res.body}`).not.toContain(res.statusCode);
        else {
          expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
          expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
        }
        expect(res.statusCode, `${role}: ${res.body}`).toBeLessThan(500);
      }
    });
  }

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
