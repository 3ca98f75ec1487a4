// Schema builders beyond TypeBox's own, emitting the JSON Schema the gateway's validator and serializer use today
// (`{type:'string', enum}`, `{type:['number','null']}`, open maps) and checkable by TypeBox's interpretive `Value`.
import {
  FormatRegistry,
  Kind,
  TypeRegistry,
  type SchemaOptions,
  type Static,
  type TObject,
  type TProperties,
  type TSchema,
  type TUnsafe,
} from '@sinclair/typebox';
import { Type } from './type.js';
import { isDateTime } from './date-time.js';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null';
interface JsonValueOf {
  string: string;
  number: number;
  integer: number;
  boolean: boolean;
  null: null;
}

const STRING_ENUM = 'ZldStringEnum';
const TYPES = 'ZldTypes';

function isOfType(type: JsonType, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
  }
}

const inEnum = (schema: { enum?: readonly unknown[] }, v: unknown): boolean =>
  schema.enum === undefined || schema.enum.includes(v);

if (!TypeRegistry.Has(STRING_ENUM))
  TypeRegistry.Set<{ enum: readonly string[] }>(
    STRING_ENUM,
    (schema, v) => typeof v === 'string' && schema.enum.includes(v),
  );
if (!TypeRegistry.Has(TYPES))
  TypeRegistry.Set<{ type: readonly JsonType[]; enum?: readonly unknown[] }>(
    TYPES,
    (schema, v) => schema.type.some((t) => isOfType(t, v)) && inEnum(schema, v),
  );
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isDateTime);

/** `{ type: 'string', enum: [...] }` (not TypeBox's `anyOf` of constants). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, [Kind]: STRING_ENUM, type: 'string', enum: values });
}

/**
 * `{ type: ['number', 'boolean', 'null'] }`: a union of JSON types as one `type` list. The validator then
 * coerces only a value matching none of them (inside `anyOf` it would turn `true` into `1`), and the
 * serializer switches on `typeof` instead of trying each branch.
 */
export function JsonTypes<const T extends readonly JsonType[]>(
  types: T,
  options: SchemaOptions = {},
): TUnsafe<JsonValueOf[T[number]]> {
  return Type.Unsafe<JsonValueOf[T[number]]>({ ...options, [Kind]: TYPES, type: types });
}

/** `{ type: ['string', 'null'], enum: [...values, null] }`. */
export function NullableEnum<const T extends readonly string[]>(
  values: T,
): TUnsafe<T[number] | null> {
  return Type.Unsafe<T[number] | null>({
    [Kind]: TYPES,
    type: ['string', 'null'],
    enum: [...values, null],
  });
}

/** An object that refuses unknown fields (`additionalProperties: false`), as every gateway schema does. */
export function Strict<T extends TProperties>(
  properties: T,
  options: SchemaOptions = {},
): TObject<T> {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** `{ type: 'object', additionalProperties: <schema> }`: a map from any key to one shape. */
export function MapOf<T extends TSchema>(value: T): TUnsafe<Record<string, Static<T>>> {
  return Type.Unsafe<Record<string, Static<T>>>(Type.Object({}, { additionalProperties: value }));
}

/** `{ type: 'object', additionalProperties: true }`: an object whose fields are not pinned here. */
export function OpenObject(): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true }));
}

/** A two-number array `[low, high]`, typed as a pair (the schema holds it to exactly two items). */
export function Pair(): TUnsafe<[number, number]> {
  return Type.Unsafe<[number, number]>(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }));
}

/** ISO-8601 date-time with a zone, checked as the gateway's validator does (`format: 'date-time'`). */
export const IsoDateTime = (options: SchemaOptions = {}) =>
  Type.String({ ...options, format: 'date-time' });

/** A querystring or body that takes no field: any given is refused. */
export const NoFields = () => Strict({});
