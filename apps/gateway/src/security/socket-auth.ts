// socket.io middleware: checks the Origin, refuses a socket without a live session or beyond the per-session cap; ends sockets with their session.
import { roleAtLeast, type Role } from '@zld/api';
import type { Socket } from 'socket.io';
import { credentialOf, isSessionSecret, type Credential } from './credentials.js';
import { DEFAULT_ORIGIN_POLICY, originAllowed, type OriginPolicy } from './origin-policy.js';
import type { Session, SessionManager } from './session-manager.js';

export interface SocketAuthOptions {
  /** The least role a socket needs (default viewer). */
  role?: Role;
  /** The origins a browser handshake may come from (default: the served origin only, no proxy). */
  origins?: OriginPolicy;
  /** Sockets one session may hold at once (default 8); the newest beyond it is refused. */
  maxPerSession?: number;
}

export const DEFAULT_SOCKETS_PER_SESSION = 8;

export interface SocketAuth {
  /** `io.use(auth.middleware)`: put it first, instead of a middleware that only reads headers. */
  middleware: (socket: Socket, next: (err?: Error) => void) => void;
  /** Stops listening to session ends. */
  dispose: () => void;
}

const refusal = (status: 401 | 403 | 429, message: string): Error =>
  Object.assign(new Error(message), { data: { status, message } });

/**
 * The handshake is authenticated once, from `socket.handshake.auth.token` (API clients, tests) or the
 * session cookie (the HMI). The socket is then tied to its session: logout, remote termination or
 * expiry disconnects it. A locked session keeps its socket (the alarm banner stays live) and the live
 * stream does not count as activity.
 *
 * A handshake with an `Origin` header (every browser sends one on a WebSocket) must come from the
 * served origin or an allowed one, else 403 before the session is even looked at (cross-site WebSocket
 * hijacking); a client that sends no `Origin` (not a browser) is judged by its credential alone. A
 * session holds at most `maxPerSession` sockets: one more is refused (429), the open ones stay.
 */
export function createSocketAuth(
  sessions: SessionManager,
  options: SocketAuthOptions = {},
): SocketAuth {
  const need = options.role ?? 'viewer';
  const origins = options.origins ?? DEFAULT_ORIGIN_POLICY;
  const max = options.maxPerSession ?? DEFAULT_SOCKETS_PER_SESSION;
  if (!(Number.isInteger(max) && max >= 1))
    throw new RangeError('socket auth: maxPerSession must be an integer >= 1');
  const socketsOf = new Map<Session, Set<Socket>>();
  const stop = sessions.onEnd((session) => {
    const set = socketsOf.get(session);
    socketsOf.delete(session);
    for (const s of set ?? []) s.disconnect(true);
  });

  const middleware = (socket: Socket, next: (err?: Error) => void): void => {
    const headers = socket.handshake.headers;
    const origin = headers.origin;
    if (typeof origin === 'string' && !originAllowed(origin, headers, origins))
      return next(refusal(403, `origin ${origin.slice(0, 200)} is not allowed`));
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
    if (set && set.size >= max)
      return next(
        refusal(429, `this session already holds ${max} live connections: close one (another tab)`),
      );
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
