import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE, parseAnswer, parseRequest } from './wire.js';

describe('the loopback wire format', () => {
  it('parses reads and writes, and says why a line is not a request', () => {
    expect(parseRequest('{"id":1,"op":"read","keys":["a","b"]}')).toEqual({
      id: 1,
      op: 'read',
      keys: ['a', 'b'],
    });
    expect(parseRequest('{"id":2,"op":"write","key":"sp","value":4.5}')).toEqual({
      id: 2,
      op: 'write',
      key: 'sp',
      value: 4.5,
    });
    expect(parseRequest('{id:1}')).toBe('not JSON');
    expect(parseRequest('{"op":"read","keys":[]}')).toBe('no integer id');
    expect(parseRequest('{"id":3,"op":"write","key":"sp","value":"4"}')).toBe(
      'not a read or write request',
    );
  });

  it('parses answers and refuses garbage from a device', () => {
    expect(parseAnswer('{"id":1,"values":[[1.5,"Good"],[null,"Bad_ConfigurationError"]]}')).toEqual(
      {
        id: 1,
        values: [
          [1.5, 'Good'],
          [null, 'Bad_ConfigurationError'],
        ],
      },
    );
    expect(parseAnswer('{"id":2,"ok":true}')).toEqual({ id: 2, ok: true });
    expect(parseAnswer('{"id":3,"error":"unknown key x"}')).toEqual({
      id: 3,
      error: 'unknown key x',
    });
    expect(parseAnswer('{"id":4,"values":[[1,"Splendid"]]}')).toBe('a bad value or quality');
    expect(parseAnswer('{"id":4,"values":[["1","Good"]]}')).toBe('a bad value or quality');
    expect(parseAnswer('\u0000\u0001')).toBe('not JSON');
    expect(parseAnswer('{"id":5}')).toBe('neither values, ok nor error');
  });

  it('splits a stream into lines across chunks and refuses an endless line', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    s.push('{"a":1}\n{"b"');
    s.push(':2}\r\n\n');
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(() => s.push('x'.repeat(MAX_LINE + 1))).toThrow(/longer than/);
  });
});
