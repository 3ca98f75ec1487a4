// JSON schemas of the auth and user routes: user names, roles and the user answer (requests refuse unknown fields).
import { ROLES } from '@zld/api';
import { USERNAME_PATTERN } from './user-store.js';

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
