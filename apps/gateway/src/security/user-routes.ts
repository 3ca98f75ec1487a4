// Admin user routes: list, add, change (role, disabled, password) and end a user's sessions; every change audited.
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import type { RateLimitSetting } from '../http/rate-limit.js';
import { fieldsAsSent } from '../http/request-guards.js';
import { UserStoreError, type User } from './user-store.js';

function apiErrorOf(err: unknown): unknown {
  if (!(err instanceof UserStoreError)) return err;
  switch (err.code) {
    case 'UNKNOWN':
      return new ApiError('NOT_FOUND', err.message);
    case 'EXISTS':
    case 'LAST_ADMIN':
      return new ApiError('CONFLICT', err.message);
    default:
      return new ApiError('BAD_REQUEST', err.message);
  }
}

export async function userRoutes(
  app: FastifyInstance,
  opts: { rateLimit: RateLimitSetting },
): Promise<void> {
  const { users, sessions, audit, throttle, clock } = app.security;
  const rateLimit = { max: opts.rateLimit.max, timeWindow: opts.rateLimit.timeWindowMs };
  const withSessions = (u: User) => ({
    ...u,
    sessions: sessions.list(u.username).length,
    mfa: users.mfa.enabled(u.username),
  });
  const adminOf = (request: FastifyRequest) => app.security.sessionOf(request.headers)?.session;
  const record = (
    request: FastifyRequest,
    action: string,
    outcome: 'success' | 'refused',
    target: string,
    extra: { oldValue?: unknown; newValue?: unknown; reason?: string } = {},
  ) =>
    audit.record({
      category: 'user',
      action,
      outcome,
      user: adminOf(request)?.username ?? request.user?.username ?? null,
      source: request.ip,
      target,
      ...extra,
    });

  defineRoute(app, API_ROUTES.users, {
    config: { rateLimit },
    handler: async () => users.list().map(withSessions),
  });

  defineRoute(app, API_ROUTES.userAdd, {
    config: { rateLimit },
    preValidation: fieldsAsSent({ username: 'string', password: 'string', role: 'string' }),
    handler: async (request, reply) => {
      const { username, password, role } = request.body;
      try {
        const user = await users.add(username, password, role);
        record(request, 'user-add', 'success', username, { newValue: { role } });
        reply.code(201);
        return withSessions(user);
      } catch (err) {
        if (err instanceof UserStoreError)
          record(request, 'user-add', 'refused', username, { reason: err.message });
        throw apiErrorOf(err);
      }
    },
  });

  defineRoute(app, API_ROUTES.userChange, {
    config: { rateLimit },
    preValidation: fieldsAsSent({ role: 'string', disabled: 'boolean', password: 'string' }),
    handler: async (request) => {
      const { name } = request.params;
      const change = request.body;
      const before = users.get(name);
      if (!before) {
        record(request, 'user-change', 'refused', name, { reason: 'unknown user' });
        throw new ApiError('NOT_FOUND', `unknown user ${name}`);
      }
      const changed: string[] = [];
      try {
        if (change.role !== undefined && change.role !== before.role) {
          users.setRole(name, change.role);
          changed.push('role');
        }
        if (change.disabled !== undefined && change.disabled !== before.disabled) {
          users.setDisabled(name, change.disabled);
          changed.push('disabled');
        }
        if (change.password !== undefined) {
          await users.setPassword(name, change.password);
          changed.push('password');
        }
      } catch (err) {
        if (err instanceof UserStoreError)
          record(request, 'user-change', 'refused', name, { reason: err.message });
        throw apiErrorOf(err);
      }
      const after = users.get(name)!;
      if (changed.length > 0) {
        // New rights (or none) take effect at once: the user's sessions end. An admin changing only
        // their own password keeps the session they did it from.
        const own =
          changed.includes('role') || changed.includes('disabled') ? null : adminOf(request);
        for (const s of sessions.list(name)) if (s !== own) sessions.end(s, 'user-changed');
        record(request, 'user-change', 'success', name, {
          oldValue: { role: before.role, disabled: before.disabled },
          newValue: {
            role: after.role,
            disabled: after.disabled,
            ...(changed.includes('password') ? { password: 'changed' } : {}),
          },
        });
      }
      return withSessions(after);
    },
  });

  defineRoute(app, API_ROUTES.userSessionsEnd, {
    config: { rateLimit },
    handler: async (request) => {
      const { name } = request.params;
      if (!users.get(name)) throw new ApiError('NOT_FOUND', `unknown user ${name}`);
      const ended = sessions.endUser(name, 'terminated');
      record(request, 'sessions-terminate', 'success', name, { newValue: { ended } });
      return { ended };
    },
  });

  defineRoute(app, API_ROUTES.userUnlock, {
    config: { rateLimit },
    handler: async (request) => {
      const { name } = request.params;
      // Also for names that do not exist: a guesser's failures are kept under any name.
      const cleared = throttle.unlock(name);
      record(request, 'user-unlock', 'success', name, { newValue: { cleared } });
      return { username: name, cleared };
    },
  });

  defineRoute(app, API_ROUTES.lockouts, {
    config: { rateLimit },
    handler: async () =>
      throttle.lockouts(clock.now()).map((l) => ({
        scope: l.scope,
        ...(l.username !== undefined ? { username: l.username } : {}),
        address: l.address!,
        until: new Date(l.until).toISOString(),
      })),
  });
}
