// JSON schemas of the command routes: the tag in the URL, the value, the write, select and cancel bodies and answers.
import { TAG_NAME } from '@zld/plant';
import { errorReplies } from '../http/reply-schemas.js';

export const tagNameParams = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 32, pattern: TAG_NAME.source } },
} as const;

/**
 * A command value: a JSON number or boolean. A union `type` (not `anyOf`), because the validator
 * coerces: inside `anyOf` a `true` would become `1`; a union coerces only a value matching neither
 * type, and those (strings, null) are refused before validation by `commandValueAsSent`. (The
 * gateway's ajv options should include `allowUnionTypes: true`, or ajv logs a strict-mode warning.)
 */
export const commandValue = { type: ['number', 'boolean'] } as const;

export const commandId = {
  type: 'string',
  minLength: 8,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_-]+$',
} as const;

export const writeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: {
    value: commandValue,
    reason: { type: 'string', maxLength: 500 },
    commandId,
    selectId: { type: 'string', minLength: 32, maxLength: 32, pattern: '^[0-9a-f]+$' },
  },
} as const;

export const selectBody = {
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: { value: commandValue },
} as const;

/** A refused or failed command: the error shape plus what blocked it. */
const rejectedReply = {
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: errorReplies['4xx'].properties.error,
    reason: { type: 'string' },
    tag: { type: 'string' },
    commandId: { type: 'string' },
    interlock: { type: 'string' },
    dischargePath: { type: 'string' },
    sbo: { type: 'string' },
    duplicate: { type: 'boolean' },
  },
} as const;

const scalar = { anyOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'null' }] } as const;

export const writeReply = {
  type: 'object',
  additionalProperties: false,
  required: ['commandId', 'tag', 'requested', 'value', 'quality', 'oldValue', 'time', 'duplicate'],
  properties: {
    commandId: { type: 'string' },
    tag: { type: 'string' },
    requested: scalar,
    value: scalar,
    quality: { type: 'string' },
    oldValue: scalar,
    time: { type: 'string' },
    duplicate: { type: 'boolean' },
  },
} as const;

export const selectReply = {
  type: 'object',
  additionalProperties: false,
  required: ['selectId', 'tag', 'value', 'expiresAt'],
  properties: {
    selectId: { type: 'string' },
    tag: { type: 'string' },
    value: scalar,
    expiresAt: { type: 'string' },
  },
} as const;

export const cancelReply = {
  type: 'object',
  additionalProperties: false,
  required: ['tag', 'cancelled'],
  properties: { tag: { type: 'string' }, cancelled: { type: 'boolean' } },
} as const;

/** Every 4xx/5xx of a command route: a rejection with what blocked it. */
export const rejected = { '4xx': rejectedReply, '5xx': rejectedReply } as const;
