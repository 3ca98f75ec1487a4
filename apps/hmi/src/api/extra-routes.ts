// Routes the HMI uses that `API_ROUTES` of @zld/api does not list yet (session check, select-before-operate).
import type { RouteSpec } from '@zld/api';

export const EXTRA_ROUTES = {
  /** The session's user, to restore a login after a page reload (the cookie is HttpOnly). */
  me: { method: 'GET', path: '/api/auth/me', access: 'viewer' },
  /** Select-before-operate: reserve a critical point for this session -> `{selectId, expiresAt}`. */
  tagSelect: { method: 'POST', path: '/api/tags/:name/select', access: 'operator' },
  /** Release a selection. */
  tagCancel: { method: 'POST', path: '/api/tags/:name/cancel', access: 'operator' },
} as const satisfies Record<string, RouteSpec>;
