// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me: sessions for the HMI (cookie) and API clients (token).
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import type { RateLimitSetting } from '../http/rate-limit.js';
import { fieldsAsSent } from '../http/request-guards.js';
import { clearedSessionCookie, sessionCookie } from './credentials.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export async function authRoutes(
  app: FastifyInstance,
  opts: { rateLimit: RateLimitSetting },
): Promise<void> {
  const { users, sessions, throttle, audit, clock } = app.security;
  const cookieOptions = { secure: app.security.secureCookies };

  defineRoute(app, API_ROUTES.login, {
    config: { rateLimit: { max: opts.rateLimit.max, timeWindow: opts.rateLimit.timeWindowMs } },
    preValidation: fieldsAsSent({ username: 'string', password: 'string' }),
    handler: async (request, reply) => {
      const { username, password } = request.body;
      const source = request.ip;
      const attempt = throttle.attempt(username, source, clock.now());
      if (!attempt.allowed) {
        const seconds = Math.ceil(attempt.retryAfterMs / 1000);
        audit.record({
          category: 'auth',
          action: 'login-throttled',
          outcome: 'refused',
          user: username,
          source,
          target: username,
          reason: `${attempt.reason} by ${attempt.scope}, retry in ${seconds} s`,
        });
        reply.header('retry-after', String(seconds));
        throw new ApiError(
          'RATE_LIMITED',
          attempt.reason === 'locked'
            ? `too many failed logins: locked out, retry in ${seconds} s`
            : `too many failed logins: retry in ${seconds} s`,
          429,
        );
      }
      const user = await users.authenticate(username, password);
      if (!user) {
        audit.record({
          category: 'auth',
          action: 'login-failed',
          outcome: 'failure',
          user: username,
          source,
          target: username,
          reason: 'invalid user name or password, or account disabled',
        });
        throw new ApiError('UNAUTHORIZED', 'invalid user name or password');
      }
      throttle.succeeded(username, source);
      // A login replaces the session the client came with: a new id every time.
      const prior = app.security.sessionOf(request.headers);
      if (prior) sessions.end(prior.session, 'logout');
      const issued = sessions.create(user, source);
      audit.record({
        category: 'auth',
        action: 'login',
        outcome: 'success',
        user: user.username,
        source,
        target: user.username,
        details: {
          session: issued.session.ref,
          role: user.role,
          ...(issued.evicted.length > 0 ? { endedForLimit: issued.evicted.map((s) => s.ref) } : {}),
        },
      });
      reply.header(
        'set-cookie',
        sessionCookie(issued.cookieSecret, sessions.policy.absoluteLifetimeMs, cookieOptions),
      );
      reply.header('cache-control', 'no-store');
      return {
        token: issued.token,
        user: { username: user.username, role: user.role },
        expiresAt: iso(issued.session.expiresAt),
      };
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
      };
    },
  });
}
