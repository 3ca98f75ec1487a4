// Login, logout and restoring a session after a reload (the HttpOnly cookie carries it; no token is stored).
import { API_ROUTES, type SessionUserDto } from '@zld/api';
import { request } from './http.js';

export async function login(username: string, password: string): Promise<SessionUserDto> {
  const r = await request(API_ROUTES.login, { body: { username, password } });
  return r.user;
}

export async function logout(): Promise<void> {
  await request(API_ROUTES.logout, { body: {} }).catch(() => undefined);
}

/** The current session's user, or null without one. */
export async function currentUser(): Promise<SessionUserDto | null> {
  try {
    return (await request(API_ROUTES.me)).user;
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
