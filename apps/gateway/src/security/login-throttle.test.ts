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
  it('lets 5 failures of a user name from one address through, then delays 1 s, 2 s, 4 s ...', () => {
    const t = new LoginThrottle();
    let now = failMany(t, 'shift-a', '10.0.0.1', 5, 0, 100);
    const last = now - 100;
    expect(t.attempt('shift-a', '10.0.0.1', last + 999)).toEqual({
      allowed: false,
      reason: 'throttled',
      scope: 'pair',
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

  it('locks the (user name, address) pair at the 10th failure, not the user name', () => {
    const t = new LoginThrottle({ baseDelayMs: 0 });
    const now = failMany(t, 'shift-a', '10.0.0.1', 9, 0, 1);
    expect(t.attempt('shift-a', '10.0.0.1', now)).toMatchObject({ allowed: true, locks: ['pair'] });
    const d = t.attempt('shift-a', '10.0.0.1', now + 1);
    expect(d).toMatchObject({ allowed: false, reason: 'locked', scope: 'pair' });
    expect(d.allowed === false && d.retryAfterMs).toBe(15 * MIN - 1);
    expect(t.lockouts(now + 1)).toEqual([
      { scope: 'pair', username: 'shift-a', address: '10.0.0.1', until: now + 15 * MIN },
    ]);
    // The same name from another address is not locked (delays are 0 in this policy).
    expect(t.attempt('shift-a', '10.0.0.2', now + 1).allowed).toBe(true);
    expect(t.attempt('shift-a', '10.0.0.1', now + 15 * MIN).allowed).toBe(true);
  });

  it('delays a name guessed from changing addresses, but never locks it and never delays a known source', () => {
    const t = new LoginThrottle();
    t.attempt('admin', '10.0.0.200', 0);
    t.succeeded('admin', '10.0.0.200', 0);
    let now = 1;
    let worst = 0;
    for (let i = 0; i < 100; i++) {
      const d = t.attempt('admin', `10.1.0.${i}`, now);
      if (d.allowed) now += 1;
      else {
        expect(d).toMatchObject({ reason: 'throttled', scope: 'user' });
        worst = Math.max(worst, d.retryAfterMs);
        now += d.retryAfterMs;
        expect(t.attempt('admin', `10.1.0.${i}`, now).allowed).toBe(true);
      }
      // The owner's usual address passes at once, every time.
      expect(t.attempt('admin', '10.0.0.200', now)).toMatchObject({ allowed: true, known: true });
      t.succeeded('admin', '10.0.0.200', now);
    }
    expect(worst).toBe(60_000);
    expect(t.lockouts(now)).toEqual([]);
    // An admin's unlock clears the name's delay.
    expect(t.attempt('admin', '10.2.0.1', now + 1).allowed).toBe(false);
    expect(t.unlock('admin')).toBeGreaterThan(0);
    expect(t.attempt('admin', '10.2.0.1', now + 1).allowed).toBe(true);
  });

  it('unlocks every pair of a user name, and an address', () => {
    const t = new LoginThrottle({ baseDelayMs: 0 });
    failMany(t, 'shift-a', '10.0.0.1', 10, 0, 1);
    failMany(t, 'shift-a', '10.0.0.2', 10, 10, 1);
    expect(t.lockouts(20)).toHaveLength(2);
    expect(t.unlock('Shift-A')).toBe(3);
    expect(t.lockouts(20)).toEqual([]);
    for (let i = 0; i < 50; i++) t.attempt(`user${i}`, '10.6.6.6', 30);
    expect(t.lockouts(31)).toMatchObject([{ scope: 'address', address: '10.6.6.6' }]);
    expect(t.unlockAddress('10.6.6.6')).toBe(true);
    expect(t.attempt('fresh', '10.6.6.6', 32).allowed).toBe(true);
  });

  it('gives an attempt back that reached no password check', () => {
    const t = new LoginThrottle();
    failMany(t, 'shift-a', '10.0.0.1', 4, 0, 1);
    expect(t.attempt('shift-a', '10.0.0.1', 10).allowed).toBe(true);
    t.release('shift-a', '10.0.0.1');
    expect(t.attempt('shift-a', '10.0.0.1', 11).allowed).toBe(true);
    expect(t.attempt('shift-a', '10.0.0.1', 12).allowed).toBe(false);
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
    t.succeeded('shift-a', '10.0.0.1', 10);
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
    expect(t.size().pairs).toBeLessThanOrEqual(100);
    expect(t.size().addresses).toBeLessThanOrEqual(100);
  });
});
