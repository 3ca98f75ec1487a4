// One password check for the login and the own-password change: throttle, bounded hashing, audit of refusals, failures and lock-outs.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { HashGateBusyError } from './hash-gate.js';
import type { Lockout } from './login-throttle.js';
import type { User } from './user-store.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export interface CredentialCheck {
  username: string;
  password: string;
  source: string;
  /** Gets `Retry-After` when the check is refused. */
  reply: FastifyReply;
  /** Audit actions: e.g. `login-throttled` and `login-failed`. */
  actions: { refused: string; failed: string };
}

/**
 * The enabled user with these credentials, or null (the failure audited, and a lock-out it began).
 * Throws 429 (`RATE_LIMITED`, with `Retry-After`) when the throttle refuses the attempt or the
 * password checks are full; the password is then not checked. A right password leaves the attempt
 * counted until the caller calls `throttle.succeeded` (after the second factor, where MFA is on).
 */
export async function checkCredentials(
  app: FastifyInstance,
  check: CredentialCheck,
): Promise<User | null> {
  const { users, throttle, hashGate, audit, clock } = app.security;
  const { username, password, source, reply, actions } = check;
  const refuse = (reason: string, message: string, seconds: number): never => {
    audit.record({
      category: 'auth',
      action: actions.refused,
      outcome: 'refused',
      user: username,
      source,
      target: username,
      reason,
    });
    reply.header('retry-after', String(seconds));
    throw new ApiError('RATE_LIMITED', message, 429);
  };
  const attempt = throttle.attempt(username, source, clock.now());
  if (!attempt.allowed) {
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    return refuse(
      `${attempt.reason} by ${attempt.scope}, retry in ${seconds} s`,
      attempt.reason === 'locked'
        ? `too many failed logins: locked out, retry in ${seconds} s`
        : `too many failed logins: retry in ${seconds} s`,
      seconds,
    );
  }
  let user: User | null;
  try {
    // Known sources go ahead of strangers; a full queue refuses at once instead of growing.
    user = await hashGate.run(() => users.authenticate(username, password), attempt.known);
  } catch (err) {
    if (!(err instanceof HashGateBusyError)) throw err;
    // Not checked: the attempt is given back.
    throttle.release(username, source);
    return refuse('password checks busy', `${err.message}: retry in 1 s`, 1);
  }
  if (!user) {
    audit.record({
      category: 'auth',
      action: actions.failed,
      outcome: 'failure',
      user: username,
      source,
      target: username,
      reason: 'invalid user name or password, or account disabled',
    });
    for (const scope of attempt.locks) recordLockout(app, username, source, scope);
    return null;
  }
  // The caller clears the throttle (`throttle.succeeded`) once every factor is right.
  return user;
}

/** A failed check began a lock-out: audited, and passed to `onLockout` (e.g. an alarm). */
export function recordLockout(
  app: FastifyInstance,
  username: string,
  source: string,
  scope: Lockout['scope'],
): void {
  const { throttle, audit, clock } = app.security;
  const lockMs = scope === 'address' ? throttle.policy.address.lockMs : throttle.policy.pair.lockMs;
  const until = clock.now() + lockMs;
  audit.record({
    category: 'auth',
    action: 'login-lockout',
    outcome: 'refused',
    user: username,
    source,
    target: scope === 'address' ? source : username,
    reason:
      scope === 'address'
        ? `too many failed logins from ${source}: the address is locked out until ${iso(until)}`
        : `too many failed logins for ${username} from ${source}: locked out from there until ${iso(until)}`,
    details: { scope, until: iso(until) },
  });
  app.security.onLockout?.({
    scope,
    ...(scope === 'pair' ? { username } : {}),
    address: source,
    until,
  });
}
