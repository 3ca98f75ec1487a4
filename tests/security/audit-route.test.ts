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
    expect(t.audit.verify()).toMatchObject({ ok: true, records: 1 });
  });
});

describe('GET /api/audit/verify', () => {
  it('is for engineers and above: 401 without a session, 403 for viewers and operators', async () => {
    expect((await t.app.inject({ url: '/api/audit/verify' })).statusCode).toBe(401);
    for (const role of ['viewer', 'operator'] as const) {
      const res = await t.app.inject({
        url: '/api/audit/verify',
        headers: t.bearer(await t.login(role)),
      });
      expect(res.statusCode, role).toBe(403);
    }
    const res = await t.app.inject({
      url: '/api/audit/verify',
      headers: t.bearer(await t.login('admin')),
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers ok for an intact trail, and the first bad record of one changed behind the triggers', async () => {
    const eng = t.bearer(await t.login('engineer'));
    const intact = await t.app.inject({ url: '/api/audit/verify', headers: eng });
    expect(intact.json()).toEqual({ ok: true, records: 1, headSeq: 1, anchorsChecked: 0 });
    const db = t.audit.database;
    db.exec('DROP TRIGGER audit_no_update');
    db.exec("UPDATE audit SET user = 'someone else' WHERE seq = 1");
    const broken = await t.app.inject({ url: '/api/audit/verify', headers: eng });
    expect(broken.statusCode).toBe(200);
    expect(broken.json()).toMatchObject({ ok: false, firstBadSeq: 1, reason: expect.any(String) });
    expect(
      await t.app
        .inject({ url: '/api/audit/verify?full=1', headers: eng })
        .then((r) => r.statusCode),
    ).toBe(400);
    // Each verification asked for is recorded, with who asked and the result.
    const last = t.audit.query({ from: 0, to: T0 + 1 }).at(-1);
    expect(last).toMatchObject({ action: 'audit-verify', user: 'engineer', outcome: 'failure' });
  });
});
