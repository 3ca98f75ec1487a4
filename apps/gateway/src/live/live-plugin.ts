// socket.io on the app's own server: a tag snapshot on connect, then paced, coalesced batches (`app.live`).
import type { ClientToServerEvents, ServerToClientEvents } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge } from 'prom-client';
import { Server, type Socket } from 'socket.io';
import { toTagValueDto } from '../tags/tag-dtos.js';
import type { Runtime } from '../runtime/runtime.js';
import { LiveHub, type LiveHubOptions, type LiveHubStats } from './live-hub.js';
import { socketChannel } from './socket-channel.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
/** One client of the live stream: it receives the events of `ServerToClientEvents`, typed by the wire's schemas. */
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

declare module 'fastify' {
  interface FastifyInstance {
    live: { io: LiveServer; hub: LiveHub };
  }
}

/** A socket.io middleware that authenticates the handshake (e.g. `createSocketAuth(sessions).middleware`). */
export type SocketAuthenticator = (socket: Socket, next: (err?: Error) => void) => void;

export interface LivePluginOptions extends LiveHubOptions {
  /** The tag values: a snapshot for each client as it connects, then the runtime's batches of changes. */
  runtime: Runtime;
  /**
   * Authenticates each socket instead of the default check, which asks the app's authorizer for
   * `viewer` with the handshake's headers (and `auth.token` as a bearer header).
   */
  authenticate?: SocketAuthenticator;
}

async function registerLive(app: FastifyInstance, opts: LivePluginOptions): Promise<void> {
  const io: LiveServer = new Server(app.server, { serveClient: false });
  const { runtime, authenticate, ...hubOptions } = opts;
  const hub = new LiveHub(
    runtime.plant.tags.map((t) => t.name),
    hubOptions,
  );
  const unsubscribe = runtime.subscribe((changes) => hub.publish(changes));

  // Without `authenticate`: the same authorizer as the REST routes; the live stream needs at least a
  // viewer. A client that cannot send headers (a browser WebSocket) may pass its token as
  // `auth: { token }`: it is handed to the authorizer as an `Authorization: Bearer` header.
  const byAuthorizer: SocketAuthenticator = (socket, next) => {
    const req = socket.request;
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const headers =
      typeof token === 'string' && req.headers.authorization === undefined
        ? { ...req.headers, authorization: `Bearer ${token}` }
        : req.headers;
    const subject = {
      method: req.method ?? 'GET',
      url: req.url ?? '',
      ip: socket.handshake.address,
      headers,
    };
    Promise.resolve(app.authorizer(subject, 'viewer')).then(
      (d) =>
        next(
          d.allow ? undefined : Object.assign(new Error(d.message), { data: { status: d.status } }),
        ),
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  };
  io.use(authenticate ?? byAuthorizer);
  io.on('connection', (socket) => {
    const detach = hub.attach(socketChannel(socket), runtime.snapshot().map(toTagValueDto));
    socket.on('disconnect', detach);
  });

  new Gauge({
    name: 'zld_socket_clients',
    help: 'Connected socket.io clients',
    registers: [app.metrics.registry],
    collect() {
      this.set(hub.stats().clients);
    },
  });
  const liveCounter = (name: string, help: string, read: (s: LiveHubStats) => number): void => {
    new Counter({
      name,
      help,
      registers: [app.metrics.registry],
      collect() {
        this.reset();
        this.inc(read(hub.stats()));
      },
    });
  };
  liveCounter(
    'zld_live_batches_total',
    'tags batches sent to clients (snapshots included)',
    (s) => s.batches,
  );
  liveCounter('zld_live_values_total', 'Tag values sent to clients', (s) => s.values);
  liveCounter(
    'zld_live_coalesced_total',
    'Tag changes replaced by a newer value before reaching a client',
    (s) => s.coalesced,
  );
  liveCounter(
    'zld_live_deferred_total',
    "Batches held back because the client's previous one was still in flight",
    (s) => s.deferred,
  );

  app.decorate('live', { io, hub });
  app.addHook('preClose', async () => {
    unsubscribe();
    hub.stop();
    io.disconnectSockets(true);
    // Closes engine.io's clients; the HTTP server itself is fastify's to close.
    io.engine.close();
  });
}

export const livePlugin = fp(registerLive, {
  name: 'zld-live',
  fastify: '5.x',
  dependencies: ['zld-access', 'zld-metrics'],
});
