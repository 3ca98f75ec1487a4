// The gateway's one life cycle: services, then the runtime that feeds them, then the app; stopped in the reverse order.
import type { FastifyInstance } from 'fastify';

/**
 * Something the gateway starts and stops: the alarm, balance and history services, the runtime, the
 * stores. A store opened before the gateway starts has nothing to start.
 */
export interface Service {
  start?(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export interface GatewayParts {
  /** The services the runtime feeds, in start order (e.g. history, alarms, balance; stores first). */
  services?: readonly Service[];
  /** Its drivers start polling once every service listens. */
  runtime: Service;
  /** `buildApp(...)`: it serves last and closes first. */
  app: FastifyInstance;
  /** Listen on this address; without it the app is only made ready (tests that `inject`). */
  listen?: { host: string; port: number };
}

export interface RunningGateway {
  /** The address the app listens on (`http://127.0.0.1:8080`), or null when it does not listen. */
  readonly address: string | null;
  /** Closes the app, stops the runtime, then the services in reverse order; idempotent. */
  stop(): Promise<void>;
}

/**
 * Start: the app is made ready (plugins loaded, routes registered: a bad route fails here, before
 * anything runs), each service starts in order (so it hears the very first values), the runtime's
 * drivers start polling, and the app listens. Stop: the app closes (no new requests, socket.io
 * clients disconnected), the runtime stops (drivers stopped, the last changes flushed to the
 * services), then each service stops in reverse order (the alarms save their state, the historian
 * writes what it holds, the stores close last). A start that fails stops what had started.
 */
export async function startGateway(parts: GatewayParts): Promise<RunningGateway> {
  const { app, runtime } = parts;
  const services = parts.services ?? [];
  const started: Service[] = [];
  let address: string | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const errors: unknown[] = [];
      const attempt = async (fn: () => unknown): Promise<void> => {
        try {
          await fn();
        } catch (err) {
          errors.push(err);
        }
      };
      await attempt(() => app.close());
      for (const s of started.reverse()) await attempt(() => s.stop());
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, 'the gateway did not stop cleanly');
    })());
  try {
    await app.ready();
    for (const s of services) {
      started.push(s);
      await s.start?.();
    }
    started.push(runtime);
    await runtime.start?.();
    if (parts.listen) address = await app.listen(parts.listen);
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return {
    get address() {
      return address;
    },
    stop,
  };
}
