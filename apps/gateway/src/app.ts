// buildApp(options): the gateway's fastify app (REST, socket.io, /healthz, /metrics); it does not listen.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Registry } from 'prom-client';
import { sharedSchemas } from './http/schemas.js';
import { accessPlugin, type Authorizer } from './plugins/access-plugin.js';
import { errorsPlugin } from './plugins/errors-plugin.js';
import { livePlugin } from './plugins/live-plugin.js';
import { metricsPlugin } from './plugins/metrics-plugin.js';
import { runtimePlugin } from './plugins/runtime-plugin.js';
import { healthRoutes } from './routes/health-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { tagRoutes } from './routes/tag-routes.js';
import type { Runtime } from './runtime/runtime.js';
import type { LiveHubOptions } from './live/live-hub.js';

export interface AppOptions {
  /** The runtime the routes talk to; the app starts it when ready and stops it on close. */
  runtime: Runtime;
  /** Decides every request's access (default: `allowEveryone`, until sessions exist). */
  authorizer?: Authorizer;
  logger?: FastifyServerOptions['logger'];
  live?: LiveHubOptions;
  metricsRegistry?: Registry;
  /** Node.js process metrics in /metrics (default true). */
  processMetrics?: boolean;
}

export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    exposeHeadRoutes: false,
    // Unknown fields are refused, not silently dropped (schemas say additionalProperties: false).
    ajv: { customOptions: { removeAdditional: false } },
    bodyLimit: 64 * 1024,
  });
  for (const schema of sharedSchemas) app.addSchema(schema);
  app.register(errorsPlugin);
  app.register(metricsPlugin, {
    ...(options.metricsRegistry ? { registry: options.metricsRegistry } : {}),
    ...(options.processMetrics !== undefined ? { processMetrics: options.processMetrics } : {}),
  });
  app.register(accessPlugin, options.authorizer ? { authorizer: options.authorizer } : {});
  app.register(runtimePlugin, { runtime: options.runtime });
  app.register(livePlugin, options.live ?? {});
  app.register(tagRoutes);
  app.register(healthRoutes);
  app.register(metricsRoutes);
  return app;
}
