import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const MIN = 60_000;

/** Fails `n` attempts of `user` from `ip`, one per `stepMs`; answers the time after the last. */
function failMany(
  t: LoginThrottle,
  user: string,
  ip: string,
  n: number,
  start: number,
  stepMs: number,
) {
  let now = start;
  for (let i = 0; i < n; i++, now += stepMs)
    expect(t.attempt(user, ip, now).allowed, `#${i + 1}`).toBe(true);
  return now;
}

describe('the login throttle', () => {
  it('lets 5 failures of a user name through, then delays 1 s, 2 s, 4 s ...', () => {
    const t = new LoginThrottle();
    let now = failMany(t, 'shift-a', '10.0.0.1', 5, 0, 100);
    const last = now - 100;
    expect(t.attempt('shift-a', '10.0.0.1', last + 999)).toEqual({
      allowed: false,
      reason: 'throttled',
      scope: 'user',
      retryAfterMs: 1,
    });
    now = last + 1000;
    expect(t.attempt('shift-a', '10.0.0.1', now).allowed).toBe(true); // failure 6
    expect(t.attempt('shift-a', '10.0.0.1', now + 1999)).toMatchObject({
      allowed: false,
      retryAfterMs: 1,
    });
    expect(t.attempt('shift-a', '10.0.0.1', now + 2000).allowed).toBe(true); // failure 7
  });

  it('locks a user name out for 15 minutes at the 10th failure, even for the right password', () => {
    const t = new LoginThrottle({ baseDelayMs: 0 });
    const now = failMany(t, 'shift-a', '10.0.0.1', 10, 0, 1);
    const d = t.attempt('shift-a', '10.0.0.2', now);
    expect(d).toMatchObject({ allowed: false, reason: 'locked', scope: 'user' });
    expect(d.allowed === false && d.retryAfterMs).toBe(15 * MIN - 1);
    // Another user from elsewhere is not affected.
    expect(t.attempt('shift-b', '10.0.0.3', now).allowed).toBe(true);
    expect(t.attempt('shift-a', '10.0.0.2', 9 + 15 * MIN).allowed).toBe(true);
  });

  it('throttles and locks a source address spraying many user names', () => {
    const t = new LoginThrottle({ baseDelayMs: 0 });
    let now = 0;
    for (let i = 0; i < 50; i++, now++)
      expect(t.attempt(`user${i}`, '10.6.6.6', now).allowed).toBe(true);
    expect(t.attempt('fresh', '10.6.6.6', now)).toMatchObject({
      allowed: false,
      reason: 'locked',
      scope: 'address',
    });
    expect(t.attempt('fresh', '10.0.0.9', now).allowed).toBe(true);
  });

  it('clears a user name on success and gives the address its attempt back', () => {
    const t = new LoginThrottle();
    failMany(t, 'shift-a', '10.0.0.1', 4, 0, 1);
    expect(t.attempt('shift-a', '10.0.0.1', 10).allowed).toBe(true);
    t.succeeded('shift-a', '10.0.0.1');
    // The name starts afresh: five more free failures.
    failMany(t, 'shift-a', '10.0.0.1', 5, 20, 1);
  });

  it('counts an attempt before its password is checked, so parallel guesses cannot slip through', () => {
    const t = new LoginThrottle();
    const answers = Array.from({ length: 20 }, () => t.attempt('shift-a', '10.0.0.1', 0).allowed);
    expect(answers.filter(Boolean)).toHaveLength(5);
  });

  it('forgets failures older than the window and treats user names case-insensitively', () => {
    const t = new LoginThrottle();
    failMany(t, 'Shift-a', '10.0.0.1', 5, 0, 1);
    expect(t.attempt('shift-a', '10.0.0.1', 10).allowed).toBe(false);
    expect(t.attempt('shift-a', '10.0.0.1', 16 * MIN).allowed).toBe(true);
  });

  it('remembers a bounded number of keys', () => {
    const t = new LoginThrottle({ maxKeys: 100 });
    for (let i = 0; i < 1000; i++) t.attempt(`u${i}`, `10.0.${i >> 8}.${i & 255}`, i);
    expect(t.size().users).toBeLessThanOrEqual(100);
    expect(t.size().addresses).toBeLessThanOrEqual(100);
  });
});
