// Decorates the app with the history service (`app.history`), serves its routes and closes it when the app closes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { HistoryLimits } from './history-query.js';
import { historyRoutes } from './history-routes.js';
import type { HistoryService } from './history-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    history: HistoryService;
  }
}

export interface HistoryPluginOptions {
  service: HistoryService;
  limits?: Partial<HistoryLimits>;
  /** Close the service when the app closes (default true). */
  closeService?: boolean;
}

async function registerHistory(app: FastifyInstance, opts: HistoryPluginOptions): Promise<void> {
  const { service } = opts;
  app.decorate('history', service);
  await app.register(historyRoutes, {
    history: service,
    ...(opts.limits !== undefined ? { limits: opts.limits } : {}),
  });
  // onClose runs after every preClose hook, so the runtime has stopped and flushed its last changes.
  if (opts.closeService !== false) app.addHook('onClose', async () => service.close());
}

export const historyPlugin = fp(registerHistory, { name: 'zld-history', fastify: '5.x' });
