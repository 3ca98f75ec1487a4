// Shapes every feature shares: quality names, tag values, the error body, roles.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { STATUS_CODES, type Quality } from '@zld/tags/quality';
import { ERROR_CODES } from '../error-codes.js';
import { ROLES } from '../roles.js';
import { Named } from './component.js';
import { JsonTypes, StringEnum, Strict } from './json-types.js';

export type { Quality };

/** The quality names of `@zld/tags` (OPC UA status codes and three of the project's own). */
export const QUALITIES = Object.keys(STATUS_CODES) as Quality[];
export const QualitySchema = StringEnum(QUALITIES);

/** A tag's value: null whenever its quality is Bad. */
export const TagValueDataSchema = JsonTypes(['number', 'boolean', 'null']);
export type TagValueData = Static<typeof TagValueDataSchema>;

export const RoleSchema = StringEnum(ROLES);

export const ErrorObjectSchema = Strict({
  code: StringEnum(ERROR_CODES),
  message: Type.String(),
});

/** `{ error: { code, message } }`: every 4xx/5xx answer. */
export const ApiErrorSchema = Named('ApiError', Strict({ error: ErrorObjectSchema }));
export type ApiErrorBody = Static<typeof ApiErrorSchema>;

/** The error answers of a route that has no error shape of its own. */
export const errorReplies = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema } as const;
