// Sessions and users: login, the session check, user administration (requests refuse unknown fields).
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { RoleSchema } from './common-schemas.js';
import { Named } from './component.js';
import { StringEnum, Strict } from './json-types.js';

/** User names: lower case, 2-32 characters, starting with a letter. */
export const USERNAME_PATTERN = '^[a-z][a-z0-9._-]{1,31}$';
/** The longest password the gateway hashes (longer ones are refused before hashing). */
export const MAX_PASSWORD_LENGTH = 256;

export const LoginRequestSchema = Strict({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
});
export type LoginRequestDto = Static<typeof LoginRequestSchema>;

export const SessionUserSchema = Strict({ username: Type.String(), role: RoleSchema });
export type SessionUserDto = Static<typeof SessionUserSchema>;

/** `POST /api/auth/login`: the token works as `Authorization: Bearer`; the HttpOnly cookie comes with it. */
export const LoginSchema = Strict({
  token: Type.String(),
  user: SessionUserSchema,
  /** ISO-8601 UTC: the session's absolute end. */
  expiresAt: Type.String(),
  /** Present (true) when the session is open to MFA enrolment only (required under `--production`). */
  mfaEnrolmentRequired: Type.Optional(Type.Boolean()),
});
export type LoginDto = Static<typeof LoginSchema>;

export const LogoutSchema = Strict({ loggedOut: Type.Boolean() });
export type LogoutDto = Static<typeof LogoutSchema>;

/** `GET /api/auth/me`. */
export const SessionSchema = Strict({
  user: SessionUserSchema,
  expiresAt: Type.String(),
  /** When the session locks if idle from now on (commands then need a new login; reads go on). */
  idleExpiresAt: Type.String(),
  locked: Type.Boolean(),
  /** Present (true) when the session is open to MFA enrolment only. */
  mfaEnrolmentRequired: Type.Optional(Type.Boolean()),
});
export type SessionDto = Static<typeof SessionSchema>;

/** An element of `GET /api/users`, and the answer of `POST /api/users` and `PATCH /api/users/:name`. */
export const UserSchema = Named(
  'User',
  Strict({
    username: Type.String(),
    role: RoleSchema,
    disabled: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    /** Live sessions of the user. */
    sessions: Type.Integer(),
    /** Two-factor authentication (TOTP) is on. */
    mfa: Type.Boolean(),
  }),
);
export type UserDto = Static<typeof UserSchema>;

const username = () => Type.String({ maxLength: 32, pattern: USERNAME_PATTERN });
const password = () => Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });

export const UserNameParamsSchema = Strict({ name: username() });

export const UserAddSchema = Strict({
  username: username(),
  password: password(),
  role: RoleSchema,
});
export type UserAddDto = Static<typeof UserAddSchema>;

/** At least one field; the user's sessions end when role or disabled change. */
export const UserChangeSchema = Strict(
  {
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(password()),
  },
  { minProperties: 1 },
);
export type UserChangeDto = Static<typeof UserChangeSchema>;

export const SessionsEndedSchema = Strict({ ended: Type.Integer() });
export type SessionsEndedDto = Static<typeof SessionsEndedSchema>;

/** `POST /api/users/:name/unlock`: the user name's failures and lock-outs cleared (pairs and delay). */
export const UnlockSchema = Strict({ username: Type.String(), cleared: Type.Integer() });
export type UnlockDto = Static<typeof UnlockSchema>;

/** An element of `GET /api/auth/lockouts`: a (user name, address) pair or a whole address. */
export const LockoutSchema = Strict({
  scope: StringEnum(['pair', 'address'] as const),
  username: Type.Optional(Type.String()),
  address: Type.String(),
  /** ISO-8601 UTC. */
  until: Type.String(),
});
export type LockoutDto = Static<typeof LockoutSchema>;

/** `POST /api/auth/password`: a user changes their own password, giving the current one. */
export const PasswordChangeSchema = Strict({
  currentPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  newPassword: password(),
});
export type PasswordChangeDto = Static<typeof PasswordChangeSchema>;

export const PasswordChangedSchema = Strict({ changed: Type.Boolean() });
export type PasswordChangedDto = Static<typeof PasswordChangedSchema>;

/** The HttpOnly cookie that carries a browser's session. */
export const SESSION_COOKIE = 'zld_session';
