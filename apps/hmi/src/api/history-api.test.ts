import type { HistoryResponseDto, HistorySeriesDto } from '@zld/api';
import { describe, expect, it } from 'vitest';
import { seriesFor, seriesOf } from './history-api.js';
import { ApiError, MALFORMED_ANSWER } from './http.js';

const t0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

const buckets: HistorySeriesDto = {
  name: 'FIC-405',
  unit: 'L/h',
  mode: 'buckets',
  bucketMs: 60_000,
  buckets: [
    [iso(t0), 48, 50, 52, 51],
    [iso(t0 + 60_000), null, null, null, null],
  ],
  qualities: ['Good', 'Bad_CommunicationError'],
  count: [60, 60],
  bad: [0, 60],
};

const raw: HistorySeriesDto = {
  name: 'P-405.RUN',
  unit: '',
  mode: 'raw',
  points: [
    { ts: iso(t0 + 1000), value: 3.2, quality: 'Bad_CommunicationError' },
    { ts: iso(t0), value: true, quality: 'Good' },
  ],
};

const answer = (series: HistorySeriesDto[]): HistoryResponseDto => ({
  from: iso(t0),
  to: iso(t0 + 3_600_000),
  maxPoints: 1000,
  pending: 0,
  series,
});

/** The ApiError a call throws. */
function refusal(f: () => unknown): ApiError {
  try {
    f();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('seriesOf', () => {
  it('reads buckets [t, min, mean, max, last] with the quality of each bucket', () => {
    expect(seriesOf(buckets)).toEqual({
      name: 'FIC-405',
      kind: 'buckets',
      bucketMs: 60_000,
      samples: [
        { t: t0, min: 48, mean: 50, max: 52, last: 51, quality: 'Good' },
        {
          t: t0 + 60_000,
          min: null,
          mean: null,
          max: null,
          last: null,
          quality: 'Bad_CommunicationError',
        },
      ],
    });
  });

  it('reads raw points in time order; Bad points become gaps, booleans 0/1', () => {
    const s = seriesOf(raw);
    expect(s.kind).toBe('raw');
    expect(s.samples.map((p) => [p.t, p.mean, p.quality])).toEqual([
      [t0, 1, 'Good'],
      [t0 + 1000, null, 'Bad_CommunicationError'],
    ]);
  });

  it('refuses what the schema cannot say: a series without its data, a bucket of another shape', () => {
    const { points: _points, ...noPoints } = raw;
    expect(refusal(() => seriesOf(noPoints)).code).toBe(MALFORMED_ANSWER);
    expect(refusal(() => seriesOf({ ...buckets, qualities: ['Good'] })).message).toMatch(
      /one quality per bucket/,
    );
    expect(
      refusal(() => seriesOf({ ...buckets, buckets: [[t0, 1, 2, 3, 4]], qualities: ['Good'] }))
        .message,
    ).toMatch(/FIC-405\/buckets\/0: not \[t, min, mean, max, last\]/);
    expect(
      refusal(() => seriesOf({ ...raw, points: [{ ts: 'noon', value: 1, quality: 'Good' }] }))
        .message,
    ).toMatch(/not a time: noon/);
  });
});

describe('seriesFor', () => {
  it('answers the tags asked for, in that order', () => {
    const out = seriesFor(answer([buckets, raw]), ['P-405.RUN', 'FIC-405']);
    expect(out.map((s) => s.name)).toEqual(['P-405.RUN', 'FIC-405']);
  });

  it('reports an answer that lacks a tag asked for, rather than drawing it empty', () => {
    const err = refusal(() => seriesFor(answer([raw]), ['P-405.RUN', 'FIC-405']));
    expect(err.code).toBe(MALFORMED_ANSWER);
    expect(err.message).toMatch(/GET \/api\/history .*no series for FIC-405/);
  });
});
