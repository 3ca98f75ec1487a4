import { Type } from '@sinclair/typebox';
import { Check } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { isDateTime } from './date-time.js';
import {
  IsoDateTime,
  JsonTypes,
  MapOf,
  NoFields,
  NullableEnum,
  OpenObject,
  Pair,
  StringEnum,
  Strict,
} from './json-types.js';

/** The schema as JSON (what fastify, ajv and the OpenAPI document see). */
const json = (s: unknown) => JSON.parse(JSON.stringify(s)) as unknown;

describe('schema builders', () => {
  it('StringEnum is `{type: string, enum}` and checks membership', () => {
    const s = StringEnum(['a', 'b']);
    expect(json(s)).toEqual({ type: 'string', enum: ['a', 'b'] });
    expect(Check(s, 'a')).toBe(true);
    expect(Check(s, 'c')).toBe(false);
    expect(Check(s, 1)).toBe(false);
  });

  it('JsonTypes is one `type` list and checks each JSON type', () => {
    const s = JsonTypes(['number', 'boolean', 'null']);
    expect(json(s)).toEqual({ type: ['number', 'boolean', 'null'] });
    for (const ok of [1.5, 0, true, null]) expect(Check(s, ok), String(ok)).toBe(true);
    for (const bad of ['1', undefined, {}, [], Number.NaN])
      expect(Check(s, bad), String(bad)).toBe(false);
    expect(Check(JsonTypes(['integer']), 2.5)).toBe(false);
    expect(Check(JsonTypes(['string', 'null']), 'x')).toBe(true);
  });

  it('NullableEnum takes its values or null', () => {
    const s = NullableEnum(['loss', 'gain']);
    expect(json(s)).toEqual({ type: ['string', 'null'], enum: ['loss', 'gain', null] });
    expect(Check(s, 'gain')).toBe(true);
    expect(Check(s, null)).toBe(true);
    expect(Check(s, 'both')).toBe(false);
  });

  it('Strict refuses unknown fields; NoFields takes only `{}`', () => {
    const s = Strict({ a: Type.Number(), b: Type.Optional(Type.String()) });
    expect(json(s)).toEqual({
      type: 'object',
      additionalProperties: false,
      required: ['a'],
      properties: { a: { type: 'number' }, b: { type: 'string' } },
    });
    expect(Check(s, { a: 1 })).toBe(true);
    expect(Check(s, { a: 1, c: 2 })).toBe(false);
    expect(Check(s, { b: 'x' })).toBe(false);
    expect(Check(NoFields(), {})).toBe(true);
    expect(Check(NoFields(), { x: 1 })).toBe(false);
  });

  it('MapOf, OpenObject and Pair', () => {
    const map = MapOf(Type.String());
    expect(json(map)).toEqual({
      type: 'object',
      properties: {},
      additionalProperties: { type: 'string' },
    });
    expect(Check(map, { 0: 'STOP', 1: 'RUN' })).toBe(true);
    expect(Check(map, { 0: 1 })).toBe(false);
    expect(Check(OpenObject(), { any: { thing: [1] } })).toBe(true);
    expect(Check(OpenObject(), null)).toBe(false);
    expect(Check(Pair(), [0, 100])).toBe(true);
    expect(Check(Pair(), [0])).toBe(false);
    expect(Check(Pair(), [0, 1, 2])).toBe(false);
  });
});

describe('date-time', () => {
  it('takes RFC 3339 times with a zone, as the gateway validator does', () => {
    for (const ok of [
      '2025-03-01T12:00:00Z',
      '2025-03-01T12:00:00.123Z',
      '2025-03-01t12:00:00+01:00',
      '2024-02-29T00:00:00-05:30',
      '2016-12-31T23:59:60Z',
    ])
      expect(isDateTime(ok), ok).toBe(true);
    for (const bad of [
      '2025-03-01T12:00:00',
      '2025-03-01',
      '2025-02-29T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-03-01T24:00:00Z',
      '2025-03-01T12:00:00+25:00',
      'yesterday',
    ])
      expect(isDateTime(bad), bad).toBe(false);
  });

  it('is the `date-time` format of IsoDateTime', () => {
    expect(json(IsoDateTime({ maxLength: 40 }))).toEqual({
      type: 'string',
      format: 'date-time',
      maxLength: 40,
    });
    expect(Check(IsoDateTime(), '2025-03-01T12:00:00Z')).toBe(true);
    expect(Check(IsoDateTime(), '2025-03-01 noon')).toBe(false);
  });
});
