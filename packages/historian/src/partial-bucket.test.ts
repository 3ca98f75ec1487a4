import { describe, it, expect } from 'vitest';
import { STATUS_CODES } from '@zld/tags';
import type { PartialBucket } from './partial-bucket.js';
import { combine, combineSorted, mergePartials } from './partial-bucket.js';

const part = (t: number, values: (number | null)[], statuses: number[]): PartialBucket => {
  const vs = values.filter((v): v is number => v !== null);
  return {
    t,
    n: values.length,
    nv: vs.length,
    sum: vs.length ? vs.reduce((a, b) => a + b, 0) : null,
    min: vs.length ? Math.min(...vs) : null,
    max: vs.length ? Math.max(...vs) : null,
    last: vs.length ? vs[vs.length - 1]! : null,
    worst: Math.max(...statuses),
    bad: statuses.filter((s) => s >>> 30 === 2).length,
  };
};

const good = STATUS_CODES.Good;
const uncertain = STATUS_CODES.Uncertain_LastUsableValue;
const bad = STATUS_CODES.Bad_CommunicationError;

describe('combining partial buckets', () => {
  it('gives what one pass over all the samples gives', () => {
    const a = part(0, [3, 1, null], [good, good, bad]);
    const b = part(0, [7, null], [uncertain, bad]);
    expect(combine(a, b)).toEqual(
      part(0, [3, 1, null, 7, null], [good, good, bad, uncertain, bad]),
    );
  });

  it('keeps the earlier last value when the later part has only nulls', () => {
    expect(combine(part(0, [4, 5], [good, good]), part(0, [null], [bad])).last).toBe(5);
    expect(combine(part(0, [null], [bad]), part(0, [null], [bad]))).toMatchObject({
      sum: null,
      min: null,
      max: null,
      last: null,
      nv: 0,
    });
  });
});

describe('mergePartials', () => {
  it('joins the parts of a bucket split across window parts, in order, and computes the mean', () => {
    const buckets = mergePartials([
      [part(0, [1, 2], [good, good]), part(10, [3], [good])],
      [part(10, [5, null], [uncertain, bad])],
      [],
      [part(10, [6], [good]), part(20, [null], [bad])],
    ]);
    expect(buckets).toEqual([
      { t: 0, min: 1, mean: 1.5, max: 2, last: 2, quality: 'Good', count: 2, bad: 0 },
      {
        t: 10,
        min: 3,
        mean: 14 / 3,
        max: 6,
        last: 6,
        quality: 'Bad_CommunicationError',
        count: 4,
        bad: 1,
      },
      {
        t: 20,
        min: null,
        mean: null,
        max: null,
        last: null,
        quality: 'Bad_CommunicationError',
        count: 1,
        bad: 1,
      },
    ]);
  });

  it('refuses parts out of time order', () => {
    expect(() => mergePartials([[part(10, [1], [good])], [part(0, [1], [good])]])).toThrow();
  });

  it('combines two sorted lists of one part, the later list as the later samples of each bucket', () => {
    const stored = [part(0, [1, 2], [good, good]), part(10, [5], [good]), part(30, [6], [bad])];
    const late = [
      part(10, [9, null], [uncertain, bad]),
      part(20, [4], [good]),
      part(40, [8], [good]),
    ];
    expect(combineSorted(stored, late)).toEqual([
      stored[0],
      part(10, [5, 9, null], [good, uncertain, bad]),
      late[1],
      stored[2],
      late[2],
    ]);
    expect(combineSorted(stored, [])).toEqual(stored);
    expect(combineSorted([], late)).toEqual(late);
  });
});
