// History and the historian's store-and-forward quarantine.
import { Type } from '../schemas/type.js';
import { errorReplies } from '../schemas/common-schemas.js';
import {
  HistoryQuerySchema,
  HistoryResponseSchema,
  QuarantineListSchema,
  QuarantineParamsSchema,
  QuarantineRetrySchema,
} from '../schemas/history-schemas.js';
import { NoFields } from '../schemas/json-types.js';
import type { ApiRoute } from '../route-spec.js';

const noQuery = NoFields();

export const HISTORY_API_ROUTES = {
  history: {
    method: 'GET',
    path: '/api/history',
    access: 'viewer',
    summary: 'Per tag, buckets [t, min, mean, max, last] (raw points when few), with quality',
    schema: {
      querystring: HistoryQuerySchema,
      response: { 200: HistoryResponseSchema, ...errorReplies },
    },
  },
  historyCsv: {
    method: 'GET',
    path: '/api/history.csv',
    access: 'viewer',
    summary: 'The same window as CSV',
    produces: 'text/csv',
    schema: { querystring: HistoryQuerySchema, response: { 200: Type.String(), ...errorReplies } },
  },
  /** Batches the store refused repeatedly: listed for engineers. */
  historianQuarantine: {
    method: 'GET',
    path: '/api/historian/quarantine',
    access: 'engineer',
    summary: 'Batches the historian refused repeatedly (store-and-forward quarantine)',
    schema: { querystring: noQuery, response: { 200: QuarantineListSchema, ...errorReplies } },
  },
  /** Puts a quarantined batch back in the queue at its original place. */
  historianQuarantineRetry: {
    method: 'POST',
    path: '/api/historian/quarantine/:id/retry',
    access: 'engineer',
    summary: 'Put a quarantined batch back in the queue at its place',
    bodyOptional: true,
    schema: {
      params: QuarantineParamsSchema,
      querystring: noQuery,
      body: NoFields(),
      response: { 200: QuarantineRetrySchema, ...errorReplies },
    },
  },
  /** A quarantined batch as JSON Lines, one point per line. */
  historianQuarantineExport: {
    method: 'GET',
    path: '/api/historian/quarantine/:id/export',
    access: 'engineer',
    summary: 'A quarantined batch as JSON Lines, one point per line',
    produces: 'application/x-ndjson',
    schema: {
      params: QuarantineParamsSchema,
      querystring: noQuery,
      response: { 200: Type.String(), ...errorReplies },
    },
  },
} as const satisfies Record<string, ApiRoute>;
