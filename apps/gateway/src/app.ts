// buildApp(options): the gateway's fastify app (REST, socket.io, /healthz, /metrics, security, HMI); it neither listens nor starts anything.
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyPluginCallback,
  type FastifyServerOptions,
} from 'fastify';
import type { HistorianHealthDto } from '@zld/api';
import type { Registry } from 'prom-client';
import { originPolicyOf, registerSecurity, type AppSecurity } from './app-security.js';
import { approvalLive } from './approvals/approval-live.js';
import { frameworkErrors } from './http/framework-errors.js';
import { accessPlugin, type Authorizer } from './http/access-plugin.js';
import { errorsPlugin } from './http/errors-plugin.js';
import { hmiPlugin } from './hmi/hmi-plugin.js';
import { livePlugin } from './live/live-plugin.js';
import { metricsPlugin } from './metrics/metrics-plugin.js';
import { healthRoutes } from './health/health-routes.js';
import { metricsRoutes } from './metrics/metrics-routes.js';
import { openApiRoutes } from './openapi/openapi-routes.js';
import { tagRoutes, type TagLimits } from './tags/tag-routes.js';
import type { LiveHubOptions } from './live/live-hub.js';
import type { Runtime } from './runtime/runtime.js';
import { createAuthorizer } from './security/authorizer.js';
import { securityHeadersPlugin } from './security/security-headers.js';
import type { HttpsServerOptions } from './security/tls.js';

/** A feature's fastify plugin (alarms, water balance, history...) with its options, registered after the core. */
export interface AppFeature {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each feature has its own options type
  plugin: FastifyPluginAsync<any> | FastifyPluginCallback<any>;
  options: object;
}

/** Pairs a plugin with options of its own type: `feature(alarmRoutes, { service })`. */
export function feature<O extends object>(
  plugin: FastifyPluginAsync<O> | FastifyPluginCallback<O>,
  options: O,
): AppFeature {
  return { plugin, options };
}

export interface AppOptions {
  /** The runtime the routes and the live stream talk to (`startGateway` starts and stops it, not the app). */
  runtime: Runtime;
  /**
   * Users, sessions, roles, audit and the command path. With it, every request is decided by the
   * sessions (`createAuthorizer`) and socket.io needs a session; without it (tests of the core only)
   * `authorizer` decides, by default `allowEveryone`.
   */
  security?: AppSecurity;
  /** Decides every request's access when `security` is not given (default: `allowEveryone`); not with it. */
  authorizer?: Authorizer;
  /** Serve HTTPS only (`httpsOptions({ certFile, keyFile }).https`): HSTS, Secure cookies. */
  https?: HttpsServerOptions['https'];
  /** fastify's `trustProxy`: the address of a TLS-terminating reverse proxy. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** Plugins registered after the core and security ones, in order (alarms, balance, history...). */
  features?: readonly AppFeature[];
  /**
   * The alarm limits of a tag as they stand now (the alarm service's `limitsOf`: an engineer may
   * change them); `GET /api/tags` answers them. Default: the plant file's limits.
   */
  tagLimits?: TagLimits;
  /** The historian's health (the history service's `health`) for `/healthz`. Default: no historian. */
  historianHealth?: () => HistorianHealthDto;
  /** Serve the built HMI from this folder (it must hold `index.html`). */
  hmi?: { dir: string };
  logger?: FastifyServerOptions['logger'];
  live?: LiveHubOptions;
  metricsRegistry?: Registry;
  /** Node.js process metrics in /metrics (default true). */
  processMetrics?: boolean;
}

export function buildApp(options: AppOptions): FastifyInstance {
  const { runtime, security } = options;
  if (security && options.authorizer)
    throw new Error('buildApp: pass security (its sessions decide) or an authorizer, not both');
  const tls = options.https !== undefined;
  const serverOptions: FastifyServerOptions & { https?: HttpsServerOptions['https'] } = {
    logger: options.logger ?? false,
    exposeHeadRoutes: false,
    // Unknown fields are refused, not silently dropped (the `@zld/api` schemas are `Strict`);
    // command values are `type: ['number', 'boolean']`.
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true } },
    bodyLimit: 64 * 1024,
    frameworkErrors,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(tls ? { https: options.https } : {}),
  };
  const app = Fastify(serverOptions) as unknown as FastifyInstance;
  // First: helmet sets its headers in an onRequest hook, and a refused request runs no later hook.
  app.register(securityHeadersPlugin, { tls });
  app.register(errorsPlugin);
  app.register(metricsPlugin, {
    runtime,
    ...(options.metricsRegistry ? { registry: options.metricsRegistry } : {}),
    ...(options.processMetrics !== undefined ? { processMetrics: options.processMetrics } : {}),
  });
  // X-Forwarded-Host and -Proto name the origin only behind a trusted proxy (`--trust-proxy`).
  const origins = security
    ? originPolicyOf(
        security,
        tls,
        options.trustProxy !== undefined && options.trustProxy !== false,
      )
    : undefined;
  const authorizer =
    security && origins ? createAuthorizer(security.parts.sessions, origins) : options.authorizer;
  app.register(accessPlugin, authorizer ? { authorizer } : {});
  // Audit, users and sessions, commands (they depend on the access plugin); the socket.io check.
  const authenticate =
    security && origins ? registerSecurity(app, runtime, security, tls, origins) : undefined;
  app.register(livePlugin, {
    ...options.live,
    runtime,
    ...(authenticate ? { authenticate } : {}),
  });
  if (security) app.register(approvalLive, { service: app.approvals });
  app.register(tagRoutes, {
    runtime,
    ...(options.tagLimits ? { limitsOf: options.tagLimits } : {}),
  });
  app.register(healthRoutes, {
    runtime,
    detailsNeedSession: security !== undefined,
    ...(options.historianHealth ? { historian: options.historianHealth } : {}),
  });
  app.register(metricsRoutes);
  app.register(openApiRoutes);
  for (const f of options.features ?? []) app.register(f.plugin, f.options);
  // Last: its catch-all GET route yields to every other route.
  if (options.hmi) app.register(hmiPlugin, { dir: options.hmi.dir });
  return app;
}
