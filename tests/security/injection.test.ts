// Injection attempts through tag names, user names, query strings, headers and bodies are refused and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSecurityApp, type SecurityApp } from './security-app.js';

let t: SecurityApp;
let op: Record<string, string>;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await buildSecurityApp();
  t.set('FIC-106.SP', 25);
  t.set('P-103.CMD', false);
  t.set('LT-105', 50);
  op = t.bearer(await t.login('operator'));
  admin = t.bearer(await t.login('admin'));
});
afterAll(() => t.close());

const TAG_ATTACKS = [
  "FIC-106.SP' OR '1'='1",
  'FIC-106.SP; DROP TABLE audit',
  'FIC-106.SP%00',
  '../../../etc/passwd',
  '..%2F..%2Fusers',
  'FIC-106.SP\r\nX-Injected: 1',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'FIC-106.SP/../P-103.CMD',
  'fic-106.sp',
  'F'.repeat(5000),
  '${7*7}',
  'FIC\u2011106.SP',
];

describe('injection attempts', () => {
  it('through tag names in the path are refused before anything is sent', async () => {
    for (const name of TAG_ATTACKS) {
      for (const action of ['write', 'select', 'cancel']) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/tags/${encodeURIComponent(name)}/${action}`,
          headers: op,
          payload: action === 'cancel' ? {} : { value: 26 },
        });
        // 414: fastify's router refuses an over-long parameter before any route runs.
        expect(
          [400, 404, 414],
          `${action} ${name.slice(0, 40)}: ${res.body.slice(0, 200)}`,
        ).toContain(res.statusCode);
        expect(res.headers['x-injected']).toBeUndefined();
      }
    }
    expect([...t.ports.values()].flatMap((p) => p.writes)).toEqual([]);
  });

  it('through bodies: unknown fields, prototype keys, wrong types and oversized values are refused', async () => {
    const url = '/api/tags/FIC-106.SP/write';
    const bodies: unknown[] = [
      { value: 26, admin: true },
      JSON.parse('{"value": 26, "__proto__": {"role": "admin"}}'),
      { value: 26, constructor: { prototype: { role: 'admin' } } },
      { value: '26' },
      { value: '26; DROP TABLE users' },
      { value: null },
      { value: [26] },
      { value: { $gt: 0 } },
      { value: 26, commandId: "x' OR 1=1 --" },
      { value: 26, selectId: '../../etc/passwd' },
      { value: 26, reason: 'r'.repeat(501) },
    ];
    for (const payload of bodies) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...op, 'content-type': 'application/json' },
        payload: JSON.stringify(payload) ?? 'null',
      });
      expect(res.statusCode, `${JSON.stringify(payload)}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    // A number beyond float64 parses to Infinity: refused.
    const inf = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...op, 'content-type': 'application/json' },
      payload: '{"value": 1e999}',
    });
    expect(inf.statusCode).toBe(400);
    // A body over the limit is refused too.
    const huge = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...op, 'content-type': 'application/json' },
      payload: `{"value": 26, "reason": "${'x'.repeat(70_000)}"}`,
    });
    expect(huge.statusCode).toBe(413);
    expect([...t.ports.values()].flatMap((p) => p.writes)).toEqual([]);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it('through login and user administration: SQL in names changes no table', async () => {
    for (const username of [
      "admin' --",
      "' OR '1'='1",
      'admin"; DROP TABLE users; --',
      'admin\u0000',
      'ADMIN',
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: "' OR '1'='1" },
      });
      expect(res.statusCode, username).toBe(401);
    }
    for (const username of ["x'); DROP TABLE users; --", 'x"', 'a b', 'админ', '-admin']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: admin,
        payload: { username, password: 'a fine long password 1', role: 'viewer' },
      });
      expect(res.statusCode, username).toBe(400);
    }
    for (const name of ["admin'--", 'admin%27', '..', 'ADMIN']) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${encodeURIComponent(name)}`,
        headers: admin,
        payload: { role: 'viewer' },
      });
      expect([400, 404], name).toContain(res.statusCode);
    }
    const escalate = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/operator',
      headers: admin,
      payload: { role: 'admin', username: 'operator2' },
    });
    expect(escalate.statusCode).toBe(400);
    expect(t.users.list().map((u) => `${u.username}:${u.role}`)).toEqual([
      'admin:admin',
      'engineer:engineer',
      'operator:operator',
      'viewer:viewer',
    ]);
  });

  it('through query strings of the audit route', async () => {
    const eng = t.bearer(await t.login('engineer'));
    for (const q of [
      "from=2025-01-01T00:00:00Z'; DELETE FROM audit; --",
      'limit=1;DROP',
      'to[$gt]=0',
      '__proto__[x]=1',
      'from=2025-01-01T00:00:00Z&from=2025-02-01T00:00:00Z',
    ]) {
      const res = await t.app.inject({ url: `/api/audit?${q}`, headers: eng });
      expect(res.statusCode, q).toBe(400);
    }
    expect(t.audit.verify().ok).toBe(true);
    expect(t.audit.capacity().rows).toBeGreaterThan(0);
  });

  it('through the credentials: a token in the URL is not a session', async () => {
    const token = op.authorization!.slice('Bearer '.length);
    for (const url of [`/api/auth/me?token=${token}`, `/api/auth/me?access_token=${token}`]) {
      const res = await t.app.inject({ url });
      expect([400, 401], url).toContain(res.statusCode);
    }
    const res = await t.app.inject({
      url: '/api/auth/me',
      headers: { cookie: `zld_session=${token}` },
    });
    // The bearer token is not the cookie secret.
    expect(res.statusCode).toBe(401);
  });
});
