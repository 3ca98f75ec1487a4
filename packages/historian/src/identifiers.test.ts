import { describe, it, expect } from 'vitest';
import { HistorianInputError } from './historian.js';
import {
  assertPoint,
  assertTagName,
  assertTime,
  nsLiteral,
  quoteIdent,
  storableValue,
  stringLiteral,
} from './identifiers.js';

const point = {
  name: 'FT-001',
  value: 1.5,
  quality: 'Good' as const,
  ts: 1_700_000_000_000,
  gatewayTs: 1_700_000_000_010,
  tsOrigin: 'gateway' as const,
  seq: 1,
  backfill: false,
};

describe('tag names', () => {
  it('accepts ISA-5.1 names', () => {
    for (const n of ['FT-001', 'LIC-402', 'LIC-402.SP', 'P-405.RUN', 'FY-901A'])
      expect(assertTagName(n)).toBe(n);
  });

  it("accepts every name a plant file allows: a PLC's own", () => {
    for (const n of ['Line1_Temp', 'Pump.Run', 'Batch:Count', '_Spare-1', 'x'.repeat(64)])
      expect(assertTagName(n)).toBe(n);
  });

  it.each([
    "FT-001' OR '1'='1",
    'FT-001" ; DROP DATABASE "zld',
    'FT-001\nDROP DATABASE zld',
    'FT 001',
    'FT-001,tag=x',
    'FT-001=1',
    'a\\b',
    '',
    '-leading',
    'x'.repeat(129),
  ])('refuses %j', (n) => {
    expect(() => assertTagName(n)).toThrow(HistorianInputError);
  });

  it('refuses what is not a string', () => {
    expect(() => assertTagName(42)).toThrow(HistorianInputError);
    expect(() => assertTagName({ toString: () => 'FT-001' })).toThrow(HistorianInputError);
  });
});

describe('times', () => {
  it('accepts epoch milliseconds', () => {
    expect(assertTime(0, 't')).toBe(0);
    expect(assertTime(1_700_000_000_000, 't')).toBe(1_700_000_000_000);
  });

  it.each([
    '0; DROP DATABASE zld',
    '2024-01-01T00:00:00Z',
    1.5,
    -1,
    Number.NaN,
    Infinity,
    2 ** 60,
    null,
  ])('refuses %j', (t) => {
    expect(() => assertTime(t, 't')).toThrow(HistorianInputError);
  });

  it('renders nanoseconds exactly, beyond 2^53', () => {
    expect(nsLiteral(1_700_000_000_123)).toBe('1700000000123000000');
    expect(() => nsLiteral('1 OR 1=1' as unknown as number)).toThrow(HistorianInputError);
  });
});

describe('escaping', () => {
  it('quotes identifiers, escaping quotes and backslashes', () => {
    expect(quoteIdent('tag')).toBe('"tag"');
    expect(quoteIdent('a"b')).toBe('"a\\"b"');
    expect(quoteIdent('a\\"b')).toBe('"a\\\\\\"b"');
  });

  it('quotes string literals, escaping quotes and backslashes', () => {
    expect(stringLiteral("it's")).toBe("'it\\'s'");
    expect(stringLiteral("a\\' OR 1=1")).toBe("'a\\\\\\' OR 1=1'");
  });

  it('refuses control characters in both', () => {
    expect(() => quoteIdent('a\nb')).toThrow(HistorianInputError);
    expect(() => stringLiteral('a\u0000b')).toThrow(HistorianInputError);
  });
});

describe('values and points', () => {
  it('stores numbers, booleans as 0/1 and null', () => {
    expect(storableValue(2.5)).toBe(2.5);
    expect(storableValue(true)).toBe(1);
    expect(storableValue(false)).toBe(0);
    expect(storableValue(null)).toBeNull();
  });

  it.each([Number.NaN, Infinity, -Infinity, '1', undefined])('refuses the value %j', (v) => {
    expect(() => storableValue(v)).toThrow(HistorianInputError);
  });

  it('checks every field of a point', () => {
    expect(() => assertPoint(point)).not.toThrow();
    expect(() => assertPoint({ ...point, quality: 'Fine' as never })).toThrow(HistorianInputError);
    expect(() => assertPoint({ ...point, tsOrigin: 'plc' as never })).toThrow(HistorianInputError);
    expect(() => assertPoint({ ...point, seq: 0 })).toThrow(HistorianInputError);
    expect(() => assertPoint({ ...point, gatewayTs: -5 })).toThrow(HistorianInputError);
    expect(() => assertPoint({ ...point, value: Number.NaN })).toThrow(HistorianInputError);
  });
});
