// The HMI's location: `#/<path>?<query>` in the URL hash, so every view (and a trend's whole state) is shareable.

export interface Route {
  /** e.g. `overview`, `area/zld`, `trends`. */
  path: string;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const [rawPath = '', rawQuery = ''] = h.split('?', 2) as [string?, string?];
  const path = rawPath.replace(/^\/+|\/+$/g, '');
  return { path: path === '' ? 'overview' : path, params: new URLSearchParams(rawQuery) };
}

/** `#/path?query` with parameters in insertion order; empty and undefined ones left out. */
export function formatHash(
  path: string,
  params: Readonly<Record<string, string | undefined>> = {},
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${path}${qs === '' ? '' : `?${qs}`}`;
}

/** The same route with some parameters changed (undefined removes one). */
export function withParams(
  route: Route,
  changes: Readonly<Record<string, string | undefined>>,
): string {
  const merged: Record<string, string | undefined> = Object.fromEntries(route.params.entries());
  for (const [k, v] of Object.entries(changes)) merged[k] = v;
  return formatHash(route.path, merged);
}
