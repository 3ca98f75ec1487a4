// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me, POST /api/auth/password: sessions for the HMI (cookie) and API clients (token).
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import type { RateLimitSetting } from '../http/rate-limit.js';
import { fieldsAsSent } from '../http/request-guards.js';
import { clearedSessionCookie } from './credentials.js';
import { checkCredentials } from './credential-check.js';
import { HashGateBusyError } from './hash-gate.js';
import { issueSession } from './session-issue.js';
import { UserStoreError } from './user-store.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export async function authRoutes(
  app: FastifyInstance,
  opts: { rateLimit: RateLimitSetting },
): Promise<void> {
  const { users, sessions, audit } = app.security;
  const cookieOptions = { secure: app.security.secureCookies };

  defineRoute(app, API_ROUTES.login, {
    config: { rateLimit: { max: opts.rateLimit.max, timeWindow: opts.rateLimit.timeWindowMs } },
    preValidation: fieldsAsSent({ username: 'string', password: 'string' }),
    handler: async (request, reply) => {
      const { username, password } = request.body;
      const source = request.ip;
      const user = await checkCredentials(app, {
        username,
        password,
        source,
        reply,
        actions: { refused: 'login-throttled', failed: 'login-failed' },
      });
      if (!user) throw new ApiError('UNAUTHORIZED', 'invalid user name or password');
      if (users.mfa.enabled(user.username)) {
        // The password was right: a challenge for the code step, no session yet. The attempt stays
        // counted by the throttle until the code is right too.
        const { challenge, expiresAt } = app.security.mfaChallenges.issue(user.username, source);
        audit.record({
          category: 'auth',
          action: 'login-mfa-challenge',
          outcome: 'pending',
          user: user.username,
          source,
          target: user.username,
        });
        reply.header('cache-control', 'no-store');
        return { mfaRequired: true, challenge, expiresAt: iso(expiresAt) };
      }
      app.security.throttle.succeeded(user.username, source, app.security.clock.now());
      return issueSession(app, request, reply, user);
    },
  });

  defineRoute(app, API_ROUTES.logout, {
    handler: async (request, reply) => {
      const found = app.security.sessionOf(request.headers);
      if (!found) throw new ApiError('UNAUTHORIZED', 'authentication required');
      sessions.end(found.session, 'logout');
      audit.record({
        category: 'auth',
        action: 'logout',
        outcome: 'success',
        user: found.session.username,
        source: request.ip,
        target: found.session.username,
        details: { session: found.session.ref },
      });
      reply.header('set-cookie', clearedSessionCookie(cookieOptions));
      return { loggedOut: true };
    },
  });

  defineRoute(app, API_ROUTES.me, {
    handler: async (request) => {
      const found = app.security.sessionOf(request.headers);
      if (!found) throw new ApiError('UNAUTHORIZED', 'authentication required');
      const s = found.session;
      return {
        user: { username: s.username, role: s.role },
        expiresAt: iso(s.expiresAt),
        idleExpiresAt: iso(sessions.idleDeadline(s)),
        locked: found.locked,
        ...(s.enrolmentOnly ? { mfaEnrolmentRequired: true } : {}),
      };
    },
  });

  defineRoute(app, API_ROUTES.passwordChange, {
    config: { rateLimit: { max: opts.rateLimit.max, timeWindow: opts.rateLimit.timeWindowMs } },
    preValidation: fieldsAsSent({ currentPassword: 'string', newPassword: 'string' }),
    handler: async (request, reply) => {
      const found = app.security.sessionOf(request.headers);
      if (!found) throw new ApiError('UNAUTHORIZED', 'authentication required');
      const { username } = found.session;
      const source = request.ip;
      const record = (outcome: 'success' | 'failure' | 'refused', reason?: string) =>
        audit.record({
          category: 'user',
          action: 'password-change',
          outcome,
          user: username,
          source,
          target: username,
          ...(reason !== undefined ? { reason } : {}),
          ...(outcome === 'success' ? { newValue: { password: 'changed' } } : {}),
        });
      const { currentPassword, newPassword } = request.body;
      const user = await checkCredentials(app, {
        username,
        password: currentPassword,
        source,
        reply,
        actions: { refused: 'password-change-throttled', failed: 'password-change-failed' },
      });
      if (user) app.security.throttle.succeeded(username, source, app.security.clock.now());
      // 400, not 401: the session is still good, only the current password given is wrong.
      if (!user) throw new ApiError('BAD_REQUEST', 'the current password is wrong');
      try {
        await app.security.hashGate.run(() => users.setPassword(username, newPassword), true);
      } catch (err) {
        if (err instanceof HashGateBusyError) {
          reply.header('retry-after', '1');
          throw new ApiError('RATE_LIMITED', `${err.message}: retry in 1 s`, 429);
        }
        if (!(err instanceof UserStoreError)) throw err;
        record('refused', err.message);
        throw new ApiError('BAD_REQUEST', err.message);
      }
      // Other sessions of the user end (someone who knew the old password may hold one).
      for (const s of sessions.list(username))
        if (s !== found.session) sessions.end(s, 'user-changed');
      record('success');
      return { changed: true };
    },
  });
}
