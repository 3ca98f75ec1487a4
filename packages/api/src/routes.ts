// Every REST route of the contract: method, path and the least access it needs (gateway and HMI share these).
import type { Access } from './roles.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** A fastify-style path; `:name` marks a parameter. */
  readonly path: string;
  readonly access: Access;
}

/**
 * The contract's routes, and the ones the gateway adds to it (session check, user administration,
 * select-before-operate). The gateway registers each with this method, path and access; the HMI builds
 * URLs from the paths and hides actions a user's role does not allow. Routes not built yet are listed
 * too, so the access table is complete from the start.
 */
export const API_ROUTES = {
  login: { method: 'POST', path: '/api/auth/login', access: 'anyone' },
  logout: { method: 'POST', path: '/api/auth/logout', access: 'viewer' },
  /** The session's user, expiry and idle lock (the cookie is HttpOnly: a reloaded page asks here). */
  me: { method: 'GET', path: '/api/auth/me', access: 'viewer' },
  users: { method: 'GET', path: '/api/users', access: 'admin' },
  userAdd: { method: 'POST', path: '/api/users', access: 'admin' },
  /** `{role?, disabled?, password?}`; the user's sessions end when role or disabled change. */
  userChange: { method: 'PATCH', path: '/api/users/:name', access: 'admin' },
  /** Remote session termination. */
  userSessionsEnd: { method: 'DELETE', path: '/api/users/:name/sessions', access: 'admin' },
  tags: { method: 'GET', path: '/api/tags', access: 'viewer' },
  tag: { method: 'GET', path: '/api/tags/:name', access: 'viewer' },
  tagWrite: { method: 'POST', path: '/api/tags/:name/write', access: 'operator' },
  /** Select-before-operate of a critical point: `{value}` -> `{selectId, tag, value, expiresAt}`. */
  tagSelect: { method: 'POST', path: '/api/tags/:name/select', access: 'operator' },
  /** Releases this session's selection of a point. */
  tagCancel: { method: 'POST', path: '/api/tags/:name/cancel', access: 'operator' },
  alarms: { method: 'GET', path: '/api/alarms', access: 'viewer' },
  alarmAck: { method: 'POST', path: '/api/alarms/:id/ack', access: 'operator' },
  alarmShelve: { method: 'POST', path: '/api/alarms/:id/shelve', access: 'operator' },
  alarmUnshelve: { method: 'POST', path: '/api/alarms/:id/unshelve', access: 'operator' },
  alarmJournal: { method: 'GET', path: '/api/alarms/journal', access: 'viewer' },
  /** `{limit?, deadband?, onDelayS?, offDelayS?, reason}`: an engineer changes a limit alarm's settings. */
  alarmSettings: { method: 'PATCH', path: '/api/alarms/:id/settings', access: 'engineer' },
  history: { method: 'GET', path: '/api/history', access: 'viewer' },
  historyCsv: { method: 'GET', path: '/api/history.csv', access: 'viewer' },
  waterBalance: { method: 'GET', path: '/api/water-balance', access: 'viewer' },
  audit: { method: 'GET', path: '/api/audit', access: 'engineer' },
  healthz: { method: 'GET', path: '/healthz', access: 'anyone' },
  metrics: { method: 'GET', path: '/metrics', access: 'loopback-or-token' },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof API_ROUTES;

/** Fills a route's `:param`s (URL-encoded): `pathOf(API_ROUTES.tag, { name: 'FT-001' })`. */
export function pathOf(route: RouteSpec, params: Readonly<Record<string, string>> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const v = params[key];
    if (v === undefined) throw new Error(`${route.path}: missing parameter "${key}"`);
    return encodeURIComponent(v);
  });
}
