// socket.io middleware: refuses a socket without a live session (cookie or `auth.token`); ends sockets with their session.
import { roleAtLeast, type Role } from '@zld/api';
import type { Socket } from 'socket.io';
import { credentialOf, isSessionSecret, type Credential } from './credentials.js';
import type { Session, SessionManager } from './session-manager.js';

export interface SocketAuthOptions {
  /** The least role a socket needs (default viewer). */
  role?: Role;
}

export interface SocketAuth {
  /** `io.use(auth.middleware)`: put it first, instead of a middleware that only reads headers. */
  middleware: (socket: Socket, next: (err?: Error) => void) => void;
  /** Stops listening to session ends. */
  dispose: () => void;
}

const refusal = (status: 401 | 403, message: string): Error =>
  Object.assign(new Error(message), { data: { status, message } });

/**
 * The handshake is authenticated once, from `socket.handshake.auth.token` (API clients, tests) or the
 * session cookie (the HMI). The socket is then tied to its session: logout, remote termination or
 * expiry disconnects it. A locked session keeps its socket (the alarm banner stays live) and the live
 * stream does not count as activity.
 */
export function createSocketAuth(
  sessions: SessionManager,
  options: SocketAuthOptions = {},
): SocketAuth {
  const need = options.role ?? 'viewer';
  const socketsOf = new Map<Session, Set<Socket>>();
  const stop = sessions.onEnd((session) => {
    const set = socketsOf.get(session);
    socketsOf.delete(session);
    for (const s of set ?? []) s.disconnect(true);
  });

  const middleware = (socket: Socket, next: (err?: Error) => void): void => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const token = auth?.token;
    const cred: Credential | null =
      typeof token === 'string'
        ? isSessionSecret(token)
          ? { kind: 'bearer', secret: token }
          : null
        : credentialOf(socket.handshake.headers);
    const found = cred ? sessions.resolve(cred) : null;
    if (!found) return next(refusal(401, 'authentication required'));
    if (!roleAtLeast(found.session.role, need)) return next(refusal(403, `needs the ${need} role`));
    if (found.session.enrolmentOnly) return next(refusal(403, 'MFA enrolment required'));
    const { session } = found;
    let set = socketsOf.get(session);
    if (!set) socketsOf.set(session, (set = new Set()));
    set.add(socket);
    socket.data = { ...(socket.data as object), username: session.username, role: session.role };
    socket.once('disconnect', () => {
      set.delete(socket);
      if (set.size === 0 && socketsOf.get(session) === set) socketsOf.delete(session);
    });
    next();
  };
  return { middleware, dispose: stop };
}
