// authorize(subject, access): the gateway hook's decision from the session: 401 without one, 403 for too low a role.
import { API_ROUTES, roleAtLeast, type Access } from '@zld/api';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthDecision, AuthSubject } from '../http/access-plugin.js';
import { credentialOf } from './credentials.js';
import { DEFAULT_ORIGIN_POLICY, originAllowed, type OriginPolicy } from './origin-policy.js';
import type { ResolvedSession, SessionManager } from './session-manager.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a session open to MFA enrolment only may use (besides routes open to anyone). */
const ENROLMENT_ROUTES = new Set(
  [
    API_ROUTES.me,
    API_ROUTES.logout,
    API_ROUTES.passwordChange,
    API_ROUTES.mfaStatus,
    API_ROUTES.mfaEnrol,
    API_ROUTES.mfaConfirm,
  ].map((r) => `${r.method} ${r.path}`),
);

const pathOnly = (url: string): string => url.split('?', 1)[0] ?? url;

export function isLoopback(ip: string): boolean {
  return ip === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/** The live session behind a request's cookie or bearer token, or null. */
export function sessionOf(
  sessions: SessionManager,
  headers: IncomingHttpHeaders,
): ResolvedSession | null {
  const cred = credentialOf(headers);
  return cred ? sessions.resolve(cred) : null;
}

/**
 * A browser request that changes something with the session cookie must come from the gateway's own
 * origin or an allowed one (defence in depth on top of SameSite=Strict): another Origin or
 * `Sec-Fetch-Site: cross-site` is refused. `X-Forwarded-Host` counts only behind a trusted proxy.
 */
function crossSite(headers: IncomingHttpHeaders, policy: OriginPolicy): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = headers.origin;
  if (typeof origin !== 'string') return false;
  return !originAllowed(origin, headers, policy);
}

/**
 * Decides a request's access:
 * - `anyone`: allowed; the user is identified when a session is presented.
 * - `loopback-or-token`: allowed from the gateway's own host or with a live session.
 * - a role: 401 without a live session; 401 when the session is locked by inactivity and the route
 *   needs more than `viewer` (reads keep working so the alarm banner stays visible, SR 1.1 / 2.5);
 *   403 when the user's role is below it, or when the session is open to MFA enrolment only and the
 *   route is not one of the enrolment routes. An allowed request counts as activity, except on a locked
 *   session.
 */
export function createAuthorizer(
  sessions: SessionManager,
  origins: OriginPolicy = DEFAULT_ORIGIN_POLICY,
): (subject: AuthSubject, access: Access) => AuthDecision {
  return (subject: AuthSubject, access: Access): AuthDecision => {
    const cred = credentialOf(subject.headers);
    const found = cred ? sessions.resolve(cred) : null;
    const user = found && { username: found.session.username, role: found.session.role };
    if (access === 'anyone') return { allow: true, user };
    if (access === 'loopback-or-token') {
      if ((found && !found.session.enrolmentOnly) || isLoopback(subject.ip))
        return { allow: true, user };
      return { allow: false, status: 401, message: 'a session or a loopback address is required' };
    }
    if (!found || !user) return { allow: false, status: 401, message: 'authentication required' };
    if (found.locked && access !== 'viewer')
      return {
        allow: false,
        status: 401,
        message: 'session locked after inactivity: log in again',
      };
    if (!roleAtLeast(user.role, access))
      return { allow: false, status: 403, message: `needs the ${access} role` };
    if (
      found.session.enrolmentOnly &&
      !ENROLMENT_ROUTES.has(`${subject.method} ${pathOnly(subject.url)}`)
    )
      return {
        allow: false,
        status: 403,
        message: 'MFA enrolment required: set up two-factor authentication first',
      };
    if (
      cred?.kind === 'cookie' &&
      !SAFE_METHODS.has(subject.method) &&
      crossSite(subject.headers, origins)
    )
      return { allow: false, status: 403, message: 'cross-site request refused' };
    if (!found.locked) sessions.touch(found.session);
    return { allow: true, user };
  };
}
