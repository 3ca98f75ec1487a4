// The command path: write, select-before-operate and cancel, and what a refused command answers.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { ErrorObjectSchema } from './common-schemas.js';
import { Named } from './component.js';
import { JsonTypes, Strict } from './json-types.js';

/**
 * A command value: a JSON number or boolean, as one `type` list (see `JsonTypes`: inside `anyOf` the
 * validator's coercion would turn `true` into `1`). The gateway refuses strings and null before validation.
 */
export const CommandValueSchema = JsonTypes(['number', 'boolean']);

/** Unique per command: a retry with the same id is not executed again. */
export const CommandIdSchema = Type.String({
  minLength: 8,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_-]+$',
});

/** The body of `POST /api/tags/:name/write`. */
export const WriteRequestSchema = Strict({
  value: CommandValueSchema,
  /** The operator's stated reason, kept in the audit trail. */
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  commandId: Type.Optional(CommandIdSchema),
  /** Critical points (`write.critical`): the id `POST /api/tags/:name/select` answered. */
  selectId: Type.Optional(Type.String({ minLength: 32, maxLength: 32, pattern: '^[0-9a-f]+$' })),
});
export type WriteRequestDto = Static<typeof WriteRequestSchema>;

/** The body of `POST /api/tags/:name/select`. */
export const SelectRequestSchema = Strict({ value: CommandValueSchema });
export type SelectRequestDto = Static<typeof SelectRequestSchema>;

const scalar = () => Type.Union([Type.Number(), Type.Boolean(), Type.Null()]);

/** A write the PLC confirmed by read-back. */
export const WriteResultSchema = Strict({
  commandId: Type.String(),
  tag: Type.String(),
  requested: scalar(),
  /** The value read back. */
  value: scalar(),
  /** A quality name (`Good`, or `Good_WritePending` while the read-back is not confirmed). */
  quality: Type.String(),
  /** The value before the write. */
  oldValue: scalar(),
  /** ISO-8601 UTC of the confirmation. */
  time: Type.String(),
  /** The first result of an earlier request with the same command id (not executed again). */
  duplicate: Type.Boolean(),
});
export type WriteResultDto = Static<typeof WriteResultSchema>;

export const SelectResultSchema = Strict({
  selectId: Type.String(),
  tag: Type.String(),
  value: scalar(),
  expiresAt: Type.String(),
});
export type SelectResultDto = Static<typeof SelectResultSchema>;

export const CancelResultSchema = Strict({ tag: Type.String(), cancelled: Type.Boolean() });
export type CancelResultDto = Static<typeof CancelResultSchema>;

/** Select-before-operate answers (the DNP3 vocabulary), in `sbo` of a refusal. */
export const SBO_STATUSES = ['NO_SELECT', 'TIMEOUT', 'SELECTED_BY_OTHER', 'NOT_CRITICAL'] as const;
export type SboStatusDto = (typeof SBO_STATUSES)[number];

/**
 * Every 4xx/5xx of a command route: the error shape, plus what blocked the command when the command
 * service refused it (a refusal by the access check or the validator carries `error` alone).
 */
export const CommandRefusalSchema = Named(
  'CommandRefusal',
  Strict({
    error: ErrorObjectSchema,
    reason: Type.Optional(Type.String()),
    tag: Type.Optional(Type.String()),
    commandId: Type.Optional(Type.String()),
    /** The gateway interlock that blocked the command (409). */
    interlock: Type.Optional(Type.String()),
    /** The discharge path the command would have opened (409). */
    dischargePath: Type.Optional(Type.String()),
    /** One of `SBO_STATUSES`. */
    sbo: Type.Optional(Type.String()),
    duplicate: Type.Optional(Type.Boolean()),
  }),
);
export type CommandRefusalDto = Static<typeof CommandRefusalSchema>;

export const commandReplies = { '4xx': CommandRefusalSchema, '5xx': CommandRefusalSchema } as const;
