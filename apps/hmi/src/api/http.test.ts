import { API_ROUTES } from '@zld/api';
import { describe, expect, it, vi } from 'vitest';
import { answerOf, ApiError, errorFromBody, MALFORMED_ANSWER, urlOf } from './http.js';

describe('urlOf', () => {
  it('fills parameters and builds a query string without undefined values', () => {
    expect(urlOf(API_ROUTES.tagWrite, { name: 'LIC-402.SP' })).toBe('/api/tags/LIC-402.SP/write');
    expect(
      urlOf(
        API_ROUTES.history,
        {},
        { tags: 'FIC-405,FT-509', from: '2025-01-01T00:00:00.000Z', maxPoints: 500, to: undefined },
      ),
    ).toBe('/api/history?tags=FIC-405%2CFT-509&from=2025-01-01T00%3A00%3A00.000Z&maxPoints=500');
    expect(urlOf(API_ROUTES.tagSelect, { name: 'P-405.CMD' })).toBe('/api/tags/P-405.CMD/select');
  });
});

describe('errorFromBody', () => {
  it('keeps the code, message and extra fields of the contract error shape', () => {
    const e = errorFromBody(409, {
      error: { code: 'CONFLICT', message: 'interlocked', interlock: 'IL-402-HH' },
      reason: 'TK-402 HH',
    });
    expect(e.status).toBe(409);
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('interlocked');
    expect(e.details).toEqual({ interlock: 'IL-402-HH', reason: 'TK-402 HH' });
  });

  it('survives bodies that are not the contract shape', () => {
    expect(errorFromBody(502, 'Bad Gateway')).toMatchObject({ status: 502, code: 'HTTP_502' });
    expect(errorFromBody(500, { error: 'x' })).toMatchObject({ code: 'HTTP_500' });
    expect(errorFromBody(400, { error: { message: 3 } })).toMatchObject({
      code: 'HTTP_400',
      message: 'request failed (400)',
    });
  });
});

describe('answerOf', () => {
  const tag = {
    name: 'FT-001',
    description: 'Feed flow',
    area: 'leach',
    unit: 'L/h',
    dataType: 'float32',
    computed: false,
    range: [0, 100],
    deadband: 0,
    decimals: 1,
    writable: false,
    value: 1.5,
    quality: 'Good',
    ts: '2025-01-01T00:00:00.000Z',
  };

  it('passes an answer of the route schema through', async () => {
    expect(await answerOf(API_ROUTES.tags, 200, [tag])).toEqual([tag]);
  });

  it('turns a malformed answer into an ApiError naming the route and where it differs', async () => {
    const silence = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const err = await answerOf(API_ROUTES.tags, 200, [{ ...tag, quality: 'Fine' }]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200, code: MALFORMED_ANSWER });
    expect((err as Error).message).toMatch(
      /GET \/api\/tags has an unexpected shape \(\/0\/quality/,
    );
    const missing = await answerOf(API_ROUTES.me, 200, { user: { username: 'x' } }).catch(
      (e: unknown) => e,
    );
    expect(missing).toMatchObject({ code: MALFORMED_ANSWER });
    expect(silence).toHaveBeenCalled();
    silence.mockRestore();
  });
});
