import { describe, expect, it } from 'vitest';
import { axisDomain, badSpans, chartRows, normalise, penKeys } from './chart-series.js';
import type { Series } from './history-series.js';

const b = (
  t: number,
  min: number | null,
  mean: number | null,
  max: number | null,
  quality = 'Good',
): Series['samples'][number] => ({
  t,
  min,
  mean,
  max,
  last: mean,
  quality: quality as never,
});

const feed: Series = {
  name: 'FIC-405',
  kind: 'buckets',
  bucketMs: 10,
  samples: [b(0, 48, 50, 52), b(10, 40, 45, 60), b(20, null, null, null, 'Bad_NoCommunication')],
};
const raw: Series = {
  name: 'FT-901',
  kind: 'raw',
  bucketMs: null,
  samples: [b(5, 0, 0, 0), b(15, 0.1, 0.1, 0.1)],
};

describe('chartRows', () => {
  it('turns buckets into a mean line and a [min, max] band, one row per time', () => {
    const rows = chartRows([feed], { normalised: false, scales: [{ range: [0, 100] }] });
    expect(rows).toEqual([
      { t: 0, p0: 50, p0b: [48, 52] },
      { t: 10, p0: 45, p0b: [40, 60] },
      { t: 20, p0: null, p0b: null },
    ]);
  });

  it('merges pens by time; raw pens have no band', () => {
    const rows = chartRows([feed, raw], {
      normalised: false,
      scales: [{ range: [0, 100] }, { range: [0, 50] }],
    });
    expect(rows.map((r) => r.t)).toEqual([0, 5, 10, 15, 20]);
    expect(rows.every((r) => !('p1b' in r))).toBe(true);
    // No line breaks at the other pen's times: values in between are interpolated...
    expect(rows[1]).toEqual({ t: 5, p0: 47.5, p0b: [44, 56], p1: 0 });
    expect(rows[2]).toMatchObject({ t: 10, p0: 45, p1: 0.05 });
    // ...but never across a Bad sample, nor past a pen's last sample.
    expect(rows[3]).toEqual({ t: 15, p1: 0.1 });
    expect(rows[4]).toEqual({ t: 20, p0: null, p0b: null });
  });

  it("breaks a pen's line at the gateway's gap marker and interpolates no other pen's row across it", () => {
    // Raw points of two gateway runs with the marker the restart put between them (value null, Bad).
    const restarted: Series = {
      name: 'FIC-106.SP',
      kind: 'raw',
      bucketMs: null,
      samples: [
        b(0, 20, 20, 20),
        b(5, null, null, null, 'Bad_NoCommunication'),
        b(600, 21, 21, 21),
      ],
    };
    const other: Series = {
      name: 'FT-901',
      kind: 'raw',
      bucketMs: null,
      samples: [b(300, 1, 1, 1)],
    };
    const rows = chartRows([restarted, other], {
      normalised: false,
      scales: [{ range: [0, 50] }, { range: [0, 50] }],
    });
    expect(rows.map((r) => [r.t, r.p0])).toEqual([
      [0, 20],
      [5, null],
      [300, undefined], // no line over the downtime
      [600, 21],
    ]);
    expect(badSpans(restarted, 1000)).toEqual([[5, 600]]);
  });

  it('normalises each pen to 0-100 % of its own range', () => {
    const rows = chartRows([feed, raw], {
      normalised: true,
      scales: [{ range: [0, 100] }, { range: [0, 0.2] }],
    });
    expect(rows[0]).toEqual({ t: 0, p0: 50, p0b: [48, 52] });
    expect(rows[3]!.p1).toBeCloseTo(50);
    expect(normalise(1.17, [0.9, 1.4])).toBeCloseTo(54);
    expect(axisDomain({ range: [0.9, 1.4] }, true)).toEqual([0, 100]);
    expect(axisDomain({ range: [0.9, 1.4] }, false)).toEqual([0.9, 1.4]);
  });

  it('draws the earlier period shifted onto the current time axis', () => {
    const before: Series = { ...feed, samples: [b(-1000, 1, 2, 3)] };
    const rows = chartRows([feed], {
      normalised: false,
      scales: [{ range: [0, 100] }],
      compare: [before],
      shiftMs: 1000,
    });
    expect(rows.find((r) => r.t === 0)).toEqual({ t: 0, p0: 50, p0b: [48, 52], p0c: 2 });
    expect(penKeys(3)).toEqual({ mean: 'p3', band: 'p3b', compare: 'p3c' });
  });
});

describe('badSpans', () => {
  it('covers Bad buckets up to the next sample, or to the window end for the last one', () => {
    expect(badSpans(feed, 100)).toEqual([[20, 100]]);
    const s: Series = {
      ...feed,
      samples: [b(0, 1, 1, 1, 'Bad'), b(10, null, null, null, 'Bad'), b(20, 1, 1, 1)],
    };
    expect(badSpans(s, 30)).toEqual([[0, 20]]);
  });
});
