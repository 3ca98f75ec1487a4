// The store-and-forward quarantine for engineers: list batches, retry one at its place, export one as JSON Lines.
import type { QuarantinedBatch } from '@zld/historian';
import type { FastifyInstance } from 'fastify';
import type { AuditSink } from '../audit/audit-store.js';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import { errorResponses, noQuery } from '../http/schemas.js';
import { HISTORY_ROUTES } from './history-route-specs.js';
import type { HistoryService } from './history-service.js';

export interface QuarantineRoutesOptions {
  history: Pick<
    HistoryService,
    'forwarder' | 'listQuarantine' | 'retryQuarantine' | 'exportQuarantine'
  >;
  /** Records each retry (category `system`); unset: retries are not recorded. */
  audit?: AuditSink;
}

/** One quarantined batch, summarised (its points are in the export). */
export interface QuarantineBatchDto {
  id: string;
  error: string;
  quarantinedAt: string;
  attempts: number;
  points: number;
  tags: string[];
  /** Time span of its points. */
  from: string;
  to: string;
}

export interface QuarantineListDto {
  /** False for the embedded store, which has no store-and-forward buffer (and so no quarantine). */
  available: boolean;
  batches: QuarantineBatchDto[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toBatchDto(b: QuarantinedBatch): QuarantineBatchDto {
  let from = Infinity;
  let to = -Infinity;
  for (const p of b.points) {
    if (p.ts < from) from = p.ts;
    if (p.ts > to) to = p.ts;
  }
  return {
    id: b.batch,
    error: b.error,
    quarantinedAt: iso(b.quarantinedAt),
    attempts: b.attempts,
    points: b.points.length,
    tags: [...new Set(b.points.map((p) => p.name))].sort(),
    from: iso(Number.isFinite(from) ? from : b.quarantinedAt),
    to: iso(Number.isFinite(to) ? to : b.quarantinedAt),
  };
}

const batchParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9:._-]+$' },
  },
} as const;

const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

const batchDto = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'error', 'quarantinedAt', 'attempts', 'points', 'tags', 'from', 'to'],
  properties: {
    id: { type: 'string' },
    error: { type: 'string' },
    quarantinedAt: { type: 'string' },
    attempts: { type: 'integer' },
    points: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
    from: { type: 'string' },
    to: { type: 'string' },
  },
} as const;

export async function quarantineRoutes(
  app: FastifyInstance,
  opts: QuarantineRoutesOptions,
): Promise<void> {
  const { history } = opts;
  // A POST that carries nothing may come without a body at all: it is read as `{}`.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && request.body === undefined) request.body = {};
  });
  const notFound = (id: string) =>
    new ApiError(
      'NOT_FOUND',
      history.forwarder === null
        ? 'the embedded historian has no store-and-forward buffer, so no quarantine'
        : `no quarantined batch ${id}`,
    );

  defineRoute(app, HISTORY_ROUTES.quarantine, {
    schema: {
      querystring: noQuery,
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['available', 'batches'],
          properties: {
            available: { type: 'boolean' },
            batches: { type: 'array', items: batchDto },
          },
        },
        ...errorResponses,
      },
    },
    handler: async (): Promise<QuarantineListDto> => ({
      available: history.forwarder !== null,
      batches: history.listQuarantine().map(toBatchDto),
    }),
  });

  defineRoute<{ Params: { id: string } }>(app, HISTORY_ROUTES.quarantineRetry, {
    schema: {
      params: batchParams,
      querystring: noQuery,
      body: emptyBody,
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'requeued'],
          properties: { id: { type: 'string' }, requeued: { type: 'integer' } },
        },
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const { id } = request.params;
      const requeued = history.retryQuarantine(id);
      opts.audit?.record({
        category: 'system',
        action: 'historian-quarantine-retry',
        outcome: requeued > 0 ? 'success' : 'failure',
        user: request.user?.username ?? null,
        source: request.ip,
        target: id,
        ...(requeued > 0 ? { details: { points: requeued } } : { reason: 'no such batch' }),
      });
      if (requeued === 0) throw notFound(id);
      return { id, requeued };
    },
  });

  defineRoute<{ Params: { id: string } }>(app, HISTORY_ROUTES.quarantineExport, {
    schema: {
      params: batchParams,
      querystring: noQuery,
      response: { 200: { type: 'string' }, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      const lines = history.exportQuarantine(id);
      if (lines === '') throw notFound(id);
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="quarantine-${id.replace(/:/g, '')}.jsonl"`,
        )
        .send(lines);
    },
  });
}
