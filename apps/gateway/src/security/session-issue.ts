// Issues a session after a login (password, and the code where MFA is on): cookie, token, audit; enrolment-only where MFA is required but off.
import type { LoginDto } from '@zld/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookie } from './credentials.js';
import type { User } from './user-store.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Ends the session the client came with (a new id every login), starts one for the user and answers
 * it. Under `--production` an engineer or admin without MFA gets a session open to MFA enrolment only.
 */
export function issueSession(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  user: User,
  details: Record<string, unknown> = {},
): LoginDto {
  const { sessions, audit, users } = app.security;
  const source = request.ip;
  const prior = app.security.sessionOf(request.headers);
  if (prior) sessions.end(prior.session, 'logout');
  const enrolmentOnly = app.security.mfaRequiredFor(user.role) && !users.mfa.enabled(user.username);
  const issued = sessions.create(user, source, { enrolmentOnly });
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
      ...details,
      ...(enrolmentOnly ? { mfaEnrolmentRequired: true } : {}),
      ...(issued.evicted.length > 0 ? { endedForLimit: issued.evicted.map((s) => s.ref) } : {}),
    },
  });
  reply.header(
    'set-cookie',
    sessionCookie(issued.cookieSecret, sessions.policy.absoluteLifetimeMs, {
      secure: app.security.secureCookies,
    }),
  );
  reply.header('cache-control', 'no-store');
  return {
    token: issued.token,
    user: { username: user.username, role: user.role },
    expiresAt: iso(issued.session.expiresAt),
    ...(enrolmentOnly ? { mfaEnrolmentRequired: true } : {}),
  };
}
