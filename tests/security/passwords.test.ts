// Password strength over HTTP (an admin adding or changing a user, a user changing their own), and the own-password change.
import { afterEach, describe, expect, it } from 'vitest';
import { buildSecurityApp, PASSWORDS, type SecurityApp } from './security-app.js';

let t: SecurityApp;
afterEach(() => t?.close());

const WEAK = ['Passw0rd1234', 'qwerty123456', 'Welcome12345', 'Admin1234567'];
const WHY =
  /too easy to guess \(strength [0-2] of 4, at least 3 needed\): This is (similar to )?a commonly used password\./;

const changeOwn = (headers: Record<string, string>, currentPassword: string, newPassword: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers,
    payload: { currentPassword, newPassword },
  });

describe('password strength', () => {
  it('refuses passwords a guesser tries early, saying why', async () => {
    t = await buildSecurityApp();
    const admin = t.bearer(await t.login('admin'));
    for (const [i, password] of WEAK.entries()) {
      const add = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: admin,
        payload: { username: `shift-${i}`, password, role: 'viewer' },
      });
      expect(add.statusCode, password).toBe(400);
      expect(add.json<{ error: { message: string } }>().error.message).toMatch(WHY);
      const change = await t.app.inject({
        method: 'PATCH',
        url: '/api/users/viewer',
        headers: admin,
        payload: { password },
      });
      expect(change.statusCode, password).toBe(400);
      expect(change.json<{ error: { message: string } }>().error.message).toMatch(WHY);
    }
    const viewer = t.bearer(await t.login('viewer'));
    const own = await changeOwn(viewer, PASSWORDS.viewer, 'Welcome12345');
    expect(own.statusCode).toBe(400);
    expect(own.json<{ error: { message: string } }>().error.message).toMatch(WHY);
    expect(t.auditRecords().filter((r) => r.action === 'password-change')).toMatchObject([
      { outcome: 'refused', user: 'viewer', reason: expect.stringMatching(WHY) },
    ]);
  });
});

describe('changing your own password', () => {
  it('a viewer changes their own password giving the old one; a wrong old one is refused', async () => {
    t = await buildSecurityApp();
    const other = await t.login('viewer');
    const viewer = t.bearer(await t.login('viewer'));
    const wrong = await changeOwn(viewer, 'not my password', 'night shift lantern 42');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', message: 'the current password is wrong' },
    });
    // Still signed in: a wrong current password does not end the session.
    expect((await t.app.inject({ url: '/api/auth/me', headers: viewer })).statusCode).toBe(200);

    const ok = await changeOwn(viewer, PASSWORDS.viewer, 'night shift lantern 42');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ changed: true });
    // This session goes on; the user's other sessions end; the old password no longer works.
    expect((await t.app.inject({ url: '/api/auth/me', headers: viewer })).statusCode).toBe(200);
    const ended = await t.app.inject({ url: '/api/auth/me', headers: t.bearer(other) });
    expect(ended.statusCode).toBe(401);
    await expect(t.login('viewer')).rejects.toThrow(/401/);
    await t.login('viewer', 'night shift lantern 42');

    const audit = t.auditRecords().filter((r) => r.action.startsWith('password-change'));
    expect(audit.map((r) => [r.action, r.outcome, r.user, r.target])).toEqual([
      ['password-change-failed', 'failure', 'viewer', 'viewer'],
      ['password-change', 'success', 'viewer', 'viewer'],
    ]);
    expect(JSON.stringify(t.auditRecords())).not.toContain('night shift lantern');
  });

  it('needs a session, and throttles guesses of the current password like logins', async () => {
    t = await buildSecurityApp();
    expect((await changeOwn({}, PASSWORDS.viewer, 'night shift lantern 42')).statusCode).toBe(401);
    const viewer = t.bearer(await t.login('viewer'));
    for (let i = 0; i < 5; i++)
      expect((await changeOwn(viewer, `guess ${i}`, 'night shift lantern 42')).statusCode).toBe(
        400,
      );
    const throttled = await changeOwn(viewer, PASSWORDS.viewer, 'night shift lantern 42');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
  });
});
