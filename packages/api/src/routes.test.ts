import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS } from './roles.js';
import { API_ROUTES, pathOf } from './routes.js';

describe('API_ROUTES', () => {
  it('lists the routes of the contract, and those the gateway adds, with their least access', () => {
    const table = Object.values(API_ROUTES).map((r) => `${r.method} ${r.path} ${r.access}`);
    expect(table).toEqual([
      'POST /api/auth/login anyone',
      'POST /api/auth/logout viewer',
      'GET /api/auth/me viewer',
      'GET /api/users admin',
      'POST /api/users admin',
      'PATCH /api/users/:name admin',
      'DELETE /api/users/:name/sessions admin',
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
      'PATCH /api/alarms/:id/settings engineer',
      'GET /api/history viewer',
      'GET /api/history.csv viewer',
      'GET /api/water-balance viewer',
      'GET /api/audit engineer',
      'GET /healthz anyone',
      'GET /metrics loopback-or-token',
    ]);
    for (const r of Object.values(API_ROUTES)) expect(ACCESS_LEVELS).toContain(r.access);
  });

  it('has no two routes with the same method and path', () => {
    const keys = Object.values(API_ROUTES).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

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
