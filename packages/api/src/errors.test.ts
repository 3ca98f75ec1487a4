import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, isApiErrorBody } from './errors.js';

describe('the error shape', () => {
  it('maps every code to a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code]).toBeLessThan(600);
    }
  });

  it('recognises { error: { code, message } } and nothing else', () => {
    expect(isApiErrorBody({ error: { code: 'UNKNOWN_TAG', message: 'unknown tag XX-999' } })).toBe(
      true,
    );
    expect(isApiErrorBody({ error: { code: 'NOPE', message: 'x' } })).toBe(false);
    expect(isApiErrorBody({ error: { code: 'INTERNAL' } })).toBe(false);
    expect(isApiErrorBody({ message: 'x' })).toBe(false);
    expect(isApiErrorBody(null)).toBe(false);
  });
});
