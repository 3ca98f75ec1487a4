// The audit plugin: GET /api/audit?from&to&limit over the audit store it is given (features record to the store itself).
import { API_ROUTES } from '@zld/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import { errorReplies } from '../http/reply-schemas.js';
import { AUDIT_CATEGORIES, AUDIT_OUTCOMES, type AuditStore } from './audit-store.js';

export interface AuditPluginOptions {
  /** Opened and closed by whoever made it (main.ts, a test): the app records to it and reads it. */
  store: AuditStore;
}

const DAY_MS = 86_400_000;
const isoTime = { type: 'string', format: 'date-time', maxLength: 40 } as const;

const query = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: isoTime,
    to: isoTime,
    limit: { type: 'integer', minimum: 1, maximum: 10_000 },
  },
} as const;

const nullableString = { type: ['string', 'null'] } as const;

const record = {
  type: 'object',
  additionalProperties: false,
  required: [
    'seq',
    'eventId',
    'time',
    'category',
    'action',
    'outcome',
    'user',
    'source',
    'target',
    'oldValue',
    'newValue',
    'reason',
    'details',
  ],
  properties: {
    seq: { type: 'integer' },
    eventId: { type: 'string' },
    time: { type: 'string' },
    category: { type: 'string', enum: AUDIT_CATEGORIES },
    action: { type: 'string' },
    outcome: { type: 'string', enum: AUDIT_OUTCOMES },
    user: nullableString,
    source: nullableString,
    target: nullableString,
    oldValue: {},
    newValue: {},
    reason: nullableString,
    details: { anyOf: [{ type: 'null' }, { type: 'object', additionalProperties: true }] },
  },
} as const;

async function registerAudit(app: FastifyInstance, opts: AuditPluginOptions): Promise<void> {
  const { store } = opts;

  defineRoute<{ Querystring: { from?: string; to?: string; limit?: number } }>(
    app,
    API_ROUTES.audit,
    {
      schema: {
        querystring: query,
        response: { 200: { type: 'array', items: record }, ...errorReplies },
      },
      handler: async (request) => {
        const q = request.query;
        const to = q.to === undefined ? store.clock.now() + 1 : Date.parse(q.to);
        const from = q.from === undefined ? to - DAY_MS : Date.parse(q.from);
        if (!Number.isFinite(from) || !Number.isFinite(to))
          throw new ApiError('BAD_REQUEST', 'from and to must be ISO-8601 times');
        if (from > to) throw new ApiError('BAD_REQUEST', 'from is after to');
        return store.query({ from, to, limit: q.limit ?? 1000 });
      },
    },
  );
}

export const auditPlugin = fp(registerAudit, {
  name: 'zld-audit',
  fastify: '5.x',
  dependencies: ['zld-access'],
});
