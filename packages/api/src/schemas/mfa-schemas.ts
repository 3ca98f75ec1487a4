// Multi-factor authentication: the code step of a login, enrolment with a QR code, recovery codes, admin reset.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { Strict } from './json-types.js';

/** A TOTP code (6 digits) or a recovery code (`xxxx-xxxx-xxxx`). */
const code = () => Type.String({ minLength: 6, maxLength: 32 });

/** `POST /api/auth/login` for a user with MFA: the password was right; no session yet. */
export const MfaChallengeSchema = Strict({
  mfaRequired: Type.Boolean(),
  /** Opaque, short-lived: send it with the code to `POST /api/auth/mfa`. */
  challenge: Type.String(),
  /** ISO-8601 UTC: the challenge's end. */
  expiresAt: Type.String(),
});
export type MfaChallengeDto = Static<typeof MfaChallengeSchema>;

/** `POST /api/auth/mfa`: the second step of a login, with a current code or an unused recovery code. */
export const MfaLoginSchema = Strict({
  challenge: Type.String({ minLength: 1, maxLength: 128 }),
  code: code(),
});
export type MfaLoginDto = Static<typeof MfaLoginSchema>;

/** `GET /api/auth/mfa`: the signed-in user's second factor. */
export const MfaStatusSchema = Strict({
  enabled: Type.Boolean(),
  /** An enrolment was started and not yet confirmed. */
  pending: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
  /** MFA is required for this user (engineers and admins under `--production`). */
  required: Type.Boolean(),
});
export type MfaStatusDto = Static<typeof MfaStatusSchema>;

/** `POST /api/auth/mfa/enrol`: shown once; the secret is never answered again. */
export const MfaEnrolmentSchema = Strict({
  /** Base32, for typing into an authenticator app. */
  secret: Type.String(),
  /** `otpauth://totp/...` (30 s, 6 digits, SHA-1). */
  otpauthUrl: Type.String(),
  /** The URI as a QR code: a `data:image/svg+xml;base64,...` URL. */
  qrCode: Type.String(),
});
export type MfaEnrolmentDto = Static<typeof MfaEnrolmentSchema>;

/** A current code (confirming an enrolment, new recovery codes, turning MFA off). */
export const MfaCodeSchema = Strict({ code: code() });
export type MfaCodeDto = Static<typeof MfaCodeSchema>;

/** Ten single-use recovery codes, shown once. */
export const MfaRecoveryCodesSchema = Strict({
  enabled: Type.Boolean(),
  recoveryCodes: Type.Array(Type.String()),
});
export type MfaRecoveryCodesDto = Static<typeof MfaRecoveryCodesSchema>;

/** `POST /api/auth/mfa/disable` and `POST /api/users/:name/mfa/reset`. */
export const MfaOffSchema = Strict({ username: Type.String(), enabled: Type.Boolean() });
export type MfaOffDto = Static<typeof MfaOffSchema>;
