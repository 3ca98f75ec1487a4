// `npm run unlock`: an admin clears a lock-out in a running gateway from the command line (real HTTP, a real process).
import { execFile } from 'node:child_process';
import { authenticator } from 'otplib';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSecurityApp, PASSWORDS, type SecurityApp } from './security-app.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '../../scripts/unlock.mjs');

let t: SecurityApp;
afterEach(() => t?.close());

const unlock = (args: string[], password: string, code?: string) =>
  run(process.execPath, [SCRIPT, '--gateway', t.address!, ...args], {
    env: {
      ...process.env,
      ZLD_UNLOCK_PASSWORD: password,
      ...(code !== undefined ? { ZLD_UNLOCK_CODE: code } : {}),
    },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('npm run unlock', () => {
  it('lists the lock-outs and clears those of a user name', async () => {
    t = await buildSecurityApp({ listen: true, throttlePolicy: { baseDelayMs: 0 } });
    for (let i = 0; i < 10; i++)
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'operator', password: `wrong guess ${i}` },
        remoteAddress: '127.0.4.4',
      });
    const list = await unlock(['--list'], PASSWORDS.admin);
    expect(list.stdout).toMatch(/^operator from 127\.0\.4\.4: locked out until 20\d\d-/);
    const done = await unlock(['operator'], PASSWORDS.admin);
    expect(done).toMatchObject({ code: 0 });
    expect(done.stdout).toMatch(/Unlocked operator: 2 record\(s\)/);
    expect(t.throttle.lockouts(t.clock.now())).toEqual([]);
    expect(t.auditRecords().filter((r) => r.action === 'user-unlock')).toMatchObject([
      { user: 'admin', target: 'operator', outcome: 'success' },
    ]);

    const wrong = await unlock(['operator'], 'not the admin password');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/401 invalid user name or password/);
    const notAdmin = await unlock(['operator', '--admin', 'engineer'], PASSWORDS.engineer);
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toMatch(/403/);
  });

  it('logs in with a two-factor code for an admin with MFA on', async () => {
    t = await buildSecurityApp({ listen: true });
    const login = await t.login('admin');
    const headers = t.bearer(login);
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/enrol',
      headers,
      payload: {},
    });
    const { secret } = started.json<{ secret: string }>();
    const codeAt = (ms: number) => authenticator.clone({ epoch: ms }).generate(secret);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/confirm',
      headers,
      payload: { code: codeAt(t.clock.now()) },
    });
    const wrong = await unlock(['--list'], PASSWORDS.admin, '000000');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/401 wrong code/);
    const done = await unlock(['--list'], PASSWORDS.admin, codeAt(t.clock.now() + 30_000));
    expect(done).toMatchObject({ code: 0, stdout: 'No lock-outs in force.\n' });
  });
});
