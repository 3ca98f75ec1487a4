// Failed-login throttling (SR 1.11) that stops a guesser but never locks an account for everyone; pure, time passed in.

export interface ThrottleRule {
  /** Failures within the window allowed without delay. */
  freeFailures: number;
  /** Failures within the window that lock the key out (Infinity: never, only delays). */
  lockAfter: number;
  /** How long a lock-out lasts. */
  lockMs: number;
}

export interface ThrottlePolicy {
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** Per (user name, source address) pair: the guesser's own door, locked after a few failures. */
  pair: ThrottleRule;
  /** Per user name from sources it has not logged in from: delays only, never a lock-out. */
  user: ThrottleRule;
  /** Per source address over every user name (password spraying). */
  address: ThrottleRule;
  /** Delay after the first failure beyond the free ones; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Keys remembered at most per map (memory bound); the oldest are dropped first. */
  maxKeys: number;
  /** How long a source a user logged in from stays known (exempt from the per-name delay). */
  knownSourceMs: number;
  /** Known sources remembered per user name. */
  knownSourcesPerUser: number;
}

/**
 * Per pair: 5 failures in 15 minutes go free, then each attempt waits 1 s, 2 s, 4 s ... (at most
 * 60 s) after the previous failure; the 10th failure locks that pair for 15 minutes. Per user name
 * (counted from every source, applied only to sources the user has not logged in from in 30 days):
 * 5 free, then the same delays, never a lock. Per address: 20 free, the same delays, locked at 50.
 */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  pair: { freeFailures: 5, lockAfter: 10, lockMs: 15 * 60_000 },
  user: { freeFailures: 5, lockAfter: Infinity, lockMs: 0 },
  address: { freeFailures: 20, lockAfter: 50, lockMs: 15 * 60_000 },
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxKeys: 10_000,
  knownSourceMs: 30 * 24 * 3_600_000,
  knownSourcesPerUser: 16,
};

export type ThrottleScope = 'pair' | 'user' | 'address';

export type ThrottleDecision =
  | {
      allowed: true;
      /** The source logged in as this user before (the per-name delay does not apply to it). */
      known: boolean;
      /** Lock-outs that begin if this attempt fails (they end again if it succeeds). */
      locks: Lockout['scope'][];
    }
  | {
      allowed: false;
      reason: 'throttled' | 'locked';
      scope: ThrottleScope;
      retryAfterMs: number;
    };

/** A lock-out in force. */
export interface Lockout {
  scope: 'pair' | 'address';
  username?: string;
  address?: string;
  /** Epoch ms. */
  until: number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

const pairKey = (user: string, address: string): string => `${user}\u0000${address}`;

/**
 * `attempt()` counts an attempt as a failure before the password is checked, so parallel guesses
 * cannot all slip through before the first failure is recorded; `succeeded()` gives it back.
 * A refused attempt is not counted (it did not reach the password check).
 *
 * No rule locks a user name for everyone (NIST SP 800-63B 5.2.2, OWASP): a guesser locks only the
 * pair it guesses from; the per-name delay holds back guesses from changing addresses but not the
 * sources the user logged in from; an admin can unlock (`unlock`, `unlockAddress`).
 */
export class LoginThrottle {
  readonly policy: ThrottlePolicy;
  private readonly pairs = new Map<string, Entry>();
  private readonly users = new Map<string, Entry>();
  private readonly addresses = new Map<string, Entry>();
  /** user name -> address -> last successful login. */
  private readonly known = new Map<string, Map<string, number>>();

  constructor(policy: Partial<ThrottlePolicy> = {}) {
    this.policy = { ...DEFAULT_THROTTLE_POLICY, ...policy };
  }

