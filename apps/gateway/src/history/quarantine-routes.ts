// The store-and-forward quarantine for engineers: list batches, retry one at its place, export one as JSON Lines.
import { API_ROUTES, type QuarantineBatchDto } from '@zld/api';
import type { QuarantinedBatch } from '@zld/historian';
import type { FastifyInstance } from 'fastify';
import type { AuditSink } from '../audit/audit-store.js';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import type { HistoryService } from './history-service.js';

export interface QuarantineRoutesOptions {
  history: Pick<
    HistoryService,
    'forwarder' | 'listQuarantine' | 'retryQuarantine' | 'exportQuarantine'
  >;
  /** Records each retry (category `system`); unset: retries are not recorded. */
  audit?: AuditSink;
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

export async function quarantineRoutes(
  app: FastifyInstance,
  opts: QuarantineRoutesOptions,
): Promise<void> {
  const { history } = opts;
  const notFound = (id: string) =>
    new ApiError(
      'NOT_FOUND',
      history.forwarder === null
        ? 'the embedded historian has no store-and-forward buffer, so no quarantine'
        : `no quarantined batch ${id}`,
    );

  defineRoute(app, API_ROUTES.historianQuarantine, {
    handler: async () => ({
      available: history.forwarder !== null,
      batches: history.listQuarantine().map(toBatchDto),
    }),
  });

  defineRoute(app, API_ROUTES.historianQuarantineRetry, {
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

  defineRoute(app, API_ROUTES.historianQuarantineExport, {
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
