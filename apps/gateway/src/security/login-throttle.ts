// Failed-login throttling and lock-out per user name and per source address (SR 1.11); pure, time passed in.

export interface ThrottleRule {
  /** Failures within the window allowed without delay. */
  freeFailures: number;
  /** Failures within the window that lock the key out. */
  lockAfter: number;
  /** How long a lock-out lasts. */
  lockMs: number;
}

export interface ThrottlePolicy {
  /** Failures older than this are forgotten. */
  windowMs: number;
  user: ThrottleRule;
  address: ThrottleRule;
  /** Delay after the first failure beyond the free ones; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Keys remembered at most (memory bound); the oldest are dropped first. */
  maxKeys: number;
}

/**
 * Per user name: 5 failures in 15 minutes go free; each further attempt must wait 1 s, 2 s, 4 s ...
 * (at most 60 s) after the previous failure; the 10th failure locks the name for 15 minutes.
 * Per source address: 20 free, then the same delays, locked for 15 minutes at 50.
 */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  user: { freeFailures: 5, lockAfter: 10, lockMs: 15 * 60_000 },
  address: { freeFailures: 20, lockAfter: 50, lockMs: 15 * 60_000 },
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxKeys: 10_000,
};

export type ThrottleDecision =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'throttled' | 'locked';
      scope: 'user' | 'address';
      retryAfterMs: number;
    };

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/**
 * `attempt()` counts an attempt as a failure before the password is checked, so parallel guesses
 * cannot all slip through before the first failure is recorded; `succeeded()` gives it back.
 * A refused attempt is not counted (it did not reach the password check).
 */
export class LoginThrottle {
  readonly policy: ThrottlePolicy;
  private readonly users = new Map<string, Entry>();
  private readonly addresses = new Map<string, Entry>();

  constructor(policy: Partial<ThrottlePolicy> = {}) {
    this.policy = { ...DEFAULT_THROTTLE_POLICY, ...policy };
  }

  /** Checks a login attempt; when allowed, counts it as a failure until `succeeded()`. */
  attempt(username: string, address: string, now: number): ThrottleDecision {
    const userKey = username.toLowerCase();
    const byUser = this.check(this.users, userKey, this.policy.user, now);
    const byAddress = this.check(this.addresses, address, this.policy.address, now);
    const refusals = [
      byUser && { ...byUser, scope: 'user' as const },
      byAddress && { ...byAddress, scope: 'address' as const },
    ].filter((d) => d !== null);
    if (refusals.length > 0) {
      const worst = refusals.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a));
      return { allowed: false, ...worst };
    }
    this.fail(this.users, userKey, this.policy.user, now);
    this.fail(this.addresses, address, this.policy.address, now);
    return { allowed: true };
  }

  /** The attempt was right: the user name's record is cleared, the address gets its attempt back. */
  succeeded(username: string, address: string): void {
    this.users.delete(username.toLowerCase());
    const a = this.addresses.get(address);
    if (!a) return;
    a.failures.pop();
    if (a.failures.length < this.policy.address.lockAfter) a.lockedUntil = 0;
  }

  /** Keys currently remembered (for tests and metrics). */
  size(): { users: number; addresses: number } {
    return { users: this.users.size, addresses: this.addresses.size };
  }

  private check(
    map: Map<string, Entry>,
    key: string,
    rule: ThrottleRule,
    now: number,
  ): { reason: 'throttled' | 'locked'; retryAfterMs: number } | null {
    const e = map.get(key);
    if (!e) return null;
    if (e.lockedUntil > now) return { reason: 'locked', retryAfterMs: e.lockedUntil - now };
    if (e.lockedUntil > 0) {
      // The lock-out is over: start afresh.
      map.delete(key);
      return null;
    }
    prune(e, now - this.policy.windowMs);
    const n = e.failures.length;
    if (n < rule.freeFailures) return null;
    const delay = Math.min(
      this.policy.maxDelayMs,
      this.policy.baseDelayMs * 2 ** Math.min(30, n - rule.freeFailures),
    );
    const last = e.failures[n - 1]!;
    return last + delay > now ? { reason: 'throttled', retryAfterMs: last + delay - now } : null;
  }

  private fail(map: Map<string, Entry>, key: string, rule: ThrottleRule, now: number): void {
    let e = map.get(key);
    if (!e) {
      if (map.size >= this.policy.maxKeys) this.evict(map, now);
      e = { failures: [], lockedUntil: 0 };
      map.set(key, e);
    }
    prune(e, now - this.policy.windowMs);
    e.failures.push(now);
    if (e.failures.length >= rule.lockAfter) e.lockedUntil = now + rule.lockMs;
  }

  private evict(map: Map<string, Entry>, now: number): void {
    for (const [k, e] of map) {
      if (e.lockedUntil > now) continue;
      prune(e, now - this.policy.windowMs);
      if (e.failures.length === 0 || e.lockedUntil > 0) map.delete(k);
    }
    // Still full: forget the oldest keys (insertion order), locked ones included.
    for (const k of map.keys()) {
      if (map.size < this.policy.maxKeys) break;
      map.delete(k);
    }
  }
}

function prune(e: Entry, since: number): void {
  let i = 0;
  while (i < e.failures.length && e.failures[i]! <= since) i++;
  if (i > 0) e.failures.splice(0, i);
}
