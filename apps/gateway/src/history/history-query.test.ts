import { describe, expect, it } from 'vitest';
import type { HistoryQueryDto } from '@zld/api';
import { ApiError } from '../http/api-error.js';
import { DEFAULT_HISTORY_LIMITS, parseHistoryRequest, parseIsoTime } from './history-query.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const known = new Set(['FT-001', 'LT-002', 'XV-901.CMD']);
const ctx = { isKnown: (n: string) => known.has(n), now: NOW };
const base: HistoryQueryDto = {
  tags: 'FT-001,LT-002',
  from: '2025-03-01T10:00:00Z',
  to: '2025-03-01T11:00:00Z',
};

function refusal(q: Partial<HistoryQueryDto>): ApiError {
  try {
    parseHistoryRequest({ ...base, ...q }, ctx);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(q)}`);
}

describe('parseIsoTime', () => {
  it('reads UTC and offset times to the millisecond', () => {
    expect(parseIsoTime('2025-03-01T12:00:00Z', 't')).toBe(NOW);
    expect(parseIsoTime('2025-03-01T13:00:00+01:00', 't')).toBe(NOW);
    expect(parseIsoTime('2025-03-01T06:30:00-05:30', 't')).toBe(NOW);
    expect(parseIsoTime('2025-03-01T12:00Z', 't')).toBe(NOW);
    expect(parseIsoTime('2025-03-01T12:00:00.123456789Z', 't')).toBe(NOW + 123);
    expect(parseIsoTime('2025-03-01t12:00:00.5z', 't')).toBe(NOW + 500);
    expect(parseIsoTime('2024-02-29T00:00:00Z', 't')).toBe(Date.UTC(2024, 1, 29));
  });

  it.each([
    '1740830400000',
    '2025-03-01',
    '2025-03-01 12:00:00Z',
    '2025-03-01T12:00:00',
    '2025-02-29T00:00:00Z',
    '2025-02-30T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-03-01T24:00:00Z',
    '2025-03-01T12:60:00Z',
    '2025-03-01T12:00:61Z',
    '2025-03-01T12:00:00+24:00',
    'now',
    '',
  ])('refuses %j', (text) => {
    expect(() => parseIsoTime(text, 'from')).toThrow(/from must be an ISO-8601 time with a zone/);
  });
});

describe('parseHistoryRequest', () => {
  it('answers known tags in the order asked, duplicates dropped, times in epoch ms', () => {
    expect(
      parseHistoryRequest({ ...base, tags: ' LT-002 ,FT-001,LT-002', maxPoints: 500 }, ctx),
    ).toEqual({
      tags: ['LT-002', 'FT-001'],
      from: NOW - 2 * 3_600_000,
      to: NOW - 3_600_000,
      maxPoints: 500,
    });
  });

  it('takes the default maxPoints when none is given', () => {
    expect(parseHistoryRequest(base, ctx).maxPoints).toBe(DEFAULT_HISTORY_LIMITS.defaultMaxPoints);
  });

  it('refuses unknown tags with their names, as a 400', () => {
    const e = refusal({ tags: 'FT-001,XX-999,YY-998' });
    expect([e.statusCode, e.code, e.message]).toEqual([
      400,
      'UNKNOWN_TAG',
      'unknown tags: XX-999, YY-998',
    ]);
  });

  it.each([
    [{ tags: 'FT-001,,LT-002' }, /comma-separated list/],
    [{ tags: ',' }, /comma-separated list/],
    [{ to: base.from }, /to must be after from/],
    [{ from: base.to, to: base.from }, /to must be after from/],
    [{ from: '1969-12-31T23:59:59Z' }, /before 1970/],
    [{ from: '2024-01-01T00:00:00Z', to: '2025-03-01T00:00:00Z' }, /longer than 400 days/],
    [{ to: '2025-03-02T12:00:01Z' }, /more than 1 day in the future/],
    [{ from: '2030-01-01T00:00:00Z', to: '2030-01-01T01:00:00Z' }, /in the future/],
    [{ maxPoints: 1 }, /maxPoints must be an integer from 2 to 10000/],
    [{ maxPoints: 10_001 }, /maxPoints must be an integer from 2 to 10000/],
    [{ maxPoints: 2.5 }, /maxPoints must be an integer/],
    [{ from: 'yesterday' }, /from must be an ISO-8601 time/],
    [{ to: '2025-03-01T11:00:00' }, /to must be an ISO-8601 time/],
  ] as const)('refuses %j', (q, message) => {
    const e = refusal(q);
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(message);
  });

  it('refuses too many tags, and too many points over all tags', () => {
    const many = Array.from({ length: 65 }, (_, i) => `FT-${String(i).padStart(3, '0')}`);
    const all = { isKnown: () => true, now: NOW };
    expect(() => parseHistoryRequest({ ...base, tags: many.join(',') }, all)).toThrow(
      /too many tags: 65 asked, at most 64 per request/,
    );
    expect(() =>
      parseHistoryRequest({ ...base, tags: many.slice(0, 64).join(','), maxPoints: 2000 }, all),
    ).not.toThrow();
    expect(() =>
      parseHistoryRequest({ ...base, tags: many.slice(0, 64).join(','), maxPoints: 5000 }, all),
    ).toThrow(/64 tags x 5000 points is more than 200000 points per request/);
  });

  it('takes other limits', () => {
    const limits = { ...DEFAULT_HISTORY_LIMITS, maxTags: 1, maxWindowMs: 60_000 };
    expect(() => parseHistoryRequest(base, { ...ctx, limits })).toThrow(/at most 1 per request/);
    expect(() => parseHistoryRequest({ ...base, tags: 'FT-001' }, { ...ctx, limits })).toThrow(
      /longer than 1 min/,
    );
  });
});
