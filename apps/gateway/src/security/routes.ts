// The routes this work adds to the contract (method, path, least access); the contract's own are in `@zld/api`.
import { API_ROUTES, type Access } from '@zld/api';

export interface SecurityRouteSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly access: Access;
}

export const SECURITY_ROUTES = {
  login: API_ROUTES.login,
  logout: API_ROUTES.logout,
  me: { method: 'GET', path: '/api/auth/me', access: 'viewer' },
  users: { method: 'GET', path: '/api/users', access: 'admin' },
  userAdd: { method: 'POST', path: '/api/users', access: 'admin' },
  userChange: { method: 'PATCH', path: '/api/users/:name', access: 'admin' },
  userSessionsEnd: { method: 'DELETE', path: '/api/users/:name/sessions', access: 'admin' },
  tagWrite: API_ROUTES.tagWrite,
  tagSelect: { method: 'POST', path: '/api/tags/:name/select', access: 'operator' },
  tagCancel: { method: 'POST', path: '/api/tags/:name/cancel', access: 'operator' },
  audit: API_ROUTES.audit,
} as const satisfies Record<string, SecurityRouteSpec>;
