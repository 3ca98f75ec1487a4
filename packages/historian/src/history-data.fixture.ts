// Test fixture: a known history (two tags, mixed qualities) and a reference answer computed in plain code.
import { STATUS_CODES, qualityFromCode, severityOf } from '@zld/tags';
import type { Quality } from '@zld/tags';
import { expect } from 'vitest';
import type { Bucket, HistoryPoint, HistorySeries } from './historian.js';
import { bucketWidth } from './query-plan.js';

export const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);

function point(
  name: string,
  seq: number,
  ts: number,
  value: number | null,
  quality: Quality,
): HistoryPoint {
  return {
    name,
    seq,
    ts,
    value,
    quality,
    gatewayTs: ts + 7,
    tsOrigin: name.startsWith('TI') ? 'source' : 'gateway',
    backfill: false,
  };
}

/** FT-101: 1 Hz for an hour, a Bad stretch and an Uncertain one. TI-102: ten points. LT-103: all Bad. */
export function history(): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  let seq = 0;
  for (let i = 0; i < 3600; i++) {
    const ts = T0 + i * 1000;
    if (i >= 600 && i < 720) out.push(point('FT-101', ++seq, ts, null, 'Bad_CommunicationError'));
    else if (i >= 1200 && i < 1230)
      out.push(point('FT-101', ++seq, ts, 50 + i / 100, 'Uncertain_LastUsableValue'));
    else
      out.push(
        point('FT-101', ++seq, ts, Math.round(100 * (50 + 10 * Math.sin(i / 100))) / 100, 'Good'),
      );
  }
  // Two distinct samples in one millisecond: a status change stamped with the same source time.
  out.push(point('FT-101', ++seq, T0 + 3600 * 1000, 42, 'Good'));
  out.push(point('FT-101', ++seq, T0 + 3600 * 1000, 42, 'Uncertain_SensorNotAccurate'));
  for (let i = 0; i < 10; i++)
    out.push(point('TI-102', i + 1, T0 + i * 60_000 + 123, 20 + i / 4, 'Good'));
  for (let i = 0; i < 300; i++)
    out.push(point('LT-103', i + 1, T0 + i * 1000, null, 'Bad_NoCommunication'));
  return out;
}

/** What every backend must answer, computed directly from the points. */
export function reference(
  points: HistoryPoint[],
  tags: string[],
  from: number,
  to: number,
  maxPoints: number,
): HistorySeries[] {
  return tags.map((name): HistorySeries => {
    const inWindow = points
      .filter((p) => p.name === name && p.ts >= from && p.ts < to)
      .sort((a, b) => a.ts - b.ts || a.seq - b.seq);
    if (inWindow.length < maxPoints) return { name, mode: 'raw', points: inWindow };
    const w = bucketWidth(from, to, maxPoints);
    const groups = new Map<number, HistoryPoint[]>();
    for (const p of inWindow) {
      const t = Math.floor(p.ts / w) * w;
      groups.set(t, [...(groups.get(t) ?? []), p]);
    }
    const buckets = [...groups].map(([t, ps]): Bucket => {
      const vs = ps.map((p) => p.value).filter((v): v is number => typeof v === 'number');
      const worst = Math.max(...ps.map((p) => STATUS_CODES[p.quality]));
      return {
        t,
        min: vs.length ? Math.min(...vs) : null,
        mean: vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null,
        max: vs.length ? Math.max(...vs) : null,
        last: vs.length ? (vs[vs.length - 1] ?? null) : null,
        quality: qualityFromCode(worst),
        count: ps.length,
        bad: ps.filter((p) => severityOf(p.quality) === 'Bad').length,
      };
    });
    return { name, mode: 'buckets', bucketMs: w, buckets };
  });
}

/** A bucket's mean, equal to another within 1e-9 of their size (see `comparable`). */
class Mean {
  constructor(readonly value: number) {}
}

expect.addEqualityTesters([
  (a: unknown, b: unknown) =>
    a instanceof Mean && b instanceof Mean
      ? Math.abs(a.value - b.value) <= 1e-9 * Math.max(Math.abs(a.value), Math.abs(b.value))
      : undefined,
]);

/**
 * Means compared to 9 significant digits, without rounding (a mean near a rounding boundary would
 * flip): float sums may differ in the last bits between engines and between orders of summation.
 */
export function comparable(series: HistorySeries[]): HistorySeries[] {
  return series.map((s) =>
    s.mode === 'raw'
      ? s
      : {
          ...s,
          buckets: s.buckets.map((b) => ({
            ...b,
            mean: b.mean === null ? null : (new Mean(b.mean) as unknown as number),
          })),
        },
  );
}
