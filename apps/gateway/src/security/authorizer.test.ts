import { SESSION_COOKIE, type Access } from '@zld/api';
import { ManualClock } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import type { AuthSubject } from '../http/access-plugin.js';
import { createAuthorizer, isLoopback } from './authorizer.js';
import { SessionManager } from './session-manager.js';

const MIN = 60_000;
const setup = () => {
  const clock = new ManualClock(0);
  const sessions = new SessionManager(clock, { idleTimeoutMs: 15 * MIN });
  return { clock, sessions, authorize: createAuthorizer(sessions) };
};
const subject = (
  headers: AuthSubject['headers'] = {},
  method = 'GET',
  ip = '10.1.1.1',
): AuthSubject => ({
  method,
  url: '/api/x',
  ip,
  headers,
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const cookie = (secret: string) => ({ cookie: `theme=dark; ${SESSION_COOKIE}=${secret}` });

describe('the authorizer', () => {
  it('answers 401 without a session and 403 for a role too low, for every role', () => {
    const { sessions, authorize } = setup();
    const roles = ['viewer', 'operator', 'engineer', 'admin'] as const;
    for (const need of roles) {
      expect(authorize(subject(), need)).toMatchObject({ allow: false, status: 401 });
      for (const have of roles) {
        const { token } = sessions.create({ username: `u-${have}`, role: have }, 'x');
        const d = authorize(subject(bearer(token)), need);
        if (roles.indexOf(have) >= roles.indexOf(need))
          expect(d).toEqual({ allow: true, user: { username: `u-${have}`, role: have } });
        else expect(d).toMatchObject({ allow: false, status: 403 });
      }
    }
  });

  it('reads the session from the cookie or a bearer token, and nothing else', () => {
    const { sessions, authorize } = setup();
    const { token, cookieSecret } = sessions.create({ username: 'shift-a', role: 'operator' }, 'x');
    expect(authorize(subject(cookie(cookieSecret)), 'operator').allow).toBe(true);
    expect(authorize(subject(bearer(token)), 'operator').allow).toBe(true);
    for (const headers of [
      { authorization: token },
      { authorization: `Basic ${token}` },
      { authorization: `Bearer ${token}x` },
      { cookie: `other=${cookieSecret}` },
      { cookie: `${SESSION_COOKIE}=${cookieSecret.slice(1)}` },
      // A malformed Authorization header does not fall back to the cookie.
      { authorization: 'Bearer', cookie: `${SESSION_COOKIE}=${cookieSecret}` },
    ])
      expect(authorize(subject(headers), 'viewer'), JSON.stringify(headers)).toMatchObject({
        allow: false,
        status: 401,
      });
  });

  it('lets anyone through public routes, identifying a user who has a session', () => {
    const { sessions, authorize } = setup();
    expect(authorize(subject(), 'anyone')).toEqual({ allow: true, user: null });
    const { token } = sessions.create({ username: 'shift-a', role: 'operator' }, 'x');
    expect(authorize(subject(bearer(token)), 'anyone')).toEqual({
      allow: true,
      user: { username: 'shift-a', role: 'operator' },
    });
  });

  it('lets loopback or a session reach loopback-or-token routes', () => {
    const { sessions, authorize } = setup();
    const access: Access = 'loopback-or-token';
    expect(authorize(subject({}, 'GET', '127.0.0.1'), access).allow).toBe(true);
    expect(authorize(subject({}, 'GET', '::1'), access).allow).toBe(true);
    expect(authorize(subject({}, 'GET', '10.0.0.5'), access)).toMatchObject({ status: 401 });
    const { token } = sessions.create({ username: 'v', role: 'viewer' }, 'x');
    expect(authorize(subject(bearer(token), 'GET', '10.0.0.5'), access).allow).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });

  it('locks commands after inactivity but keeps reads (the alarm banner stays visible)', () => {
    const { clock, sessions, authorize } = setup();
    const { token } = sessions.create({ username: 'shift-a', role: 'operator' }, 'x');
    clock.advance(10 * MIN);
    expect(authorize(subject(bearer(token)), 'viewer').allow).toBe(true); // activity
    clock.advance(10 * MIN);
    expect(authorize(subject(bearer(token), 'POST'), 'operator').allow).toBe(true);
    clock.advance(16 * MIN);
    expect(authorize(subject(bearer(token), 'POST'), 'operator')).toMatchObject({
      allow: false,
      status: 401,
      message: expect.stringMatching(/locked/),
    });
    expect(authorize(subject(bearer(token)), 'viewer').allow).toBe(true);
  });

  it('refuses a cross-site state change made with the cookie', () => {
    const { sessions, authorize } = setup();
    const { cookieSecret, token } = sessions.create({ username: 'shift-a', role: 'operator' }, 'x');
    const c = cookie(cookieSecret);
    const host = { host: 'hmi.plant:8080' };
    expect(
      authorize(subject({ ...c, ...host, origin: 'http://hmi.plant:8080' }, 'POST'), 'operator')
        .allow,
    ).toBe(true);
    expect(
      authorize(subject({ ...c, ...host, origin: 'http://evil.example' }, 'POST'), 'operator'),
    ).toMatchObject({ status: 403 });
    expect(authorize(subject({ ...c, ...host, origin: 'null' }, 'POST'), 'operator')).toMatchObject(
      { status: 403 },
    );
    expect(
      authorize(subject({ ...c, 'sec-fetch-site': 'cross-site' }, 'POST'), 'operator'),
    ).toMatchObject({ status: 403 });
    // Reads, and API clients with a bearer token, are not browser CSRF targets.
    expect(
      authorize(subject({ ...c, ...host, origin: 'http://evil.example' }, 'GET'), 'viewer').allow,
    ).toBe(true);
    expect(
      authorize(subject({ ...bearer(token), origin: 'http://evil.example' }, 'POST'), 'operator')
        .allow,
    ).toBe(true);
  });

  it('trusts X-Forwarded-Host only behind a trusted proxy, and takes the allowed origins', () => {
    const clock = new ManualClock(0);
    const sessions = new SessionManager(clock);
    const { cookieSecret } = sessions.create({ username: 'shift-a', role: 'operator' }, 'x');
    const forged = {
      ...cookie(cookieSecret),
      host: 'hmi.plant:8080',
      'x-forwarded-host': 'evil.example',
      origin: 'http://evil.example',
    };
    const direct = createAuthorizer(sessions);
    expect(direct(subject(forged, 'POST'), 'operator')).toMatchObject({
      allow: false,
      status: 403,
      message: 'cross-site request refused',
    });
    const proxied = createAuthorizer(sessions, {
      tls: false,
      trustProxy: true,
      allowedOrigins: [],
    });
    const viaProxy = { ...forged, 'x-forwarded-host': 'hmi.plant', 'x-forwarded-proto': 'https' };
    expect(
      proxied(subject({ ...viaProxy, origin: 'https://hmi.plant' }, 'POST'), 'operator').allow,
    ).toBe(true);
    expect(
      proxied(subject({ ...viaProxy, origin: 'http://hmi.plant' }, 'POST'), 'operator'),
    ).toMatchObject({ status: 403 });
    const allowing = createAuthorizer(sessions, {
      tls: false,
      trustProxy: false,
      allowedOrigins: ['https://ops.plant'],
    });
    const fromOps = {
      ...cookie(cookieSecret),
      host: 'hmi.plant:8080',
      origin: 'https://ops.plant',
    };
    expect(allowing(subject(fromOps, 'POST'), 'operator').allow).toBe(true);
    expect(direct(subject(fromOps, 'POST'), 'operator')).toMatchObject({ status: 403 });
  });
});
