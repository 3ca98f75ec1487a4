// A guesser cannot lock a user out: lock-outs are per (user name, address), the name only delays strangers; admin unlock; over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { buildSecurityApp, PASSWORDS, type SecurityApp } from './security-app.js';

let t: SecurityApp;
afterEach(() => t?.close());

const WORKSTATION = '127.0.0.1';

const login = (username: string, password: string, remoteAddress: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress,
  });

/** `n` wrong passwords for `username`, each from a new loopback address, waiting out every Retry-After. */
async function guessFromChangingAddresses(username: string, n: number, first = 10): Promise<void> {
  for (let i = 0; i < n; i++) {
    const address = `127.0.1.${first + i}`;
    let res = await login(username, `wrong guess ${i}`, address);
    if (res.statusCode === 429) {
      t.clock.advance(Number(res.headers['retry-after']) * 1000);
      res = await login(username, `wrong guess ${i}`, address);
    }
    expect(res.statusCode, res.body).toBe(401);
  }
}

describe('no lock-out by strangers', () => {
  it('ten wrong passwords for admin from other addresses: the admin logs in at once', async () => {
    t = await buildSecurityApp();
    // The admin's workstation has logged in before.
    expect((await login('admin', PASSWORDS.admin, WORKSTATION)).statusCode).toBe(200);
    await guessFromChangingAddresses('admin', 10);
    // The guesser is held back: the next stranger waits, and is never told "locked out".
    const stranger = await login('admin', 'wrong guess 10', '127.0.1.99');
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json<{ error: { message: string } }>().error.message).not.toMatch(/locked/);
    const res = await login('admin', PASSWORDS.admin, WORKSTATION);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('a user on a new address waits at most the name delay (60 s), never a 15-minute lock', async () => {
    t = await buildSecurityApp();
    await guessFromChangingAddresses('operator', 30);
    const first = await login('operator', PASSWORDS.operator, '127.0.2.1');
    expect(first.statusCode).toBe(429);
    const wait = Number(first.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    t.clock.advance(wait * 1000);
    expect((await login('operator', PASSWORDS.operator, '127.0.2.1')).statusCode).toBe(200);
  });

  it('locks the guessing address for that name, audits it, lists it, and an admin unlocks it', async () => {
    t = await buildSecurityApp({ throttlePolicy: { baseDelayMs: 0 } });
    const guesser = '127.0.3.3';
    for (let i = 0; i < 10; i++)
      expect((await login('viewer', `wrong guess ${i}`, guesser)).statusCode).toBe(401);
    const locked = await login('viewer', PASSWORDS.viewer, guesser);
    expect(locked.statusCode).toBe(429);
    expect(locked.json<{ error: { message: string } }>().error.message).toMatch(/locked out/);
    expect(locked.headers['retry-after']).toBe('900');
    // The viewer elsewhere is not affected.
    expect((await login('viewer', PASSWORDS.viewer, '127.0.3.4')).statusCode).toBe(200);
    const lockout = t.auditRecords().find((r) => r.action === 'login-lockout');
    expect(lockout).toMatchObject({
      category: 'auth',
      outcome: 'refused',
      user: 'viewer',
      source: guesser,
      target: 'viewer',
      reason: expect.stringMatching(/too many failed logins for viewer from 127\.0\.3\.3/),
    });

    const admin = t.bearer(await t.login('admin'));
    const list = await t.app.inject({ url: '/api/auth/lockouts', headers: admin });
    expect(list.json()).toEqual([
      { scope: 'pair', username: 'viewer', address: guesser, until: expect.any(String) },
    ]);
    const operator = t.bearer(await t.login('operator'));
    const unlockUrl = '/api/users/viewer/unlock';
    expect(
      (await t.app.inject({ method: 'POST', url: unlockUrl, headers: operator })).statusCode,
    ).toBe(403);
    const unlock = await t.app.inject({ method: 'POST', url: unlockUrl, headers: admin });
    expect(unlock.statusCode, unlock.body).toBe(200);
    expect(unlock.json()).toEqual({ username: 'viewer', cleared: 2 });
    expect((await t.app.inject({ url: '/api/auth/lockouts', headers: admin })).json()).toEqual([]);
    expect((await login('viewer', PASSWORDS.viewer, guesser)).statusCode).toBe(200);
    expect(t.auditRecords().find((r) => r.action === 'user-unlock')).toMatchObject({
      category: 'user',
      outcome: 'success',
      user: 'admin',
      target: 'viewer',
      newValue: { cleared: 2 },
    });
  });
});
