// The history feature's routes (history, CSV, quarantine) over the history service, which main.ts starts and stops.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AuditSink } from '../audit/audit-store.js';
import type { HistoryLimits } from './history-query.js';
import { historyRoutes } from './history-routes.js';
import type { HistoryService } from './history-service.js';

export interface HistoryPluginOptions {
  service: HistoryService;
  limits?: Partial<HistoryLimits>;
  /** Where an engineer's retry of a quarantined batch is recorded (the audit store); unset: not recorded. */
  audit?: AuditSink;
}

async function registerHistory(app: FastifyInstance, opts: HistoryPluginOptions): Promise<void> {
  await app.register(historyRoutes, {
    history: opts.service,
    ...(opts.limits !== undefined ? { limits: opts.limits } : {}),
    ...(opts.audit !== undefined ? { audit: opts.audit } : {}),
  });
}

export const historyPlugin = fp(registerHistory, { name: 'zld-history', fastify: '5.x' });
