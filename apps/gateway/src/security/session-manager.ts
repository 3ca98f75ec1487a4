// Sessions: random 256-bit secrets (cookie and bearer token), idle lock, absolute lifetime, per-user limit; optionally kept on disk.
import { isRole, type Role } from '@zld/api';
import type { Clock } from '@zld/tags';
import { createHash, randomBytes } from 'node:crypto';
import type { SessionStore } from '../state/state-store.js';
import type { Credential } from './credentials.js';

export interface SessionPolicy {
  /** No authenticated request for this long locks the session (SR 2.5); default 15 min. */
  idleTimeoutMs: number;
  /** A session ends this long after login, whatever its activity; default 12 h (one long shift). */
  absoluteLifetimeMs: number;
  /** Sessions one user may hold at once (SR 2.7); a new login ends the oldest beyond it. Default 3. */
  maxPerUser: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleTimeoutMs: 15 * 60_000,
  absoluteLifetimeMs: 12 * 3_600_000,
  maxPerUser: 3,
};

export type SessionEndReason =
  'logout' | 'expired' | 'terminated' | 'session-limit' | 'user-changed' | 'shutdown';

/** What the gateway knows of a session; never the secrets themselves. */
export interface Session {
  /** A non-secret handle for audit records and admin listings (not a credential). */
  readonly ref: string;
  readonly username: string;
  readonly role: Role;
  /** The source address at login. */
  readonly source: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly expiresAt: number;
  lastActivity: number;
  /**
   * Only MFA enrolment is open to this session (an engineer or admin without MFA under
   * `--production`); confirming the enrolment lifts it.
   */
  enrolmentOnly: boolean;
}

export interface IssuedSession {
  session: Session;
  /** The HttpOnly cookie's value. */
  cookieSecret: string;
  /** The bearer token for API clients (`Authorization: Bearer <token>`). */
  token: string;
  /** Sessions of the same user ended to keep within `maxPerUser`. */
  evicted: Session[];
}

export interface ResolvedSession {
  session: Session;
  /** Idle for longer than the idle timeout: reads still work, commands need a new login. */
  locked: boolean;
}

export type SessionEndListener = (session: Session, reason: SessionEndReason) => void;

const digest = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const newSecret = (): string => randomBytes(32).toString('base64url');

/** Activity is written to the store at most this often per session (the idle lock errs early, never late). */
const TOUCH_WRITE_MS = 1000;

/**
 * Only SHA-256 digests of the secrets are kept, so the lookup table holds nothing a memory dump could
 * replay. Every login issues new secrets (no fixation). With a `store` (`state.sqlite`) each session
 * (digests, user, role, source, times) is recorded and restored at the next start, where the idle and
 * absolute limits apply from the recorded times; without one a restart ends them all.
 */
export class SessionManager {
  readonly policy: SessionPolicy;
  private readonly clock: Clock;
  private readonly byDigest = new Map<string, { session: Session; kind: Credential['kind'] }>();
  private readonly digestsOf = new Map<Session, string[]>();
  private listeners: readonly SessionEndListener[] = [];
  private readonly store: SessionStore | undefined;
  private readonly written = new WeakMap<Session, number>();

  constructor(clock: Clock, policy: Partial<SessionPolicy> = {}, store?: SessionStore) {
    this.clock = clock;
    this.policy = { ...DEFAULT_SESSION_POLICY, ...policy };
    const p = this.policy;
    if (!(p.idleTimeoutMs > 0 && p.absoluteLifetimeMs > 0 && p.maxPerUser >= 1))
      throw new RangeError('session policy: timeouts must be > 0 and maxPerUser >= 1');
    this.store = store;
    if (store) this.restore(store);
  }

  /** The recorded sessions still within their absolute lifetime; the others are deleted. */
  private restore(store: SessionStore): void {
    const now = this.clock.now();
    for (const r of store.all()) {
      if (now >= r.expiresAt || !isRole(r.role)) {
        store.delete(r.ref);
        continue;
      }
      const session: Session = {
        ref: r.ref,
        username: r.username,
        role: r.role,
        source: r.source,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt,
        lastActivity: r.lastActivity,
        enrolmentOnly: r.enrolmentOnly,
      };
      this.byDigest.set(r.cookieDigest, { session, kind: 'cookie' });
      this.byDigest.set(r.tokenDigest, { session, kind: 'bearer' });
      this.digestsOf.set(session, [r.cookieDigest, r.tokenDigest]);
      this.written.set(session, r.lastActivity);
    }
  }

