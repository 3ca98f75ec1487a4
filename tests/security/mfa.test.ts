// MFA over HTTP: enrolment with a QR code, the login's code step, replay, throttle, recovery codes, admin reset, --production.
import { authenticator } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSecurityApp, PASSWORDS, type Login, type SecurityApp } from './security-app.js';

let t: SecurityApp;
afterEach(() => t?.close());

/** What an authenticator app shows now (on the app's clock). */
const codeNow = (secret: string, offsetMs = 0) =>
  authenticator.clone({ epoch: t.clock.now() + offsetMs }).generate(secret);
/** Another code than the one shown now (a guess). */
const wrongCode = (secret: string) =>
  String((Number(codeNow(secret)) + 1) % 1_000_000).padStart(6, '0');

const post = (url: string, payload: object, login?: Login, remoteAddress?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    ...(login ? { headers: t.bearer(login) } : {}),
    ...(remoteAddress ? { remoteAddress } : {}),
  });
const get = (url: string, login: Login) =>
  t.app.inject({ method: 'GET', url, headers: t.bearer(login) });

/** Enrols the user through the routes: answers the secret and the recovery codes. */
async function enrol(username: string, login: Login) {
  const started = await post('/api/auth/mfa/enrol', {}, login);
  expect(started.statusCode, started.body).toBe(200);
  const { secret, otpauthUrl, qrCode } = started.json<{
    secret: string;
    otpauthUrl: string;
    qrCode: string;
  }>();
  const confirmed = await post('/api/auth/mfa/confirm', { code: codeNow(secret) }, login);
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  const { recoveryCodes } = confirmed.json<{ recoveryCodes: string[] }>();
  // The code of the confirmation is spent: the next login uses the next step's code.
  t.clock.advance(30_000);
  return { secret, otpauthUrl, qrCode, recoveryCodes, username };
}

async function passwordStep(username: string, remoteAddress?: string) {
  const res = await post(
    '/api/auth/login',
    { username, password: PASSWORDS[username as keyof typeof PASSWORDS] },
    undefined,
    remoteAddress,
  );
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['set-cookie']).toBeUndefined();
  const body = res.json<{ mfaRequired: boolean; challenge: string; token?: string }>();
  expect(body.mfaRequired).toBe(true);
  expect(body.token).toBeUndefined();
  return body.challenge;
}

