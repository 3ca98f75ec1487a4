// GET /api/history and /api/history.csv (viewer), plus the quarantine routes: each a checked request, one service call.
import { API_ROUTES, type HistoryQueryDto } from '@zld/api';
import { HistorianError, HistorianInputError, type HistorySeries } from '@zld/historian';
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import type { AuditSink } from '../audit/audit-store.js';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import { csvChunks } from './history-csv.js';
import { toSeriesDto } from './history-dto.js';
import {
  DEFAULT_HISTORY_LIMITS,
  parseHistoryRequest,
  type HistoryLimits,
  type HistoryRequest,
} from './history-query.js';
import type { HistoryService } from './history-service.js';
import { quarantineRoutes } from './quarantine-routes.js';

/** What the routes use of the history service. */
export type HistoryApi = Pick<
  HistoryService,
  | 'tag'
  | 'clock'
  | 'query'
  | 'backlog'
  | 'forwarder'
  | 'listQuarantine'
  | 'retryQuarantine'
  | 'exportQuarantine'
>;

export interface HistoryRoutesOptions {
  history: HistoryApi;
  limits?: Partial<HistoryLimits>;
  /** Records an engineer's retry of a quarantined batch. */
  audit?: AuditSink;
}

/** A historian failure as the API answers it: bad input 400, any other failure 503 (the store cannot answer). */
export function historianApiError(err: unknown): unknown {
  if (err instanceof HistorianInputError) return new ApiError('BAD_REQUEST', err.message);
  if (err instanceof HistorianError)
    return new ApiError('UNAVAILABLE', `historian unavailable: ${err.message}`);
  return err;
}

const iso = (ms: number): string => new Date(ms).toISOString();
/** `2025-03-01T12:00:00.000Z` as `20250301T120000Z`, for file names. */
const stamp = (ms: number): string => iso(ms).replace(/[-:]|\.\d+/g, '');

export async function historyRoutes(
  app: FastifyInstance,
  opts: HistoryRoutesOptions,
): Promise<void> {
  const { history } = opts;
  const limits: HistoryLimits = { ...DEFAULT_HISTORY_LIMITS, ...opts.limits };
  const parse = (query: HistoryQueryDto): HistoryRequest =>
    parseHistoryRequest(query, {
      isKnown: (name) => history.tag(name) !== undefined,
      now: history.clock.now(),
      limits,
    });
  const ask = async (req: HistoryRequest): Promise<HistorySeries[]> => {
    try {
      return await history.query(req);
    } catch (err) {
      throw historianApiError(err);
    }
  };

  defineRoute(app, API_ROUTES.history, {
    handler: async (request) => {
      const req = parse(request.query);
      const series = await ask(req);
      return {
        from: iso(req.from),
        to: iso(req.to),
        maxPoints: req.maxPoints,
        pending: history.backlog(),
        series: series.map((s) => toSeriesDto(s, history.tag(s.name))),
      };
    },
  });

  // The answer is asked for whole (a failing store is a clean 503 before any byte is sent); the rows
  // are then rendered lazily into the stream in chunks, never as one large string.
  defineRoute(app, API_ROUTES.historyCsv, {
    handler: async (request, reply) => {
      const req = parse(request.query);
      const series = await ask(req);
      const file = `history-${stamp(req.from)}-${stamp(req.to)}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(Readable.from(csvChunks(series, (name) => history.tag(name))));
    },
  });

  await app.register(quarantineRoutes, {
    history,
    ...(opts.audit !== undefined ? { audit: opts.audit } : {}),
  });
}