  /** Starts a session for a user who just authenticated. */
  create(
    user: { username: string; role: Role },
    source: string,
    options: { enrolmentOnly?: boolean } = {},
  ): IssuedSession {
    const now = this.clock.now();
    const session: Session = {
      ref: randomBytes(12).toString('base64url'),
      username: user.username,
      role: user.role,
      source,
      createdAt: now,
      expiresAt: now + this.policy.absoluteLifetimeMs,
      lastActivity: now,
      enrolmentOnly: options.enrolmentOnly ?? false,
    };
    const cookieSecret = newSecret();
    const token = newSecret();
    const digests = [digest(cookieSecret), digest(token)];
    this.byDigest.set(digests[0]!, { session, kind: 'cookie' });
    this.byDigest.set(digests[1]!, { session, kind: 'bearer' });
    this.digestsOf.set(session, digests);
    this.store?.put({ ...session, cookieDigest: digests[0]!, tokenDigest: digests[1]! });
    this.written.set(session, now);

    const evicted: Session[] = [];
    const mine = this.list(user.username).sort((a, b) => a.createdAt - b.createdAt);
    while (mine.length > this.policy.maxPerUser) {
      const oldest = mine.shift()!;
      this.end(oldest, 'session-limit');
      evicted.push(oldest);
    }
    return { session, cookieSecret, token, evicted };
  }

  /**
   * The live session a credential belongs to: the cookie secret only as a cookie, the token only as a
   * bearer token. An expired session ends here.
   */
  resolve(credential: Credential): ResolvedSession | null {
    const { secret, kind } = credential;
    if (secret.length === 0 || secret.length > 128) return null;
    const entry = this.byDigest.get(digest(secret));
    if (!entry || entry.kind !== kind) return null;
    const { session } = entry;
    const now = this.clock.now();
    if (now >= session.expiresAt) {
      this.end(session, 'expired');
      return null;
    }
    return { session, locked: now - session.lastActivity > this.policy.idleTimeoutMs };
  }

  /** Records activity (an authenticated request); a locked session stays locked. */
  touch(session: Session): void {
    const now = this.clock.now();
    if (now - session.lastActivity <= this.policy.idleTimeoutMs && now > session.lastActivity) {
      session.lastActivity = now;
      if (this.store && now - (this.written.get(session) ?? 0) >= TOUCH_WRITE_MS) {
        this.written.set(session, now);
        this.store.touch(session.ref, now);
      }
    }
  }

  /** Epoch ms when the session locks if idle from now on. */
  idleDeadline(session: Session): number {
    return session.lastActivity + this.policy.idleTimeoutMs;
  }

  /** Ends one session (logout, admin termination...). Answers whether it was live. */
  end(session: Session, reason: SessionEndReason): boolean {
    const digests = this.digestsOf.get(session);
    if (!digests) return false;
    for (const d of digests) this.byDigest.delete(d);
    this.digestsOf.delete(session);
    try {
      this.store?.delete(session.ref);
    } catch {
      // The store is closed (a stop): the session is ended in memory all the same.
    }
    for (const l of this.listeners) {
      try {
        l(session, reason);
      } catch {
        // A listener (socket clean-up, audit) must not keep the session alive.
      }
    }
    return true;
  }

  /** Ends every session of a user (remote termination, disable, role change). Answers how many. */
  endUser(username: string, reason: SessionEndReason): number {
    let n = 0;
    for (const s of this.list(username)) if (this.end(s, reason)) n++;
    return n;
  }

  /** Ends the sessions past their absolute lifetime; answers how many (call it on a timer). */
  sweep(): number {
    const now = this.clock.now();
    let n = 0;
    for (const s of [...this.digestsOf.keys()])
      if (now >= s.expiresAt && this.end(s, 'expired')) n++;
    return n;
  }

  /** The live sessions (of one user). */
  list(username?: string): Session[] {
    const all = [...this.digestsOf.keys()];
    return username === undefined ? all : all.filter((s) => s.username === username);
  }

  findByRef(ref: string): Session | undefined {
    return this.list().find((s) => s.ref === ref);
  }

  onEnd(listener: SessionEndListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}