describe('MFA enrolment and login', () => {
  it('enrols with a QR code, confirms with a code, then a login needs the code', async () => {
    t = await buildSecurityApp();
    const admin = await t.login('admin');
    const started = await post('/api/auth/mfa/enrol', {}, admin);
    const { secret, otpauthUrl, qrCode } = started.json<{
      secret: string;
      otpauthUrl: string;
      qrCode: string;
    }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/ZLD%20SCADA:admin\?secret=/);
    expect(otpauthUrl).toContain('period=30&digits=6&algorithm=SHA1');
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qrCode.split(',')[1]!, 'base64').toString()).toContain('<svg');
    // Not on until confirmed: a login still needs only the password.
    expect((await get('/api/auth/mfa', admin)).json()).toMatchObject({
      enabled: false,
      pending: true,
    });
    const wrong = await post('/api/auth/mfa/confirm', { code: wrongCode(secret) }, admin);
    expect(wrong.statusCode).toBe(400);
    const ok = await post('/api/auth/mfa/confirm', { code: codeNow(secret) }, admin);
    expect(ok.statusCode, ok.body).toBe(200);
    const codes = ok.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await get('/api/auth/mfa', admin)).json()).toEqual({
      enabled: true,
      pending: false,
      recoveryCodesLeft: 10,
      required: false,
    });
    // MFA on: a second enrolment is refused until it is turned off.
    expect((await post('/api/auth/mfa/enrol', {}, admin)).statusCode).toBe(409);

    t.clock.advance(30_000);
    const challenge = await passwordStep('admin');
    const res = await post('/api/auth/mfa', { challenge, code: codeNow(secret) });
    expect(res.statusCode, res.body).toBe(200);
    const session = res.json<{ token: string; user: { username: string } }>();
    expect(session.user.username).toBe('admin');
    expect(String(res.headers['set-cookie'])).toMatch(/^zld_session=/);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(me.statusCode).toBe(200);
    const listed = me.json<{ username: string; mfa: boolean }[]>();
    expect(listed.find((u) => u.username === 'admin')?.mfa).toBe(true);
    expect(listed.find((u) => u.username === 'operator')?.mfa).toBe(false);
    const loginRecord = t.auditRecords().findLast((r) => r.action === 'login');
    expect(loginRecord?.details).toMatchObject({ mfa: 'totp' });
  });

  it('refuses a wrong code, a replayed code, a spent or expired challenge, and another address', async () => {
    t = await buildSecurityApp();
    const { secret } = await enrol('engineer', await t.login('engineer'));
    let challenge = await passwordStep('engineer');
    const wrong = await post('/api/auth/mfa', { challenge, code: wrongCode(secret) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<{ error: { message: string } }>().error.message).toMatch(/2 tries left/);
    const code = codeNow(secret);
    expect((await post('/api/auth/mfa', { challenge, code })).statusCode).toBe(200);
    // The same code again, within its window, with a new challenge: refused.
    challenge = await passwordStep('engineer');
    const replay = await post('/api/auth/mfa', { challenge, code });
    expect(replay.statusCode).toBe(401);
    expect(t.auditRecords().some((r) => r.action === 'mfa-code-failed')).toBe(true);
    // A spent challenge: the right code of the next step does not revive it.
    t.clock.advance(30_000);
    const used = await post('/api/auth/mfa', { challenge, code: codeNow(secret) });
    expect(used.statusCode).toBe(200);
    expect((await post('/api/auth/mfa', { challenge, code: codeNow(secret) })).statusCode).toBe(
      401,
    );
    // Expired after 5 min.
    challenge = await passwordStep('engineer');
    t.clock.advance(5 * 60_000 + 1);
    const late = await post('/api/auth/mfa', { challenge, code: codeNow(secret) });
    expect(late.statusCode).toBe(401);
    expect(late.json<{ error: { message: string } }>().error.message).toMatch(/log in again/);
    // Another address than the password step's.
    challenge = await passwordStep('engineer');
    const elsewhere = await post(
      '/api/auth/mfa',
      { challenge, code: codeNow(secret) },
      undefined,
      '127.0.0.9',
    );
    expect(elsewhere.statusCode).toBe(401);
    // Bad input: a clear 400.
    const bad = await post('/api/auth/mfa', { challenge, code: 123456 });
    expect(bad.statusCode).toBe(400);
    expect((await post('/api/auth/mfa', { challenge })).statusCode).toBe(400);
  });

  it('counts wrong codes in the login throttle like wrong passwords', async () => {
    t = await buildSecurityApp({
      throttlePolicy: { pair: { freeFailures: 3, lockAfter: 6, lockMs: 15 * 60_000 } },
    });
    const { secret } = await enrol('engineer', await t.login('engineer'));
    // The password step stays counted until the code is right: 1 + 2 wrong codes = 3 free failures.
    const challenge = await passwordStep('engineer');
    for (let i = 0; i < 2; i++)
      expect((await post('/api/auth/mfa', { challenge, code: wrongCode(secret) })).statusCode).toBe(
        401,
      );
    const held = await post('/api/auth/mfa', { challenge, code: codeNow(secret) });
    expect(held.statusCode, held.body).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    // A right password does not reset the count while the code is missing.
    t.clock.advance(Number(held.headers['retry-after']) * 1000);
    const again = await passwordStep('engineer');
    t.clock.advance(60_000);
    expect(
      (await post('/api/auth/mfa', { challenge: again, code: wrongCode(secret) })).statusCode,
    ).toBe(401);
    t.clock.advance(60_000);
    expect(
      (await post('/api/auth/mfa', { challenge: again, code: wrongCode(secret) })).statusCode,
    ).toBe(401);
    // The 6th failure locked the pair: audited as a lock-out.
    expect(t.auditRecords().some((r) => r.action === 'login-lockout')).toBe(true);
    t.clock.advance(60_000);
    expect(
      (await post('/api/auth/mfa', { challenge: again, code: codeNow(secret) })).statusCode,
    ).toBe(429);
  });

  it('a recovery code works once; new codes need a current code and replace the old ones', async () => {
    t = await buildSecurityApp();
    const eng = await t.login('engineer');
    const { secret, recoveryCodes } = await enrol('engineer', eng);
    let challenge = await passwordStep('engineer');
    const res = await post('/api/auth/mfa', { challenge, code: recoveryCodes[0]!.toUpperCase() });
    expect(res.statusCode, res.body).toBe(200);
    const used = t.auditRecords().filter((r) => r.action === 'mfa-recovery-used');
    expect(used).toHaveLength(1);
    expect(used[0]!.details).toEqual({ recoveryCodesLeft: 9 });
    challenge = await passwordStep('engineer');
    expect((await post('/api/auth/mfa', { challenge, code: recoveryCodes[0]! })).statusCode).toBe(
      401,
    );

    const session = res.json<{ token: string }>() as Login;
    expect(
      (await post('/api/auth/mfa/recovery-codes', { code: wrongCode(secret) }, session)).statusCode,
    ).toBe(400);
    const fresh = await post('/api/auth/mfa/recovery-codes', { code: codeNow(secret) }, session);
    expect(fresh.statusCode, fresh.body).toBe(200);
    const newCodes = fresh.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(newCodes).toHaveLength(10);
    challenge = await passwordStep('engineer');
    expect((await post('/api/auth/mfa', { challenge, code: recoveryCodes[1]! })).statusCode).toBe(
      401,
    );
    expect((await post('/api/auth/mfa', { challenge, code: newCodes[1]! })).statusCode).toBe(200);
  });

  it('turning MFA off needs a current code; an admin reset is audited and ends the sessions', async () => {
    t = await buildSecurityApp();
    const op = await t.login('operator');
    const { secret } = await enrol('operator', op);
    expect((await post('/api/auth/mfa/disable', { code: wrongCode(secret) }, op)).statusCode).toBe(
      400,
    );
    const off = await post('/api/auth/mfa/disable', { code: codeNow(secret) }, op);
    expect(off.json()).toEqual({ username: 'operator', enabled: false });
    expect((await t.login('operator')).token).toBeTruthy();

    await enrol('operator', await t.login('operator'));
    const admin = await t.login('admin');
    const viewerTry = await post('/api/users/operator/mfa/reset', {}, await t.login('viewer'));
    expect(viewerTry.statusCode).toBe(403);
    const reset = await post('/api/users/operator/mfa/reset', {}, admin);
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await post('/api/users/nobody/mfa/reset', {}, admin)).statusCode).toBe(404);
    const record = t.auditRecords().find((r) => r.action === 'mfa-reset');
    expect(record).toMatchObject({ user: 'admin', target: 'operator', outcome: 'success' });
    expect(t.sessions.list('operator')).toHaveLength(0);
    // The password alone logs in again.
    expect((await t.login('operator')).token).toBeTruthy();
  });

  it('never answers or audits the secret or the recovery codes after enrolment', async () => {
    t = await buildSecurityApp();
    const admin = await t.login('admin');
    const { secret, recoveryCodes } = await enrol('admin', admin);
    const challenge = await passwordStep('admin');
    const full = await post('/api/auth/mfa', { challenge, code: codeNow(secret) });
    const session = full.json<{ token: string }>() as Login;
    const answers = [
      full.body,
      (await get('/api/auth/mfa', session)).body,
      (await get('/api/auth/me', session)).body,
      (await get('/api/users', session)).body,
      (await get('/api/audit?from=2000-01-01T00:00:00Z', session)).body,
    ];
    expect(answers[4]).toContain('mfa-confirm');
    for (const body of answers) {
      expect(body).not.toContain(secret);
      for (const c of recoveryCodes) expect(body).not.toContain(c);
    }
    const trail = JSON.stringify(t.auditRecords());
    expect(trail).toContain('mfa-enrol');
    expect(trail).not.toContain(secret);
    for (const c of recoveryCodes) expect(trail).not.toContain(c);
  });
});

