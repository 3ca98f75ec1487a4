// `GET /api/history` (and `.csv`): the query and the answer; the store-and-forward quarantine for engineers.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { QualitySchema } from './common-schemas.js';
import { Named } from './component.js';
import { JsonTypes, StringEnum, Strict } from './json-types.js';

/** `?tags=A,B&from&to&maxPoints`: times are checked (ISO-8601 with a zone) by the route, not the schema. */
export const HistoryQuerySchema = Strict({
  tags: Type.String({ minLength: 1, maxLength: 4096 }),
  from: Type.String({ minLength: 1, maxLength: 40 }),
  to: Type.String({ minLength: 1, maxLength: 40 }),
  maxPoints: Type.Optional(Type.Integer()),
});
export type HistoryQueryDto = Static<typeof HistoryQuerySchema>;

/** A raw point: the shape of a live tag value (`{ts, value, quality}`), booleans given back as booleans. */
export const HistoryPointSchema = Strict({
  ts: Type.String(),
  value: JsonTypes(['number', 'boolean', 'null']),
  quality: QualitySchema,
});
export type HistoryPointDto = Static<typeof HistoryPointSchema>;

/**
 * One tag's history. `mode: 'raw'` carries `points`; `mode: 'buckets'` carries `bucketMs`, `buckets` as
 * `[t, min, mean, max, last]` (t ISO-8601 UTC; the values null when every sample of the bucket was Bad),
 * and per bucket the worst quality (`qualities`), the sample count (`count`) and the Bad ones (`bad`).
 */
export const HistorySeriesSchema = Strict({
  name: Type.String(),
  unit: Type.String(),
  mode: StringEnum(['raw', 'buckets']),
  points: Type.Optional(Type.Array(HistoryPointSchema)),
  bucketMs: Type.Optional(Type.Integer()),
  buckets: Type.Optional(Type.Array(Type.Array(JsonTypes(['string', 'number', 'null'])))),
  qualities: Type.Optional(Type.Array(QualitySchema)),
  count: Type.Optional(Type.Array(Type.Integer())),
  bad: Type.Optional(Type.Array(Type.Integer())),
});
export type HistorySeriesDto = Static<typeof HistorySeriesSchema>;

export const HistoryResponseSchema = Named(
  'History',
  Strict({
    from: Type.String(),
    to: Type.String(),
    maxPoints: Type.Integer(),
    /** Points accepted but not yet in the final store (store-and-forward backlog): not in this answer. */
    pending: Type.Integer(),
    series: Type.Array(HistorySeriesSchema),
  }),
);
export type HistoryResponseDto = Static<typeof HistoryResponseSchema>;

/** One quarantined batch, summarised (its points are in the export). */
export const QuarantineBatchSchema = Strict({
  id: Type.String(),
  error: Type.String(),
  quarantinedAt: Type.String(),
  attempts: Type.Integer(),
  points: Type.Integer(),
  tags: Type.Array(Type.String()),
  /** Time span of its points. */
  from: Type.String(),
  to: Type.String(),
});
export type QuarantineBatchDto = Static<typeof QuarantineBatchSchema>;

export const QuarantineListSchema = Strict({
  /** False for the embedded store, which has no store-and-forward buffer (and so no quarantine). */
  available: Type.Boolean(),
  batches: Type.Array(QuarantineBatchSchema),
});
export type QuarantineListDto = Static<typeof QuarantineListSchema>;

export const QuarantineParamsSchema = Strict({
  id: Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9:._-]+$' }),
});

export const QuarantineRetrySchema = Strict({ id: Type.String(), requeued: Type.Integer() });
export type QuarantineRetryDto = Static<typeof QuarantineRetrySchema>;
