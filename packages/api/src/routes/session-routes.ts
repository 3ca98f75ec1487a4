// Sessions and user administration: login, logout, the session check, users and their sessions.
import { Type } from '../schemas/type.js';
import { errorReplies } from '../schemas/common-schemas.js';
import { NoFields } from '../schemas/json-types.js';
import {
  LockoutSchema,
  LoginRequestSchema,
  LoginSchema,
  LogoutSchema,
  PasswordChangedSchema,
  PasswordChangeSchema,
  SessionSchema,
  SessionsEndedSchema,
  UnlockSchema,
  UserAddSchema,
  UserChangeSchema,
  UserNameParamsSchema,
  UserSchema,
} from '../schemas/security-schemas.js';
import { MfaChallengeSchema } from '../schemas/mfa-schemas.js';
import type { ApiRoute } from '../route-spec.js';

const noQuery = NoFields();

export const SESSION_ROUTES = {
  login: {
    method: 'POST',
    path: '/api/auth/login',
    access: 'anyone',
    summary:
      'Start a session: a bearer token and an HttpOnly session cookie; with MFA, a challenge for POST /api/auth/mfa',
    schema: {
      querystring: noQuery,
      body: LoginRequestSchema,
      response: { 200: Type.Union([LoginSchema, MfaChallengeSchema]), ...errorReplies },
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
  /** Any signed-in user: the current password is checked (throttled like a login); other sessions end. */
  passwordChange: {
    method: 'POST',
    path: '/api/auth/password',
    access: 'viewer',
    summary: 'Change your own password, giving the current one',
    schema: {
      querystring: noQuery,
      body: PasswordChangeSchema,
      response: { 200: PasswordChangedSchema, ...errorReplies },
    },
  },
  /** Lock-outs in force: per (user name, address) pair and per address. */
  lockouts: {
    method: 'GET',
    path: '/api/auth/lockouts',
    access: 'admin',
    summary: 'Login lock-outs in force',
    schema: { querystring: noQuery, response: { 200: Type.Array(LockoutSchema), ...errorReplies } },
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
  /** Clears the user name's failed logins and lock-outs from every address. */
  userUnlock: {
    method: 'POST',
    path: '/api/users/:name/unlock',
    access: 'admin',
    summary: "Clear a user name's failed logins and lock-outs",
    bodyOptional: true,
    schema: {
      params: UserNameParamsSchema,
      querystring: noQuery,
      body: NoFields(),
      response: { 200: UnlockSchema, ...errorReplies },
    },
  },
} as const satisfies Record<string, ApiRoute>;
