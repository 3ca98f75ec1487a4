// The security plugin: decorates `app.security` (users, sessions, throttle), sweeps sessions, serves the auth and user routes.
import rateLimit from '@fastify/rate-limit';
import { roleAtLeast, type Role } from '@zld/api';
import type { Clock } from '@zld/tags';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuditSink } from '../audit/audit-store.js';
import { rateLimitError, type RateLimitSetting } from '../http/rate-limit.js';
import { authRoutes } from './auth-routes.js';
import { sessionOf } from './authorizer.js';
import { HashGate } from './hash-gate.js';
import type { Lockout, LoginThrottle } from './login-throttle.js';
import { MfaChallenges, type ChallengePolicy } from './mfa-challenges.js';
import { mfaRoutes } from './mfa-routes.js';
import type { ResolvedSession, SessionManager } from './session-manager.js';
import { userRoutes } from './user-routes.js';
import type { UserStore } from './user-store.js';

export interface SecurityPluginOptions {
  users: UserStore;
  sessions: SessionManager;
  throttle: LoginThrottle;
  /** Bounded password checks (default: `new HashGate()`). */
  hashGate?: HashGate;
  /** A lock-out began (after its audit record): e.g. raise an alarm. */
  onLockout?: (lockout: Lockout) => void;
  audit: AuditSink;
  clock: Clock;
  /** Cookies marked Secure: with TLS, or behind a TLS-terminating reverse proxy. */
  secureCookies: boolean;
  /** Per source address (default 20 logins a minute; user routes 60 a minute). */
  rateLimits?: { login?: RateLimitSetting; users?: RateLimitSetting };
  /** How often sessions past their lifetime are ended (default 60 s). */
  sweepIntervalMs?: number;
  /** Engineers and admins must use MFA (`--production`): without it their session is open to enrolment only. */
  requireMfa?: boolean;
  /** The login's code step: challenge lifetime and tries (default 5 min, 3). */
  mfaChallengePolicy?: Partial<ChallengePolicy>;
}

export interface SecurityContext {
  readonly users: UserStore;
  readonly sessions: SessionManager;
  readonly throttle: LoginThrottle;
  readonly hashGate: HashGate;
  readonly onLockout: ((lockout: Lockout) => void) | undefined;
  readonly audit: AuditSink;
  readonly clock: Clock;
  readonly secureCookies: boolean;
  /** Challenges between a login's password step and its code step. */
  readonly mfaChallenges: MfaChallenges;
  /** Whether a role must use MFA (engineer and admin under `--production`). */
  mfaRequiredFor(role: Role): boolean;
  /** The live session of a request (cookie or bearer), or null. */
  sessionOf(headers: IncomingHttpHeaders): ResolvedSession | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    security: SecurityContext;
  }
}

async function registerSecurity(app: FastifyInstance, opts: SecurityPluginOptions): Promise<void> {
  const { users, sessions, throttle, audit, clock } = opts;
  const context: SecurityContext = {
    users,
    sessions,
    throttle,
    hashGate: opts.hashGate ?? new HashGate(),
    onLockout: opts.onLockout,
    audit,
    clock,
    secureCookies: opts.secureCookies,
    mfaChallenges: new MfaChallenges(clock, opts.mfaChallengePolicy),
    mfaRequiredFor: (role) => opts.requireMfa === true && roleAtLeast(role, 'engineer'),
    sessionOf: (headers) => sessionOf(sessions, headers),
  };
  app.decorate('security', context);

  // Ends other than a logout (which its route records) go to the audit trail here.
  const stopListening = sessions.onEnd((s, reason) => {
    if (reason === 'logout') return;
    audit.record({
      category: 'auth',
      action: 'session-end',
      outcome: 'success',
      user: s.username,
      source: s.source,
      target: s.username,
      reason,
      details: { session: s.ref },
    });
  });
  const sweep = setInterval(() => sessions.sweep(), opts.sweepIntervalMs ?? 60_000);
  sweep.unref();
  // The stores are closed by whoever opened them; the sweep and the listener are this plugin's own.
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    stopListening();
  });

  const limits = {
    login: opts.rateLimits?.login ?? { max: 20, timeWindowMs: 60_000 },
    users: opts.rateLimits?.users ?? { max: 60, timeWindowMs: 60_000 },
  };
  // Encapsulated, so the limiter only sees these routes; the access hook above still applies.
  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false, errorResponseBuilder: rateLimitError });
    await scope.register(authRoutes, { rateLimit: limits.login });
    await scope.register(mfaRoutes, { rateLimit: limits.login });
    await scope.register(userRoutes, { rateLimit: limits.users });
  });
}

export const securityPlugin = fp(registerSecurity, {
  name: 'zld-security',
  fastify: '5.x',
  dependencies: ['zld-access', 'zld-security-headers'],
});
