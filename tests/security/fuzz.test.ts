// A short fast-check fuzz over every security, audit and command route: any params, query, body and credentials; no 500, no crash.
import { API_ROUTES } from '@zld/api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionRefusal } from '../../apps/gateway/src/commands/index.js';
import { buildSecurityApp, type SecurityApp } from './security-app.js';

let t: SecurityApp;
let tokens: Record<string, string>;
beforeAll(async () => {
  t = await buildSecurityApp();
  for (const [tag, v] of [
    ['FIC-106.SP', 25],
    ['P-103.CMD', false],
    ['LT-105', 50],
    ['XV-901.CMD', false],
    ['LSH-902', false],
    ['TIC-101.MODE', 1],
  ] as const)
    t.set(tag, v);
  tokens = {
    operator: (await t.login('operator')).token,
    admin: (await t.login('admin')).token,
    engineer: (await t.login('engineer')).token,
  };
});
afterAll(() => t.close());

const TAGS = ['FIC-106.SP', 'P-103.CMD', 'XV-901.CMD', 'TIC-101.MODE', 'FT-001', 'XX-999'];
const USERS = ['viewer', 'operator', 'admin', 'nobody'];
const segment = fc.oneof(
  fc.constantFrom(...TAGS, ...USERS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer().map(String),
);
const query = fc.dictionary(
  fc.constantFrom('from', 'to', 'limit', 'x', '__proto__', 'value'),
  queryValue,
  { maxKeys: 3 },
);
const value = fc.oneof(
  fc.double(),
  fc.integer({ min: -10, max: 200 }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 10 }),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const body = fc.oneof(
  fc.record(
    {
      value,
      reason: fc.oneof(fc.string({ maxLength: 600 }), fc.integer()),
      commandId: fc.oneof(fc.uuid(), fc.string({ maxLength: 70 })),
      selectId: fc.oneof(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
        fc.string({ maxLength: 40 }),
      ),
      username: fc.oneof(fc.constantFrom(...USERS), fc.string({ maxLength: 70 })),
      password: fc.string({ maxLength: 300 }),
      role: fc.oneof(
        fc.constantFrom('viewer', 'operator', 'engineer', 'admin', 'root'),
        fc.integer(),
      ),
      disabled: fc.oneof(fc.boolean(), fc.constant('true')),
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
);
const credential = fc.constantFrom<'none' | 'operator' | 'admin' | 'engineer' | 'garbage'>(
  'none',
  'operator',
  'admin',
  'engineer',
  'garbage',
);
/** The routes of the security, command and audit plugins. */
const routes = [
  API_ROUTES.login,
  API_ROUTES.logout,
  API_ROUTES.me,
  API_ROUTES.users,
  API_ROUTES.userAdd,
  API_ROUTES.userChange,
  API_ROUTES.userSessionsEnd,
  API_ROUTES.tagWrite,
  API_ROUTES.tagSelect,
  API_ROUTES.tagCancel,
  API_ROUTES.audit,
];

describe('fuzzing every route', () => {
  it('never answers 500 or crashes, and only sends writes the plant allows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        segment,
        query,
        fc.option(body, { nil: undefined }),
        credential,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (route, seg, q, payload, cred, contentType) => {
          const url =
            route.path.replace(/:[a-z]+/, encodeURIComponent(seg)) +
            (Object.keys(q).length ? `?${new URLSearchParams(q)}` : '');
          const headers: Record<string, string> = { 'content-type': contentType };
          if (cred === 'garbage') headers.authorization = 'Bearer ' + 'x'.repeat(43);
          else if (cred !== 'none') headers.authorization = `Bearer ${tokens[cred]}`;
          const res = await t.app.inject({
            method: route.method,
            url,
            headers,
            ...(payload === undefined
              ? {}
              : {
                  payload:
                    typeof payload === 'string' ? payload : (JSON.stringify(payload) ?? 'null'),
                }),
          });
          expect(res.statusCode, `${route.method} ${url} ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400)
            expect(res.json()).toMatchObject({
              error: { code: expect.any(String), message: expect.any(String) },
            });
        },
      ),
      { numRuns: 400 },
    );
    // Every write that reached a PLC was one the plant definition allows.
    for (const port of t.ports.values())
      for (const w of port.writes)
        expect(definitionRefusal(t.plant.tag(w.tag), w.value), JSON.stringify(w)).toBeNull();
    // Still alive and answering (the fuzz may have ended its own sessions: use a new one).
    const probe = t.sessions.create({ username: 'probe', role: 'viewer' }, '127.0.0.1');
    const me = await t.app.inject({
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${probe.token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(t.audit.verify().ok).toBe(true);
  });
});