  /** Checks a login attempt; when allowed, counts it as a failure until `succeeded()`. */
  attempt(username: string, address: string, now: number): ThrottleDecision {
    const user = username.toLowerCase();
    const pk = pairKey(user, address);
    const known = this.isKnown(user, address, now);
    const checks: [ThrottleScope, Map<string, Entry>, string, ThrottleRule][] = [
      ['pair', this.pairs, pk, this.policy.pair],
      ['address', this.addresses, address, this.policy.address],
    ];
    if (!known) checks.push(['user', this.users, user, this.policy.user]);
    let worst: Extract<ThrottleDecision, { allowed: false }> | null = null;
    for (const [scope, map, key, rule] of checks) {
      const d = this.check(map, key, rule, now);
      if (d && (!worst || d.retryAfterMs > worst.retryAfterMs))
        worst = { allowed: false, ...d, scope };
    }
    if (worst) return worst;
    const locks: Lockout['scope'][] = [];
    if (this.fail(this.pairs, pk, this.policy.pair, now)) locks.push('pair');
    if (this.fail(this.addresses, address, this.policy.address, now)) locks.push('address');
    this.fail(this.users, user, this.policy.user, now);
    return { allowed: true, known, locks };
  }

  /** The attempt was right: the pair is cleared and becomes known; name and address get their attempt back. */
  succeeded(username: string, address: string, now: number): void {
    const user = username.toLowerCase();
    this.pairs.delete(pairKey(user, address));
    this.giveBack(this.users, user, this.policy.user);
    this.giveBack(this.addresses, address, this.policy.address);
    let sources = this.known.get(user);
    if (!sources) {
      if (this.known.size >= this.policy.maxKeys)
        this.known.delete(this.known.keys().next().value!);
      sources = new Map();
      this.known.set(user, sources);
    }
    sources.delete(address);
    sources.set(address, now);
    while (sources.size > this.policy.knownSourcesPerUser)
      sources.delete(sources.keys().next().value!);
  }

  /** The attempt reached no password check (the check was refused): every count gets it back. */
  release(username: string, address: string): void {
    const user = username.toLowerCase();
    this.giveBack(this.pairs, pairKey(user, address), this.policy.pair);
    this.giveBack(this.users, user, this.policy.user);
    this.giveBack(this.addresses, address, this.policy.address);
  }

  /** Whether `address` logged in as `username` within `knownSourceMs`. */
  isKnown(username: string, address: string, now: number): boolean {
    const at = this.known.get(username.toLowerCase())?.get(address);
    return at !== undefined && now - at < this.policy.knownSourceMs;
  }

  /** Clears every failure and lock-out of a user name (all its pairs and its delay); answers how many. */
  unlock(username: string): number {
    const user = username.toLowerCase();
    let cleared = this.users.delete(user) ? 1 : 0;
    const prefix = `${user}\u0000`;
    for (const k of [...this.pairs.keys()])
      if (k.startsWith(prefix)) cleared += this.pairs.delete(k) ? 1 : 0;
    return cleared;
  }

  /** Clears the failures and lock-out of a source address (not its pairs); answers whether it had any. */
  unlockAddress(address: string): boolean {
    return this.addresses.delete(address);
  }

  /** Lock-outs in force at `now`. */
  lockouts(now: number): Lockout[] {
    const out: Lockout[] = [];
    for (const [k, e] of this.pairs)
      if (e.lockedUntil > now) {
        const [username, address] = k.split('\u0000') as [string, string];
        out.push({ scope: 'pair', username, address, until: e.lockedUntil });
      }
    for (const [address, e] of this.addresses)
      if (e.lockedUntil > now) out.push({ scope: 'address', address, until: e.lockedUntil });
    return out;
  }

  /** Keys currently remembered (for tests and metrics). */
  size(): { pairs: number; users: number; addresses: number } {
    return { pairs: this.pairs.size, users: this.users.size, addresses: this.addresses.size };
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

  /** Counts a failure; answers whether it begins a lock-out. */
  private fail(map: Map<string, Entry>, key: string, rule: ThrottleRule, now: number): boolean {
    let e = map.get(key);
    if (!e) {
      if (map.size >= this.policy.maxKeys) this.evict(map, now);
      e = { failures: [], lockedUntil: 0 };
      map.set(key, e);
    }
    prune(e, now - this.policy.windowMs);
    e.failures.push(now);
    if (e.failures.length < rule.lockAfter) return false;
    e.lockedUntil = now + rule.lockMs;
    return true;
  }

  private giveBack(map: Map<string, Entry>, key: string, rule: ThrottleRule): void {
    const e = map.get(key);
    if (!e) return;
    e.failures.pop();
    if (e.failures.length < rule.lockAfter) e.lockedUntil = 0;
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
