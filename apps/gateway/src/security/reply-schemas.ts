// JSON schemas shared by the security, command and audit routes (requests refuse unknown fields).
import { ERROR_CODES, ROLES } from '@zld/api';
import { TAG_NAME } from '@zld/plant';
import { USERNAME_PATTERN } from './user-store.js';

const errorObject = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: { code: { type: 'string', enum: ERROR_CODES }, message: { type: 'string' } },
} as const;

/** `{ error: { code, message } }`, as every route answers a 4xx/5xx. */
export const errorReply = {
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: { error: errorObject },
} as const;

export const errorReplies = { '4xx': errorReply, '5xx': errorReply } as const;

export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

/** A request with no body, or `{}`. */
export const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

export const tagNameParams = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 32, pattern: TAG_NAME.source } },
} as const;

export const userNameParams = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 32, pattern: USERNAME_PATTERN } },
} as const;

export const roleSchema = { type: 'string', enum: ROLES } as const;

export const userReply = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'role', 'disabled', 'createdAt', 'updatedAt', 'sessions'],
  properties: {
    username: { type: 'string' },
    role: roleSchema,
    disabled: { type: 'boolean' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    sessions: { type: 'integer' },
  },
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
