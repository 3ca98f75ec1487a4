import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS } from './roles.js';
import { API_ROUTES, pathOf, replySchemaOf, type RouteSchema } from './routes.js';

describe('API_ROUTES', () => {
  it('lists the routes of the contract, and those the gateway adds, with their least access', () => {
    const table = Object.values(API_ROUTES).map((r) => `${r.method} ${r.path} ${r.access}`);
    expect(table).toEqual([
      'POST /api/auth/login anyone',
      'POST /api/auth/logout viewer',
      'GET /api/auth/me viewer',
      'POST /api/auth/password viewer',
      'GET /api/auth/lockouts admin',
      'GET /api/users admin',
      'POST /api/users admin',
      'PATCH /api/users/:name admin',
      'DELETE /api/users/:name/sessions admin',
      'POST /api/users/:name/unlock admin',
      'POST /api/auth/mfa anyone',
      'GET /api/auth/mfa viewer',
      'POST /api/auth/mfa/enrol viewer',
      'POST /api/auth/mfa/confirm viewer',
      'POST /api/auth/mfa/recovery-codes viewer',
      'POST /api/auth/mfa/disable viewer',
      'POST /api/users/:name/mfa/reset admin',
      'GET /api/tags viewer',
      'GET /api/tags/:name viewer',
      'POST /api/tags/:name/write operator',
      'POST /api/tags/:name/select operator',
      'POST /api/tags/:name/cancel operator',
      'GET /api/alarms viewer',
      'POST /api/alarms/:id/ack operator',
      'POST /api/alarms/:id/shelve operator',
      'POST /api/alarms/:id/unshelve operator',
      'GET /api/alarms/journal viewer',
      'POST /api/alarms/:id/one-shot-shelve operator',
      'POST /api/alarms/:id/reset operator',
      'POST /api/alarms/:id/out-of-service engineer',
      'POST /api/alarms/:id/in-service engineer',
      'PATCH /api/alarms/:id/settings engineer',
      'GET /api/alarms/kpi engineer',
      'GET /api/alarms/flood viewer',
      'GET /api/approvals viewer',
      'POST /api/approvals/:id/approve operator',
      'POST /api/approvals/:id/reject operator',
      'POST /api/approvals/:id/cancel operator',
      'GET /api/history viewer',
      'GET /api/history.csv viewer',
      'GET /api/historian/quarantine engineer',
      'POST /api/historian/quarantine/:id/retry engineer',
      'GET /api/historian/quarantine/:id/export engineer',
      'GET /api/water-balance viewer',
      'GET /api/audit engineer',
      'GET /api/audit/verify engineer',
      'GET /healthz anyone',
      'GET /metrics loopback-or-token',
      'GET /api/openapi.json viewer',
    ]);
    for (const r of Object.values(API_ROUTES)) expect(ACCESS_LEVELS).toContain(r.access);
  });

  it('has no two routes with the same method and path', () => {
    const keys = Object.values(API_ROUTES).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(Object.entries(API_ROUTES))(
    '%s declares its params, querystring, body and answers',
    (_name, r) => {
      const schema: RouteSchema = r.schema;
      const pathParams = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]).sort();
      const declared = Object.keys(schema.params?.properties ?? {}).sort();
      expect(declared).toEqual(pathParams);
      expect(schema.querystring.type).toBe('object');
      expect(schema.querystring.additionalProperties).toBe(false);
      if (r.method === 'GET') expect(schema).not.toHaveProperty('body');
      else expect(schema).toHaveProperty('body.additionalProperties', false);
      if ('bodyOptional' in r) expect(schema.body?.required ?? []).toEqual([]);
      // 202: the request waits for a second user's approval (what the plant file marks two-person).
      const pending = TWO_PERSON.has(_name) ? ['202'] : [];
      expect(Object.keys(schema.response).sort()).toEqual([
        r.method === 'POST' && r.path === '/api/users' ? '201' : '200',
        ...pending,
        '4xx',
        '5xx',
      ]);
      expect(replySchemaOf(r)).toBeDefined();
      if ('produces' in r) expect(replySchemaOf(r)).toMatchObject({ type: 'string' });
    },
  );
});

/** The routes whose request may wait for a second user (202 with the pending approval). */
const TWO_PERSON = new Set([
  'tagWrite',
  'alarmShelve',
  'alarmOneShotShelve',
  'alarmOutOfService',
  'alarmSettings',
]);

describe('pathOf', () => {
  it('fills parameters, URL-encoded', () => {
    expect(pathOf(API_ROUTES.tag, { name: 'LIC-402.SP' })).toBe('/api/tags/LIC-402.SP');
    expect(pathOf(API_ROUTES.alarmAck, { id: 'a b/c' })).toBe('/api/alarms/a%20b%2Fc/ack');
    expect(pathOf(API_ROUTES.tags)).toBe('/api/tags');
  });

  it('refuses a missing parameter', () => {
    expect(() => pathOf(API_ROUTES.tag)).toThrow(/missing parameter "name"/);
  });
});
