// Which browser origins may use a session: the origin the gateway serves (Host; X-Forwarded-* only behind a trusted proxy) and `--allowed-origin`.
import type { IncomingHttpHeaders } from 'node:http';

export interface OriginPolicy {
  /** The gateway serves TLS itself: its origin is `https://<host>`. */
  tls: boolean;
  /** Behind a trusted reverse proxy (`--trust-proxy`): `X-Forwarded-Host` and `-Proto` name the origin. */
  trustProxy: boolean;
  /** Further origins allowed (`--allowed-origin`, `ZLD_ALLOWED_ORIGINS`), as `scheme://host[:port]`. */
  allowedOrigins: readonly string[];
}

export const DEFAULT_ORIGIN_POLICY: OriginPolicy = {
  tls: false,
  trustProxy: false,
  allowedOrigins: [],
};

const first = (h: string | string[] | undefined): string | undefined => {
  const v = Array.isArray(h) ? h[0] : h;
  // A proxy chain lists one value per hop: the first is what the browser asked for.
  return v?.split(',')[0]?.trim() || undefined;
};

/** `http://host:port` as a URL origin (default ports dropped, lower case), or null when it is not one. */
export function normaliseOrigin(text: string): string | null {
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== ''))
      return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * The origins the request was served under, as the server sees it: the `Host` header (or, only with
 * `trustProxy`, `X-Forwarded-Host`) with the gateway's scheme (with `trustProxy`, `X-Forwarded-Proto`;
 * without that header behind a proxy both http and https are taken, the host deciding).
 */
export function servedOrigins(headers: IncomingHttpHeaders, policy: OriginPolicy): string[] {
  const host =
    (policy.trustProxy ? first(headers['x-forwarded-host']) : undefined) ?? first(headers.host);
  if (host === undefined) return [];
  const proto = policy.trustProxy ? first(headers['x-forwarded-proto']) : undefined;
  const schemes =
    proto === 'http' || proto === 'https'
      ? [proto]
      : policy.trustProxy
        ? ['https', 'http']
        : [policy.tls ? 'https' : 'http'];
  return schemes
    .map((s) => normaliseOrigin(`${s}://${host}`))
    .filter((o): o is string => o !== null);
}

/**
 * Whether a request's `Origin` may use a session: the served origin or one of `allowedOrigins`. The
 * literal `null` (sandboxed frames, file: pages) and anything unparsable are refused. A request without
 * `Origin` is not judged here (non-browser clients send none).
 */
export function originAllowed(
  origin: string,
  headers: IncomingHttpHeaders,
  policy: OriginPolicy,
): boolean {
  const o = normaliseOrigin(origin);
  if (o === null) return false;
  return policy.allowedOrigins.includes(o) || servedOrigins(headers, policy).includes(o);
}
