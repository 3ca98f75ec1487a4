// JSON schemas every route may share: the error answer inlined, an empty body, no query (requests refuse unknown fields).
import { ERROR_CODES } from '@zld/api';

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

export { noQuery } from './schemas.js';

/** A request with no body, or `{}`. */
export const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;
