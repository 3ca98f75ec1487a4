// GET /api/audit over a time window, and the append-only store behind it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSecurityApp, T0, type SecurityApp } from './security-app.js';

let t: SecurityApp;
beforeEach(async () => {
  t = await buildSecurityApp();
});
afterEach(() => t.close());

describe('GET /api/audit', () => {
  it('answers the records of a window, with time, user, source, category, event id and outcome', async () => {
    const eng = t.bearer(await t.login('engineer'));
    t.clock.advance(60_000);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'viewer', password: 'nope nope nope' },
    });
    t.clock.advance(60_000);
    const all = await t.app.inject({ url: '/api/audit', headers: eng });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual([
      expect.objectContaining({
        time: '2025-03-01T06:00:00.000Z',
        category: 'auth',
        action: 'login',
        outcome: 'success',
        user: 'engineer',
        source: '127.0.0.1',
        eventId: expect.any(String),
      }),
      expect.objectContaining({
        time: '2025-03-01T06:01:00.000Z',
        action: 'login-failed',
        outcome: 'failure',
        user: 'viewer',
      }),
    ]);
    const from = new Date(T0 + 30_000).toISOString();
    const to = new Date(T0 + 90_000).toISOString();
    const window = await t.app.inject({ url: `/api/audit?from=${from}&to=${to}`, headers: eng });
    expect(window.json<{ action: string }[]>().map((r) => r.action)).toEqual(['login-failed']);
    const limited = await t.app.inject({ url: '/api/audit?limit=1', headers: eng });
    expect(limited.json()).toHaveLength(1);
  });

  it('refuses bad windows and unknown parameters', async () => {
    const eng = t.bearer(await t.login('engineer'));
    for (const q of [
      'from=yesterday',
      'from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z',
      'limit=0',
      'limit=100001',
      'user=admin',
      "from=2025-03-01T00:00:00Z' OR '1'='1",
    ]) {
      const res = await t.app.inject({ url: `/api/audit?${q}`, headers: eng });
      expect(res.statusCode, q).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
  });

  it('stands on a store whose records cannot be updated or deleted', () => {
    t.audit.record({
      category: 'alarm',
      action: 'ack',
      outcome: 'success',
      user: 'operator',
      target: 'LIC-402.HH',
    });
    const db = t.audit.database;
    expect(() => db.exec("UPDATE audit SET outcome = 'refused'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit')).toThrow(/append-only/);
    expect(t.audit.verify()).toEqual({ ok: true, records: 1 });
  });
});
