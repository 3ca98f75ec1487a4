// The logged-in user and what their role allows (the gateway enforces the same rules on every request).
import { roleAtLeast, type Role, type SessionUserDto } from '@zld/api';
import { createContext, useContext } from 'react';

export interface Session {
  user: SessionUserDto;
  /** Whether the user's role is at least `role`. */
  can(role: Role): boolean;
  logout(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a SessionContext');
  return s;
}

export function sessionOf(user: SessionUserDto, logout: () => void): Session {
  return { user, can: (role) => roleAtLeast(user.role, role), logout };
}
