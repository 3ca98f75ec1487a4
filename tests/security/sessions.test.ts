// Login, logout, throttling and lock-out, idle lock, absolute expiry, session limit and remote termination, over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { buildSecurityApp, PASSWORDS, T0, type Login, type SecurityApp } from './security-app.js';

const MIN = 60_000;
let t: SecurityApp;
afterEach(() => t?.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    headers,
  });

describe('login', () => {
  it('answers the contract shape and sets an HttpOnly, SameSite=Strict session cookie', async () => {
    t = await buildSecurityApp();
    const res = await login('operator', PASSWORDS.operator);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      user: { username: 'operator', role: 'operator' },
      expiresAt: '2025-03-01T18:00:00.000Z',
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(
      /^zld_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(cookie).not.toContain(res.json<{ token: string }>().token);
    expect(res.headers['cache-control']).toBe('no-store');
    const me = await t.app.inject({
      url: '/api/auth/me',
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(me.json()).toMatchObject({
      user: { username: 'operator', role: 'operator' },
      locked: false,
    });
    expect(t.auditRecords()).toMatchObject([
      {
        category: 'auth',
        action: 'login',
        outcome: 'success',
        user: 'operator',
        source: '127.0.0.1',
      },
    ]);
  });

  it('marks the cookie Secure when TLS is on (or behind a TLS proxy)', async () => {
    // Behind a TLS-terminating proxy: Secure cookies; HSTS is the proxy's (with TLS in the gateway,
    // the gateway sends it: see headers-tls.test.ts).
    t = await buildSecurityApp({ secureCookies: true });
    const res = await login('viewer', PASSWORDS.viewer);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure$/);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('issues a new session id at every login and ends the one the client came with', async () => {
    t = await buildSecurityApp();
    const a = await t.login('operator');
    const again = await login('operator', PASSWORDS.operator, { cookie: a.cookie });
    const b = again.json<{ token: string }>();
    expect(b.token).not.toBe(a.token);
    expect(String(again.headers['set-cookie']).split(';')[0]).not.toBe(a.cookie);
    expect(
      (await t.app.inject({ url: '/api/auth/me', headers: { cookie: a.cookie } })).statusCode,
    ).toBe(401);
  });

  it('refuses wrong passwords, unknown and disabled users alike, and audits each', async () => {
    t = await buildSecurityApp();
    t.users.setDisabled('engineer', true);
    for (const [u, p] of [
      ['operator', 'wrong password here'],
      ['ghost', 'whatever password 1'],
      ['engineer', PASSWORDS.engineer],
    ] as const) {
      const res = await login(u, p);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: { code: 'UNAUTHORIZED', message: 'invalid user name or password' },
      });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(t.auditRecords().map((r) => [r.action, r.outcome, r.user])).toEqual([
      ['login-failed', 'failure', 'operator'],
      ['login-failed', 'failure', 'ghost'],
      ['login-failed', 'failure', 'engineer'],
    ]);
  });

  it('throttles repeated failures, then locks the user name out from that address for 15 minutes', async () => {
    t = await buildSecurityApp();
    for (let i = 0; i < 5; i++)
      expect((await login('operator', `guess number ${i}`)).statusCode).toBe(401);
    const throttled = await login('operator', 'guess number 5');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expect(throttled.json()).toMatchObject({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/retry in 1 s/) },
    });
    // Waiting out each delay lets the next guess through until the 10th failure locks the name.
    for (let i = 5; i < 10; i++) {
      t.clock.advance(60_000);
      expect((await login('operator', `guess number ${i}`)).statusCode).toBe(401);
    }
    t.clock.advance(60_000);
    const locked = await login('operator', PASSWORDS.operator);
    expect(locked.statusCode).toBe(429);
    expect(locked.json<{ error: { message: string } }>().error.message).toMatch(/locked out/);
    // Other users are not affected, nor this user from elsewhere; the lock ends after 15 minutes.
    expect((await login('viewer', PASSWORDS.viewer)).statusCode).toBe(200);
    const elsewhere = { remoteAddress: '127.0.0.2' };
    const fromElsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'operator', password: PASSWORDS.operator },
      ...elsewhere,
    });
    expect(fromElsewhere.statusCode).toBe(200);
    t.clock.advance(15 * MIN);
    expect((await login('operator', PASSWORDS.operator)).statusCode).toBe(200);
    const actions = t.auditRecords().map((r) => r.action);
    expect(actions.filter((a) => a === 'login-failed')).toHaveLength(10);
    expect(actions.filter((a) => a === 'login-throttled')).toHaveLength(2);
    expect(actions.filter((a) => a === 'login-lockout')).toHaveLength(1);
  });

  it('rate-limits the login route per source address', async () => {
    t = await buildSecurityApp({ rateLimits: { login: { max: 3, timeWindowMs: 60_000 } } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login('viewer', PASSWORDS.viewer)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const res = await login('viewer', PASSWORDS.viewer);
    expect(res.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });
});

describe('sessions over HTTP', () => {
  const write = (headers: Record<string, string>, value = 26) =>
    t.app.inject({
      method: 'POST',
      url: '/api/tags/FIC-106.SP/write',
      headers,
      payload: { value },
    });

  it('lock after 15 idle minutes: commands need a new login, reads go on', async () => {
    t = await buildSecurityApp();
    t.set('FIC-106.SP', 25);
    const op = t.bearer(await t.login('operator'));
    t.clock.advance(14 * MIN);
    t.set('FIC-106.SP', 25);
    expect((await write(op, 26)).statusCode).toBe(200);
    t.clock.advance(15 * MIN + 1);
    t.set('FIC-106.SP', 26);
    const locked = await write(op, 27);
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toMatchObject({
      error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/locked/) },
    });
    const me = await t.app.inject({ url: '/api/auth/me', headers: op });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ locked: true });
    // A new login unlocks.
    expect((await write(t.bearer(await t.login('operator')), 27)).statusCode).toBe(200);
  });

  it('end at the absolute lifetime (12 h) however active', async () => {
    t = await buildSecurityApp();
    t.set('FIC-106.SP', 25);
    const op = t.bearer(await t.login('operator'));
    // Active every 14 minutes: never idle-locked, yet the session ends 12 h after login.
    while (t.clock.now() + 14 * MIN < T0 + 12 * 60 * MIN) {
      t.clock.advance(14 * MIN);
      expect((await t.app.inject({ url: '/api/auth/me', headers: op })).json()).toMatchObject({
        locked: false,
      });
    }
    t.clock.set(T0 + 12 * 60 * MIN - 1);
    expect((await t.app.inject({ url: '/api/auth/me', headers: op })).statusCode).toBe(200);
    t.clock.advance(1);
    expect((await t.app.inject({ url: '/api/auth/me', headers: op })).statusCode).toBe(401);
    expect(t.auditRecords().at(-1)).toMatchObject({
      action: 'session-end',
      reason: 'expired',
      user: 'operator',
    });
  });

  it('allow at most 3 sessions per user, ending the oldest', async () => {
    t = await buildSecurityApp();
    const logins: Login[] = [];
    for (let i = 0; i < 4; i++) {
      logins.push(await t.login('viewer'));
      t.clock.advance(1);
    }
    const status = async (l: Login) =>
      (await t.app.inject({ url: '/api/auth/me', headers: t.bearer(l) })).statusCode;
    expect(await Promise.all(logins.map(status))).toEqual([401, 200, 200, 200]);
    expect(t.auditRecords().find((r) => r.action === 'session-end')).toMatchObject({
      reason: 'session-limit',
      user: 'viewer',
    });
  });

  it('let a user log out, and an admin end all sessions of a user', async () => {
    t = await buildSecurityApp();
    const a = await t.login('operator');
    const b = await t.login('operator');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: a.cookie },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^zld_session=; Max-Age=0/);
    expect(
      (await t.app.inject({ url: '/api/auth/me', headers: { cookie: a.cookie } })).statusCode,
    ).toBe(401);
    const admin = t.bearer(await t.login('admin'));
    const end = await t.app.inject({
      method: 'DELETE',
      url: '/api/users/operator/sessions',
      headers: admin,
    });
    expect(end.json()).toEqual({ ended: 1 });
    expect((await t.app.inject({ url: '/api/auth/me', headers: t.bearer(b) })).statusCode).toBe(
      401,
    );
    expect(t.auditRecords().map((r) => r.action)).toEqual(
      expect.arrayContaining(['logout', 'sessions-terminate', 'session-end']),
    );
  });

  it('end a user’s sessions when an admin disables them or changes their role', async () => {
    t = await buildSecurityApp();
    const admin = t.bearer(await t.login('admin'));
    const op = t.bearer(await t.login('operator'));
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/operator',
      headers: admin,
      payload: { role: 'viewer' },
    });
    expect(res.json()).toMatchObject({ username: 'operator', role: 'viewer', sessions: 0 });
    expect((await t.app.inject({ url: '/api/auth/me', headers: op })).statusCode).toBe(401);
    const viewer = t.bearer(await t.login('operator'));
    expect((await t.app.inject({ url: '/api/auth/me', headers: viewer })).json()).toMatchObject({
      user: { role: 'viewer' },
    });
    await t.app.inject({
      method: 'PATCH',
      url: '/api/users/operator',
      headers: admin,
      payload: { disabled: true },
    });
    expect((await t.app.inject({ url: '/api/auth/me', headers: viewer })).statusCode).toBe(401);
    expect((await login('operator', PASSWORDS.operator)).statusCode).toBe(401);
    expect(t.auditRecords().filter((r) => r.action === 'user-change')).toMatchObject([
      {
        outcome: 'success',
        user: 'admin',
        target: 'operator',
        oldValue: { role: 'operator' },
        newValue: { role: 'viewer' },
      },
      { outcome: 'success', newValue: { disabled: true } },
    ]);
  });
});

