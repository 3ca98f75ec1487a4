// Sessions and user administration: login, logout, the session check, users and their sessions.
import { Type } from '../schemas/type.js';
import { errorReplies } from '../schemas/common-schemas.js';
import { NoFields } from '../schemas/json-types.js';
import {
  LoginRequestSchema,
  LoginSchema,
  LogoutSchema,
  SessionSchema,
  SessionsEndedSchema,
  UserAddSchema,
  UserChangeSchema,
  UserNameParamsSchema,
  UserSchema,
} from '../schemas/security-schemas.js';
import type { ApiRoute } from '../route-spec.js';

const noQuery = NoFields();

export const SESSION_ROUTES = {
  login: {
    method: 'POST',
    path: '/api/auth/login',
    access: 'anyone',
    summary: 'Start a session: a bearer token and an HttpOnly session cookie',
    schema: {
      querystring: noQuery,
      body: LoginRequestSchema,
      response: { 200: LoginSchema, ...errorReplies },
    },
  },
  logout: {
    method: 'POST',
    path: '/api/auth/logout',
    access: 'viewer',
    summary: 'End this session and clear its cookie',
    bodyOptional: true,
    schema: {
      querystring: noQuery,
      body: NoFields(),
      response: { 200: LogoutSchema, ...errorReplies },
    },
  },
  /** The session's user, expiry and idle lock (the cookie is HttpOnly: a reloaded page asks here). */
  me: {
    method: 'GET',
    path: '/api/auth/me',
    access: 'viewer',
    summary: "This session's user, expiry and idle lock",
    schema: { querystring: noQuery, response: { 200: SessionSchema, ...errorReplies } },
  },
  users: {
    method: 'GET',
    path: '/api/users',
    access: 'admin',
    summary: 'Every user with role, disabled flag and live session count',
    schema: { querystring: noQuery, response: { 200: Type.Array(UserSchema), ...errorReplies } },
  },
  userAdd: {
    method: 'POST',
    path: '/api/users',
    access: 'admin',
    summary: 'Add a user',
    schema: {
      querystring: noQuery,
      body: UserAddSchema,
      response: { 201: UserSchema, ...errorReplies },
    },
  },
  /** `{role?, disabled?, password?}`; the user's sessions end when role or disabled change. */
  userChange: {
    method: 'PATCH',
    path: '/api/users/:name',
    access: 'admin',
    summary: "Change a user's role, disabled flag or password",
    schema: {
      params: UserNameParamsSchema,
      querystring: noQuery,
      body: UserChangeSchema,
      response: { 200: UserSchema, ...errorReplies },
    },
  },
  /** Remote session termination. */
  userSessionsEnd: {
    method: 'DELETE',
    path: '/api/users/:name/sessions',
    access: 'admin',
    summary: 'End every session of a user',
    bodyOptional: true,
    schema: {
      params: UserNameParamsSchema,
      querystring: noQuery,
      body: NoFields(),
      response: { 200: SessionsEndedSchema, ...errorReplies },
    },
  },
} as const satisfies Record<string, ApiRoute>;
