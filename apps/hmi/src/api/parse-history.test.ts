import { describe, expect, it } from 'vitest';
import { parseHistory } from './parse-history.js';

const t0 = Date.parse('2025-01-01T00:00:00Z');

describe('parseHistory', () => {
  it('reads bucket tuples [t, min, mean, max, last] with per-bucket quality', () => {
    const [s] = parseHistory(
      {
        series: [
          {
            name: 'FIC-405',
            mode: 'buckets',
            bucketMs: 60_000,
            buckets: [
              [t0, 48, 50, 52, 51],
              [new Date(t0 + 60_000).toISOString(), 49, 50.5, 53, 50],
            ],
            qualities: ['Good', 'Uncertain_LastUsableValue'],
          },
        ],
      },
      ['FIC-405'],
    );
    expect(s).toEqual({
      name: 'FIC-405',
      kind: 'buckets',
      bucketMs: 60_000,
      samples: [
        { t: t0, min: 48, mean: 50, max: 52, last: 51, quality: 'Good' },
        {
          t: t0 + 60_000,
          min: 49,
          mean: 50.5,
          max: 53,
          last: 50,
          quality: 'Uncertain_LastUsableValue',
        },
      ],
    });
  });

  it('reads raw points; Bad points and booleans become gaps and 0/1', () => {
    const [a, b] = parseHistory([
      {
        name: 'FT-901',
        mode: 'raw',
        points: [
          { ts: new Date(t0).toISOString(), value: 0, quality: 'Good' },
          { ts: new Date(t0 + 1000).toISOString(), value: 3.2, quality: 'Bad_CommunicationError' },
        ],
      },
      { name: 'P-405.RUN', points: [[t0, true, 'Good']] },
    ]);
    expect(a!.kind).toBe('raw');
    expect(a!.samples.map((p) => p.mean)).toEqual([0, null]);
    expect(a!.samples[1]!.quality).toBe('Bad_CommunicationError');
    expect(b!.samples[0]).toMatchObject({ t: t0, mean: 1, last: 1 });
  });

  it('blanks a bucket whose every sample was Bad (object buckets with counts)', () => {
    const [s] = parseHistory({
      tags: {
        'LIC-402': {
          buckets: [
            {
              t: t0,
              min: 1,
              mean: 2,
              max: 3,
              last: 2,
              quality: 'Bad_NoCommunication',
              count: 4,
              bad: 4,
            },
          ],
        },
      },
    });
    expect(s!.samples[0]).toMatchObject({ mean: null, last: null, quality: 'Bad_NoCommunication' });
  });

  it('answers the tags asked for in order, empty where the gateway sent nothing, and sorts by time', () => {
    const out = parseHistory(
      {
        series: [
          {
            name: 'B',
            points: [
              { ts: t0 + 5, value: 2 },
              { ts: t0, value: 1 },
            ],
          },
        ],
      },
      ['A', 'B'],
    );
    expect(out.map((s) => s.name)).toEqual(['A', 'B']);
    expect(out[0]!.samples).toEqual([]);
    expect(out[1]!.samples.map((p) => p.t)).toEqual([t0, t0 + 5]);
  });

  it('drops samples with unreadable times', () => {
    const [s] = parseHistory({
      series: [
        {
          name: 'X',
          points: [
            { ts: 'not a time', value: 1 },
            { ts: t0, value: 2 },
          ],
        },
      ],
    });
    expect(s!.samples).toHaveLength(1);
  });
});
