import { ManualClock } from '@zld/tags';
import { describe, expect, it } from 'vitest';
import { SessionManager, type SessionEndReason } from './session-manager.js';

const MIN = 60_000;
const setup = (policy = {}) => {
  const clock = new ManualClock(1_000_000);
  const sessions = new SessionManager(clock, {
    idleTimeoutMs: 15 * MIN,
    absoluteLifetimeMs: 8 * 60 * MIN,
    maxPerUser: 2,
    ...policy,
  });
  const ended: [string, SessionEndReason][] = [];
  sessions.onEnd((s, r) => ended.push([s.ref, r]));
  return { clock, sessions, ended };
};
const opA = { username: 'shift-a', role: 'operator' as const };

describe('sessions', () => {
  it('issue two fresh 256-bit secrets at every login, both resolving to the session', () => {
    const { sessions } = setup();
    const a = sessions.create(opA, '127.0.0.1');
    const b = sessions.create(opA, '127.0.0.1');
    for (const s of [a.cookieSecret, a.token, b.cookieSecret, b.token])
      expect(Buffer.from(s, 'base64url')).toHaveLength(32);
    expect(new Set([a.cookieSecret, a.token, b.cookieSecret, b.token]).size).toBe(4);
    expect(a.session.ref).not.toBe(b.session.ref);
    expect(sessions.resolve({ kind: 'cookie', secret: a.cookieSecret })?.session).toBe(a.session);
    expect(sessions.resolve({ kind: 'bearer', secret: a.token })?.session).toBe(a.session);
    expect(sessions.resolve({ kind: 'bearer', secret: 'x'.repeat(43) })).toBeNull();
    expect(sessions.resolve({ kind: 'bearer', secret: '' })).toBeNull();
    // Each secret works only in its own place.
    expect(sessions.resolve({ kind: 'cookie', secret: a.token })).toBeNull();
    expect(sessions.resolve({ kind: 'bearer', secret: a.cookieSecret })).toBeNull();
  });

  it('lock after the idle timeout; activity before it keeps the session unlocked', () => {
    const { clock, sessions } = setup();
    const { session, token } = sessions.create(opA, '127.0.0.1');
    clock.advance(14 * MIN);
    expect(sessions.resolve({ kind: 'bearer', secret: token })?.locked).toBe(false);
    sessions.touch(session);
    clock.advance(14 * MIN);
    expect(sessions.resolve({ kind: 'bearer', secret: token })?.locked).toBe(false);
    clock.advance(2 * MIN);
    expect(sessions.resolve({ kind: 'bearer', secret: token })?.locked).toBe(true);
    // A locked session is not unlocked by touching it: only a new login helps.
    sessions.touch(session);
    expect(sessions.resolve({ kind: 'bearer', secret: token })?.locked).toBe(true);
  });

  it('end at the absolute lifetime however active', () => {
    const { clock, sessions, ended } = setup();
    const { session, token } = sessions.create(opA, '127.0.0.1');
    for (let t = 0; t < 8 * 60; t += 10) {
      clock.advance(10 * MIN);
      if (sessions.resolve({ kind: 'bearer', secret: token })) sessions.touch(session);
    }
    expect(sessions.resolve({ kind: 'bearer', secret: token })).toBeNull();
    expect(ended).toEqual([[session.ref, 'expired']]);
    expect(sessions.list()).toEqual([]);
  });

  it('sweep ends expired sessions nobody asks about', () => {
    const { clock, sessions, ended } = setup();
    sessions.create(opA, '127.0.0.1');
    sessions.create({ username: 'shift-b', role: 'viewer' }, '127.0.0.2');
    clock.advance(8 * 60 * MIN - 1);
    expect(sessions.sweep()).toBe(0);
    clock.advance(1);
    expect(sessions.sweep()).toBe(2);
    expect(ended.map((e) => e[1])).toEqual(['expired', 'expired']);
  });

  it('keep at most maxPerUser sessions per user, ending the oldest', () => {
    const { clock, sessions, ended } = setup();
    const first = sessions.create(opA, 'a');
    clock.advance(1);
    sessions.create(opA, 'b');
    clock.advance(1);
    const third = sessions.create(opA, 'c');
    expect(third.evicted.map((s) => s.ref)).toEqual([first.session.ref]);
    expect(ended).toEqual([[first.session.ref, 'session-limit']]);
    expect(sessions.resolve({ kind: 'bearer', secret: first.token })).toBeNull();
    expect(sessions.list('shift-a')).toHaveLength(2);
    sessions.create({ username: 'shift-b', role: 'viewer' }, 'd');
    expect(sessions.list()).toHaveLength(3);
  });

  it('end remotely: one session, or every session of a user', () => {
    const { sessions, ended } = setup({ maxPerUser: 5 });
    const a = sessions.create(opA, 'a');
    const b = sessions.create(opA, 'b');
    const v = sessions.create({ username: 'shift-b', role: 'viewer' }, 'c');
    expect(sessions.end(a.session, 'logout')).toBe(true);
    expect(sessions.end(a.session, 'logout')).toBe(false);
    expect(sessions.resolve({ kind: 'cookie', secret: a.cookieSecret })).toBeNull();
    expect(sessions.endUser('shift-a', 'terminated')).toBe(1);
    expect(sessions.resolve({ kind: 'bearer', secret: b.token })).toBeNull();
    expect(sessions.resolve({ kind: 'bearer', secret: v.token })).not.toBeNull();
    expect(ended.map((e) => e[1])).toEqual(['logout', 'terminated']);
    expect(sessions.findByRef(v.session.ref)).toBe(v.session);
  });

  it('refuse a nonsensical policy', () => {
    expect(() => setup({ maxPerUser: 0 })).toThrow(RangeError);
    expect(() => setup({ idleTimeoutMs: 0 })).toThrow(RangeError);
  });
});
