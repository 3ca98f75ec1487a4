import { describe, it, expect } from 'vitest';
import { HistorianInputError } from './historian.js';
import { bucketStart, bucketWidth, checkQuery } from './query-plan.js';

const DAY = 86_400_000;

describe('bucketWidth', () => {
  it('never gives more than maxPoints epoch-aligned buckets over the window', () => {
    for (const [from, to, max] of [
      [0, 7 * DAY, 1000],
      [1_700_000_000_123, 1_700_000_000_123 + 3_600_000, 100],
      [5, 1005, 2],
      [1_700_000_000_000, 1_700_000_000_000 + 10, 3],
      [0, 400 * DAY, 50],
    ] as const) {
      const w = bucketWidth(from, to, max);
      const buckets = (bucketStart(to - 1, w) - bucketStart(from, w)) / w + 1;
      expect(buckets).toBeLessThanOrEqual(max);
    }
  });

  it('picks readable widths', () => {
    expect(bucketWidth(0, 7 * DAY, 1000)).toBe(15 * 60_000);
    expect(bucketWidth(0, 3_600_000, 1000)).toBe(5000);
    expect(bucketWidth(0, 1000 * DAY, 10)).toBe(112 * DAY);
  });
});

describe('checkQuery', () => {
  const ok = { tags: ['FT-001', 'LT-002'], from: 0, to: 1000, maxPoints: 100 };

  it('passes a good query and removes repeated tags', () => {
    expect(checkQuery({ ...ok, tags: ['FT-001', 'LT-002', 'FT-001'] }).tags).toEqual([
      'FT-001',
      'LT-002',
    ]);
  });

  it.each([
    { tags: [] },
    { tags: 'FT-001' as unknown as string[] },
    { tags: ["FT-001') OR 1=1"] },
    { tags: Array.from({ length: 65 }, (_, i) => `FT-${String(i).padStart(3, '0')}`) },
    { from: '0; DROP DATABASE "zld"' as unknown as number },
    { to: 0 },
    { maxPoints: 1 },
    { maxPoints: 10.5 },
    { maxPoints: 1e9 },
  ])('refuses %j', (bad) => {
    expect(() => checkQuery({ ...ok, ...bad })).toThrow(HistorianInputError);
  });
});
