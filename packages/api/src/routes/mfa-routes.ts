// Multi-factor authentication: the login's code step, the user's own enrolment and recovery codes, the admin reset.
import { errorReplies } from '../schemas/common-schemas.js';
import { NoFields } from '../schemas/json-types.js';
import {
  MfaCodeSchema,
  MfaEnrolmentSchema,
  MfaLoginSchema,
  MfaOffSchema,
  MfaRecoveryCodesSchema,
  MfaStatusSchema,
} from '../schemas/mfa-schemas.js';
import { LoginSchema, UserNameParamsSchema } from '../schemas/security-schemas.js';
import type { ApiRoute } from '../route-spec.js';

const noQuery = NoFields();

export const MFA_ROUTES = {
  /** The second step of a login with MFA: `{challenge, code}`; wrong codes count like wrong passwords. */
  mfaLogin: {
    method: 'POST',
    path: '/api/auth/mfa',
    access: 'anyone',
    summary: 'Finish a login with a TOTP or recovery code: the session as from a login',
    schema: {
      querystring: noQuery,
      body: MfaLoginSchema,
      response: { 200: LoginSchema, ...errorReplies },
    },
  },
  mfaStatus: {
    method: 'GET',
    path: '/api/auth/mfa',
    access: 'viewer',
    summary: 'Your second factor: on, pending enrolment, recovery codes left, required',
    schema: { querystring: noQuery, response: { 200: MfaStatusSchema, ...errorReplies } },
  },
  /** A new secret, pending until confirmed; 409 when MFA is already on. */
  mfaEnrol: {
    method: 'POST',
    path: '/api/auth/mfa/enrol',
    access: 'viewer',
    summary: 'Start MFA enrolment: the secret, its otpauth URI and a QR code (shown once)',
    bodyOptional: true,
    schema: {
      querystring: noQuery,
      body: NoFields(),
      response: { 200: MfaEnrolmentSchema, ...errorReplies },
    },
  },
  /** A current code of the pending secret turns MFA on; the recovery codes are shown this once. */
  mfaConfirm: {
    method: 'POST',
    path: '/api/auth/mfa/confirm',
    access: 'viewer',
    summary: 'Confirm MFA enrolment with a current code: MFA on, ten recovery codes',
    schema: {
      querystring: noQuery,
      body: MfaCodeSchema,
      response: { 200: MfaRecoveryCodesSchema, ...errorReplies },
    },
  },
  mfaRecoveryCodes: {
    method: 'POST',
    path: '/api/auth/mfa/recovery-codes',
    access: 'viewer',
    summary: 'New recovery codes (the old ones stop working), giving a current code',
    schema: {
      querystring: noQuery,
      body: MfaCodeSchema,
      response: { 200: MfaRecoveryCodesSchema, ...errorReplies },
    },
  },
  /** Refused (409) where MFA is required for the user. */
  mfaDisable: {
    method: 'POST',
    path: '/api/auth/mfa/disable',
    access: 'viewer',
    summary: 'Turn your MFA off, giving a current code',
    schema: {
      querystring: noQuery,
      body: MfaCodeSchema,
      response: { 200: MfaOffSchema, ...errorReplies },
    },
  },
  /** For a lost authenticator: MFA off, the user's sessions end; they enrol again. */
  userMfaReset: {
    method: 'POST',
    path: '/api/users/:name/mfa/reset',
    access: 'admin',
    summary: "Reset a user's MFA (lost authenticator)",
    bodyOptional: true,
    schema: {
      params: UserNameParamsSchema,
      querystring: noQuery,
      body: NoFields(),
      response: { 200: MfaOffSchema, ...errorReplies },
    },
  },
} as const satisfies Record<string, ApiRoute>;
