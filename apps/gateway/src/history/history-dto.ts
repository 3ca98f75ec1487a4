// Translates historian answers into the API's history series (`HistorySeriesDto`: ISO-8601 UTC times, buckets as [t, min, mean, max, last]).
import type { HistorySeriesDto } from '@zld/api';
import { bucketTuple, type HistorySeries } from '@zld/historian';
import type { TagDef } from '@zld/plant';

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
