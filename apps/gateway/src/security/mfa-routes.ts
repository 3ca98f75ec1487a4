// MFA routes: the login's code step, the user's own enrolment (QR code), recovery codes and turning it off, the admin reset; all audited.
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import type { RateLimitSetting } from '../http/rate-limit.js';
import { fieldsAsSent } from '../http/request-guards.js';
import { recordLockout } from './credential-check.js';
import type { MfaFactor } from './mfa-store.js';
import { issueSession } from './session-issue.js';

type Outcome = 'success' | 'failure' | 'refused' | 'pending';

export async function mfaRoutes(
  app: FastifyInstance,
  opts: { rateLimit: RateLimitSetting },
): Promise<void> {
  const { users, sessions, audit, throttle, clock, mfaChallenges } = app.security;
  const config = {
    rateLimit: { max: opts.rateLimit.max, timeWindow: opts.rateLimit.timeWindowMs },
  };
  const codeAsSent = fieldsAsSent({ code: 'string' });
  const record = (
    action: string,
    outcome: Outcome,
    request: FastifyRequest,
    target: string,
    extra: { user?: string; reason?: string; details?: Record<string, unknown> } = {},
  ) =>
    audit.record({
      category: 'auth',
      action,
      outcome,
      user: extra.user ?? target,
      source: request.ip,
      target,
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
      ...(extra.details ? { details: extra.details } : {}),
    });
  const signedIn = (request: FastifyRequest) => {
    const found = app.security.sessionOf(request.headers);
    if (!found) throw new ApiError('UNAUTHORIZED', 'authentication required');
    return found.session;
  };

  /**
   * One code attempt, counted by the login throttle like a password (429 while it refuses): the
   * factor given, or null (audited as `mfa-code-failed`, with any lock-out it began).
   */
  const checkCode = (
    request: FastifyRequest,
    reply: FastifyReply,
    username: string,
    verify: () => MfaFactor | null,
  ): MfaFactor | null => {
    const source = request.ip;
    const attempt = throttle.attempt(username, source, clock.now());
    if (!attempt.allowed) {
      const seconds = Math.ceil(attempt.retryAfterMs / 1000);
      record('mfa-throttled', 'refused', request, username, {
        reason: `${attempt.reason} by ${attempt.scope}, retry in ${seconds} s`,
      });
      reply.header('retry-after', String(seconds));
      throw new ApiError('RATE_LIMITED', `too many failed attempts: retry in ${seconds} s`, 429);
    }
    const factor = verify();
    if (!factor) {
      record('mfa-code-failed', 'failure', request, username, {
        reason: 'wrong, expired or already used code',
      });
      for (const scope of attempt.locks) recordLockout(app, username, source, scope);
      return null;
    }
    throttle.succeeded(username, source, clock.now());
    if (factor === 'recovery')
      record('mfa-recovery-used', 'success', request, username, {
        details: { recoveryCodesLeft: users.mfa.status(username).recoveryCodesLeft },
      });
    return factor;
  };

  defineRoute(app, API_ROUTES.mfaLogin, {
    config,
    preValidation: fieldsAsSent({ challenge: 'string', code: 'string' }),
    handler: async (request, reply) => {
      const { challenge, code } = request.body;
      const found = mfaChallenges.find(challenge, request.ip);
      if (!found)
        throw new ApiError('UNAUTHORIZED', 'the MFA challenge is unknown or expired: log in again');
      const user = users.get(found.username);
      if (!user || user.disabled) {
        mfaChallenges.spend(challenge);
        throw new ApiError('UNAUTHORIZED', 'invalid user name or password');
      }
      const factor = checkCode(request, reply, user.username, () =>
        users.mfa.verify(user.username, code),
      );
      if (!factor) {
        const left = mfaChallenges.failed(challenge);
        throw new ApiError(
          'UNAUTHORIZED',
          left > 0
            ? `wrong code: ${left} ${left === 1 ? 'try' : 'tries'} left`
            : 'wrong code: log in again',
        );
      }
      mfaChallenges.spend(challenge);
      return issueSession(app, request, reply, user, { mfa: factor });
    },
  });

  defineRoute(app, API_ROUTES.mfaStatus, {
    handler: async (request) => {
      const s = signedIn(request);
      return { ...users.mfa.status(s.username), required: app.security.mfaRequiredFor(s.role) };
    },
  });

  defineRoute(app, API_ROUTES.mfaEnrol, {
    config,
    handler: async (request, reply) => {
      const s = signedIn(request);
      const started = users.mfa.startEnrolment(s.username);
      if (!started)
        throw new ApiError('CONFLICT', 'MFA is on: turn it off (or have an admin reset it) first');
      // The secret is answered this once and never recorded.
      record('mfa-enrol', 'pending', request, s.username);
      const svg = await QRCode.toString(started.uri, { type: 'svg', margin: 2 });
      reply.header('cache-control', 'no-store');
      return {
        secret: started.secret,
        otpauthUrl: started.uri,
        qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      };
    },
  });

  defineRoute(app, API_ROUTES.mfaConfirm, {
    config,
    preValidation: codeAsSent,
    handler: async (request, reply) => {
      const s = signedIn(request);
      if (!users.mfa.status(s.username).pending)
        throw new ApiError('CONFLICT', 'no MFA enrolment is pending: start one first');
      let codes: string[] | null = null;
      const ok = checkCode(request, reply, s.username, () => {
        codes = users.mfa.confirm(s.username, request.body.code);
        return codes ? 'totp' : null;
      });
      if (!ok || !codes) {
        record('mfa-confirm', 'failure', request, s.username, { reason: 'wrong code' });
        throw new ApiError('BAD_REQUEST', 'wrong code: check the clock of the authenticator');
      }
      // MFA is on: sessions that were open to enrolment only become full sessions.
      for (const mine of sessions.list(s.username)) mine.enrolmentOnly = false;
      record('mfa-confirm', 'success', request, s.username);
      reply.header('cache-control', 'no-store');
      return { enabled: true, recoveryCodes: codes };
    },
  });

  defineRoute(app, API_ROUTES.mfaRecoveryCodes, {
    config,
    preValidation: codeAsSent,
    handler: async (request, reply) => {
      const s = signedIn(request);
      if (!users.mfa.enabled(s.username)) throw new ApiError('CONFLICT', 'MFA is off');
      const ok = checkCode(request, reply, s.username, () =>
        users.mfa.verifyTotp(s.username, request.body.code) ? 'totp' : null,
      );
      if (!ok) throw new ApiError('BAD_REQUEST', 'wrong code');
      const codes = users.mfa.regenerateRecoveryCodes(s.username) ?? [];
      record('mfa-recovery-regenerate', 'success', request, s.username);
      reply.header('cache-control', 'no-store');
      return { enabled: true, recoveryCodes: codes };
    },
  });

  defineRoute(app, API_ROUTES.mfaDisable, {
    config,
    preValidation: codeAsSent,
    handler: async (request, reply) => {
      const s = signedIn(request);
      if (app.security.mfaRequiredFor(s.role))
        throw new ApiError('CONFLICT', `MFA is required for the ${s.role} role in production`);
      if (!users.mfa.enabled(s.username)) throw new ApiError('CONFLICT', 'MFA is off');
      const ok = checkCode(request, reply, s.username, () =>
        users.mfa.verifyTotp(s.username, request.body.code) ? 'totp' : null,
      );
      if (!ok) throw new ApiError('BAD_REQUEST', 'wrong code');
      users.mfa.disable(s.username);
      record('mfa-disable', 'success', request, s.username);
      return { username: s.username, enabled: false };
    },
  });

  defineRoute(app, API_ROUTES.userMfaReset, {
    config,
    handler: async (request) => {
      const admin = signedIn(request);
      const { name } = request.params;
      if (!users.get(name)) throw new ApiError('NOT_FOUND', `unknown user ${name}`);
      const was = users.mfa.disable(name);
      // Whoever held the lost authenticator may hold a session too: the user's sessions end.
      const ended = sessions.endUser(name, 'user-changed');
      audit.record({
        category: 'user',
        action: 'mfa-reset',
        outcome: 'success',
        user: admin.username,
        source: request.ip,
        target: name,
        oldValue: { mfa: was ? 'on or pending' : 'off' },
        newValue: { mfa: 'off' },
        details: { sessionsEnded: ended },
      });
      return { username: name, enabled: false };
    },
  });
}
