import { describe, expect, it } from 'vitest';
import type { TagValue } from '@zld/tags';
import { toTagValueDto } from './tag-dtos.js';

const value = (ts: number, name = 'FT-101'): TagValue => ({
  name,
  value: 1.5,
  quality: 'Good',
  ts,
  gatewayTs: ts,
  tsOrigin: 'gateway',
});

describe('a tag value as its DTO', () => {
  it('carries the time as ISO 8601, for runs of values with one time and for each new time', () => {
    const t = Date.UTC(2026, 11, 7, 12, 0, 0, 5);
    expect(toTagValueDto(value(t)).ts).toBe('2026-12-07T12:00:00.005Z');
    expect(toTagValueDto(value(t, 'FT-102'))).toEqual({
      name: 'FT-102',
      value: 1.5,
      quality: 'Good',
      ts: '2026-12-07T12:00:00.005Z',
    });
    expect(toTagValueDto(value(t + 1)).ts).toBe('2026-12-07T12:00:00.006Z');
    expect(toTagValueDto(value(t)).ts).toBe('2026-12-07T12:00:00.005Z');
  });

  it('refuses a time that is not one, every time', () => {
    expect(() => toTagValueDto(value(Number.NaN))).toThrow(RangeError);
    expect(() => toTagValueDto(value(Number.NaN))).toThrow(RangeError);
  });
});
