import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@zld/api';
import { clearedSessionCookie, credentialOf, sessionCookie } from './credentials.js';

const secret = 'A'.repeat(20) + '_-b';

describe('session credentials', () => {
  it('set an HttpOnly, SameSite=Strict cookie, Secure with TLS', () => {
    expect(sessionCookie(secret, 3_600_000, { secure: false })).toBe(
      `${SESSION_COOKIE}=${secret}; Max-Age=3600; Path=/; HttpOnly; SameSite=Strict`,
    );
    expect(sessionCookie(secret, 1000, { secure: true })).toMatch(/; Secure$/);
    expect(clearedSessionCookie({ secure: false })).toMatch(
      /^zld_session=; Max-Age=0; .*Expires=Thu, 01 Jan 1970/,
    );
    expect(() => sessionCookie('a;b=c', 1000, { secure: false })).toThrow();
  });

  it('find the secret in a Cookie header among others, or in a bearer token', () => {
    expect(credentialOf({ cookie: `a=1; ${SESSION_COOKIE}=${secret}; b=2` })).toEqual({
      kind: 'cookie',
      secret,
    });
    expect(credentialOf({ cookie: `${SESSION_COOKIE}="${secret}"` })?.secret).toBe(secret);
    expect(credentialOf({ authorization: `Bearer ${secret}` })).toEqual({ kind: 'bearer', secret });
    for (const headers of [
      {},
      { cookie: '' },
      { cookie: `x${SESSION_COOKIE}=${secret}` },
      { cookie: `${SESSION_COOKIE}=short` },
      { cookie: `${SESSION_COOKIE}=${secret}'--` },
      { authorization: `bearer ${secret}` },
      { authorization: `Bearer ${secret} extra` },
    ])
      expect(credentialOf(headers), JSON.stringify(headers)).toBeNull();
  });
});
