// Login (with the MFA code step), logout and restoring a session after a reload (the HttpOnly cookie carries it; no token is stored).
import { API_ROUTES, type LoginDto, type SessionUserDto } from '@zld/api';
import { request } from './http.js';

/** A signed-in user; `mfaEnrolmentRequired`: the session is open to MFA enrolment only. */
export interface SignedIn {
  user: SessionUserDto;
  mfaEnrolmentRequired: boolean;
}

/** The password step's outcome: a session, or a challenge for the code step. */
export type LoginOutcome = ({ kind: 'session' } & SignedIn) | { kind: 'mfa'; challenge: string };

const signedIn = (r: LoginDto): SignedIn => ({
  user: r.user,
  mfaEnrolmentRequired: r.mfaEnrolmentRequired === true,
});

export async function login(username: string, password: string): Promise<LoginOutcome> {
  const r = await request(API_ROUTES.login, { body: { username, password } });
  if ('challenge' in r) return { kind: 'mfa', challenge: r.challenge };
  return { kind: 'session', ...signedIn(r) };
}

/** The code step of a login with MFA: a TOTP code or a recovery code. */
export async function loginWithCode(challenge: string, code: string): Promise<SignedIn> {
  return signedIn(await request(API_ROUTES.mfaLogin, { body: { challenge, code } }));
}

export async function logout(): Promise<void> {
  await request(API_ROUTES.logout, { body: {} }).catch(() => undefined);
}

/** The current session's user, or null without one. */
export async function currentUser(): Promise<SignedIn | null> {
  try {
    const me = await request(API_ROUTES.me);
    return { user: me.user, mfaEnrolmentRequired: me.mfaEnrolmentRequired === true };
  } catch {
    return null;
  }
}

/** Changes the signed-in user's own password; the gateway ends their other sessions. */
export async function changeOwnPassword(
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  await request(API_ROUTES.passwordChange, { body: { currentPassword, newPassword } });
}
