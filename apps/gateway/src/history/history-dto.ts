// Translates historian answers into the API's history DTO (ISO-8601 UTC times, buckets as [t, min, mean, max, last]).
import { bucketTuple, type HistorySeries } from '@zld/historian';
import type { TagDef } from '@zld/plant';
import { STATUS_CODES, type Quality } from '@zld/tags';

/** A raw point: the shape of a live tag value (`{ts, value, quality}`), booleans given back as booleans. */
export interface HistoryPointDto {
  ts: string;
  value: number | boolean | null;
  quality: Quality;
}

/** `[t, min, mean, max, last]`; the values are null when every sample of the bucket was Bad. */
export type BucketTupleDto = [string, number | null, number | null, number | null, number | null];

export type HistorySeriesDto =
  | { name: string; unit: string; mode: 'raw'; points: HistoryPointDto[] }
  | {
      name: string;
      unit: string;
      mode: 'buckets';
      bucketMs: number;
      buckets: BucketTupleDto[];
      /** Per bucket: the worst quality in it (highest OPC UA status code). */
      qualities: Quality[];
      /** Per bucket: how many samples, and how many of them were Bad. */
      count: number[];
      bad: number[];
    };

/** `GET /api/history`. */
export interface HistoryResponseDto {
  from: string;
  to: string;
  maxPoints: number;
  /** Points accepted but not yet in the final store (store-and-forward backlog): not in this answer. */
  pending: number;
  series: HistorySeriesDto[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A stored number back in the tag's type: booleans are stored as 0/1. */
export function valueOf(
  def: TagDef | undefined,
  v: number | boolean | null,
): number | boolean | null {
  return def?.dataType === 'bool' && typeof v === 'number' ? v !== 0 : v;
}

export function toSeriesDto(s: HistorySeries, def: TagDef | undefined): HistorySeriesDto {
  const unit = def?.unit ?? '';
  if (s.mode === 'raw')
    return {
      name: s.name,
      unit,
      mode: 'raw',
      points: s.points.map((p) => ({
        ts: iso(p.ts),
        value: valueOf(def, p.value),
        quality: p.quality,
      })),
    };
  return {
    name: s.name,
    unit,
    mode: 'buckets',
    bucketMs: s.bucketMs,
    buckets: s.buckets.map((b) => {
      const [t, ...rest] = bucketTuple(b);
      return [iso(t), ...rest];
    }),
    qualities: s.buckets.map((b) => b.quality),
    count: s.buckets.map((b) => b.count),
    bad: s.buckets.map((b) => b.bad),
  };
}

const QUALITIES = Object.keys(STATUS_CODES);

/** The answer's JSON schema (fastify serialises with it, so no other field can leave). */
export const historyResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to', 'maxPoints', 'pending', 'series'],
  properties: {
    from: { type: 'string' },
    to: { type: 'string' },
    maxPoints: { type: 'integer' },
    pending: { type: 'integer' },
    series: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'unit', 'mode'],
        properties: {
          name: { type: 'string' },
          unit: { type: 'string' },
          mode: { type: 'string', enum: ['raw', 'buckets'] },
          points: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['ts', 'value', 'quality'],
              properties: {
                ts: { type: 'string' },
                value: { type: ['number', 'boolean', 'null'] },
                quality: { type: 'string', enum: QUALITIES },
              },
            },
          },
          bucketMs: { type: 'integer' },
          buckets: {
            type: 'array',
            items: {
              type: 'array',
              items: { type: ['string', 'number', 'null'] },
            },
          },
          qualities: { type: 'array', items: { type: 'string', enum: QUALITIES } },
          count: { type: 'array', items: { type: 'integer' } },
          bad: { type: 'array', items: { type: 'integer' } },
        },
      },
    },
  },
} as const;