describe('MFA required (--production)', () => {
  it('an engineer without MFA gets a session open to enrolment only, until they enrol', async () => {
    t = await buildSecurityApp({ requireMfa: true });
    const res = await post('/api/auth/login', {
      username: 'engineer',
      password: PASSWORDS.engineer,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mfaEnrolmentRequired: true });
    const eng = res.json<{ token: string }>() as Login;
    const tag = t.plant.tags.find((x) => x.writable)!.name;
    const tries = [
      await get('/api/tags', eng),
      await get('/api/audit', eng),
      await post(`/api/tags/${tag}/write`, { value: 1 }, eng),
      await post('/api/auth/mfa/recovery-codes', { code: '123456' }, eng),
    ];
    for (const refused of tries) {
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(
        /MFA enrolment required/,
      );
    }
    expect((await get('/api/auth/me', eng)).json()).toMatchObject({ mfaEnrolmentRequired: true });
    expect((await get('/api/auth/mfa', eng)).json()).toMatchObject({ required: true });
    // Operators and viewers are not held.
    const op = await t.login('operator');
    expect((await get('/api/tags', op)).statusCode).toBe(200);

    const { secret } = await enrol('engineer', eng);
    expect((await get('/api/tags', eng)).statusCode).toBe(200);
    expect((await get('/api/auth/me', eng)).json()).not.toHaveProperty('mfaEnrolmentRequired');
    // Required: the engineer cannot turn it off.
    const off = await post('/api/auth/mfa/disable', { code: codeNow(secret) }, eng);
    expect(off.statusCode).toBe(409);
  });

  it('outside production MFA is optional: an engineer without it gets a full session', async () => {
    t = await buildSecurityApp();
    const eng = await t.login('engineer');
    expect((await get('/api/tags', eng)).statusCode).toBe(200);
    expect((await get('/api/auth/mfa', eng)).json()).toMatchObject({ required: false });
  });
});
