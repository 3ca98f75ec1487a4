// The routes of the security, command and audit plugins: method, path and least access, all from `@zld/api`.
import { API_ROUTES, type RouteSpec } from '@zld/api';

export type SecurityRouteSpec = RouteSpec;

export const SECURITY_ROUTES = {
  login: API_ROUTES.login,
  logout: API_ROUTES.logout,
  me: API_ROUTES.me,
  users: API_ROUTES.users,
  userAdd: API_ROUTES.userAdd,
  userChange: API_ROUTES.userChange,
  userSessionsEnd: API_ROUTES.userSessionsEnd,
  tagWrite: API_ROUTES.tagWrite,
  tagSelect: API_ROUTES.tagSelect,
  tagCancel: API_ROUTES.tagCancel,
  audit: API_ROUTES.audit,
} as const satisfies Record<string, SecurityRouteSpec>;