describe('user administration', () => {
  it('adds users with a policy-checked password, and refuses to lose the last admin', async () => {
    t = await buildSecurityApp();
    const admin = t.bearer(await t.login('admin'));
    const add = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload });
    const ok = await add({
      username: 'shift-c',
      password: 'shift b operator 77',
      role: 'operator',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      username: 'shift-c',
      role: 'operator',
      disabled: false,
      sessions: 0,
    });
    expect(
      (await add({ username: 'shift-c', password: 'shift b operator 77', role: 'operator' }))
        .statusCode,
    ).toBe(409);
    const weak = await add({ username: 'weak', password: 'changeme', role: 'viewer' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ error: { message: string } }>().error.message).toMatch(/shorter than 12/);
    expect(
      (await add({ username: 'root', password: 'shift b operator 77', role: 'superuser' }))
        .statusCode,
    ).toBe(400);
    const last = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/admin',
      headers: admin,
      payload: { disabled: true },
    });
    expect(last.statusCode).toBe(409);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: '/api/users/nobody',
          headers: admin,
          payload: { disabled: true },
        })
      ).statusCode,
    ).toBe(404);
    const list = await t.app.inject({ url: '/api/users', headers: admin });
    expect(list.json<{ username: string }[]>().map((u) => u.username)).toEqual([
      'admin',
      'engineer',
      'operator',
      'shift-c',
      'viewer',
    ]);
    expect(list.body).not.toMatch(/scrypt|hash|password/i);
  });
});
