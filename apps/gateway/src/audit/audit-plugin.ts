// The audit plugin: GET /api/audit?from&to&limit and GET /api/audit/verify over the audit store it is given (features record to the store itself).
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import type { AuditVerification } from './audit-chain.js';
import type { AuditStore } from './audit-store.js';

export interface AuditPluginOptions {
  /** Opened and closed by whoever made it (main.ts, a test): the app records to it and reads it. */
  store: AuditStore;
  /** Each verification asked for (e.g. raise or clear the audit-trail alarm). */
  onVerified?: (result: AuditVerification) => void;
}

const DAY_MS = 86_400_000;

async function registerAudit(app: FastifyInstance, opts: AuditPluginOptions): Promise<void> {
  const { store } = opts;

  defineRoute(app, API_ROUTES.audit, {
    handler: async (request) => {
      const q = request.query;
      const to = q.to === undefined ? store.clock.now() + 1 : Date.parse(q.to);
      const from = q.from === undefined ? to - DAY_MS : Date.parse(q.from);
      if (!Number.isFinite(from) || !Number.isFinite(to))
        throw new ApiError('BAD_REQUEST', 'from and to must be ISO-8601 times');
      if (from > to) throw new ApiError('BAD_REQUEST', 'from is after to');
      return store.query({ from, to, limit: q.limit ?? 1000 });
    },
  });

  // Reads the whole trail (about a second per few hundred thousand records, on the event loop).
  defineRoute(app, API_ROUTES.auditVerify, {
    handler: async (request) => {
      const result = store.verify();
      // Recorded after the check, so the answer describes the trail as it was asked about.
      store.record({
        category: 'system',
        action: 'audit-verify',
        outcome: result.ok ? 'success' : 'failure',
        user: request.user?.username ?? null,
        source: request.ip,
        reason: result.reason ?? null,
        details: { ...result },
      });
      opts.onVerified?.(result);
      return result;
    },
  });
}

export const auditPlugin = fp(registerAudit, {
  name: 'zld-audit',
  fastify: '5.x',
  dependencies: ['zld-access'],
});
