// Where a request carries its session: the HttpOnly cookie or `Authorization: Bearer`; the cookie's attributes.
import { SESSION_COOKIE } from '@zld/api';
import type { IncomingHttpHeaders } from 'node:http';

export interface Credential {
  kind: 'cookie' | 'bearer';
  secret: string;
}

const SECRET = /^[A-Za-z0-9_-]{16,128}$/;
const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/** Whether a string has the shape of a session secret (base64url, 16-128 characters). */
export const isSessionSecret = (s: string): boolean => SECRET.test(s);

/**
 * The session secret of a request. A bearer token wins over the cookie (API clients); a malformed
 * Authorization header yields none rather than falling back to the cookie.
 */
export function credentialOf(headers: IncomingHttpHeaders): Credential | null {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.length > 0) {
    const m = BEARER.exec(auth);
    return m ? { kind: 'bearer', secret: m[1]! } : null;
  }
  const cookie = headers.cookie;
  if (typeof cookie !== 'string' || cookie.length === 0 || cookie.length > 8192) return null;
  const value = cookieValue(cookie, SESSION_COOKIE);
  return value !== undefined && SECRET.test(value) ? { kind: 'cookie', secret: value } : null;
}

/** The value of the first cookie named `name` in a Cookie header (session values need no decoding). */
function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    return part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

export interface CookieOptions {
  /** Mark cookies Secure: on with TLS, or behind a TLS-terminating reverse proxy. */
  secure: boolean;
}

/** The Set-Cookie header that starts a session: HttpOnly, SameSite=Strict, Path=/, Secure with TLS. */
export function sessionCookie(secret: string, maxAgeMs: number, options: CookieOptions): string {
  if (!SECRET.test(secret)) throw new Error('a session secret is base64url');
  return setCookie(secret, Math.max(0, Math.floor(maxAgeMs / 1000)), options);
}

/** The Set-Cookie header that removes the session cookie. */
export function clearedSessionCookie(options: CookieOptions): string {
  return `${setCookie('', 0, options)}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}

function setCookie(value: string, maxAgeS: number, options: CookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    `Max-Age=${maxAgeS}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
