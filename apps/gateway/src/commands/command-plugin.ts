// The command routes: POST /api/tags/:name/write, /select and /cancel, translated to one CommandService call each.
import rateLimit from '@fastify/rate-limit';
import { ERROR_STATUS } from '@zld/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.js';
import {
  commandId,
  commandValue,
  emptyBody,
  errorReplies,
  noQuery,
  tagNameParams,
} from '../security/reply-schemas.js';
import { bodyMayBeEmpty, commandValueAsSent } from '../security/request-guards.js';
import { SECURITY_ROUTES } from '../security/routes.js';
import { rateLimitError, type RateLimitSetting } from '../security/security-plugin.js';
import type { Actor, CommandRejected, CommandService } from './command-service.js';

export interface CommandPluginOptions {
  service: CommandService;
  /** Per source address and route (write, select, cancel each; default 60 a minute). */
  rateLimit?: RateLimitSetting;
}

const writeBody = {
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

const selectBody = {
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

const writeReply = {
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

const selectReply = {
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

const cancelReply = {
  type: 'object',
  additionalProperties: false,
  required: ['tag', 'cancelled'],
  properties: { tag: { type: 'string' }, cancelled: { type: 'boolean' } },
} as const;

const rejected = { '4xx': rejectedReply, '5xx': rejectedReply } as const;

function sendRejected(reply: FastifyReply, r: CommandRejected): FastifyReply {
  return reply.code(ERROR_STATUS[r.code]).send({
    error: { code: r.code, message: r.reason },
    reason: r.reason,
    tag: r.tag,
    ...(r.commandId !== undefined ? { commandId: r.commandId } : {}),
    ...(r.interlock !== undefined ? { interlock: r.interlock } : {}),
    ...(r.dischargePath !== undefined ? { dischargePath: r.dischargePath } : {}),
    ...(r.sbo !== undefined ? { sbo: r.sbo } : {}),
    duplicate: r.duplicate,
  });
}

async function registerCommands(app: FastifyInstance, opts: CommandPluginOptions): Promise<void> {
  const { service } = opts;
  const limit = opts.rateLimit ?? { max: 60, timeWindowMs: 60_000 };
  const stop = app.security.sessions.onEnd((s) => service.releaseSession(s.ref));
  app.addHook('onClose', async () => stop());

  const actorOf = (request: FastifyRequest): Actor => {
    const found = app.security.sessionOf(request.headers);
    if (!found) throw new ApiError('UNAUTHORIZED', 'authentication required');
    const s = found.session;
    return { username: s.username, role: s.role, sessionRef: s.ref, source: request.ip };
  };

  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false, errorResponseBuilder: rateLimitError });
    const config = (access: 'operator') => ({
      access,
      rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs },
    });

    scope.route({
      method: 'POST',
      url: SECURITY_ROUTES.tagWrite.path,
      config: config(SECURITY_ROUTES.tagWrite.access),
      preValidation: commandValueAsSent,
      schema: {
        params: tagNameParams,
        querystring: noQuery,
        body: writeBody,
        response: { 200: writeReply, ...rejected },
      },
      handler: async (request, reply) => {
        const { name } = request.params as { name: string };
        const body = request.body as {
          value: number | boolean;
          reason?: string;
          commandId?: string;
          selectId?: string;
        };
        const result = await service.write({ tag: name, ...body }, actorOf(request));
        if (!result.ok) return sendRejected(reply, result);
        const { ok: _ok, ...done } = result;
        return done;
      },
    });

    scope.route({
      method: 'POST',
      url: SECURITY_ROUTES.tagSelect.path,
      config: config(SECURITY_ROUTES.tagSelect.access),
      preValidation: commandValueAsSent,
      schema: {
        params: tagNameParams,
        querystring: noQuery,
        body: selectBody,
        response: { 200: selectReply, ...rejected },
      },
      handler: async (request, reply) => {
        const { name } = request.params as { name: string };
        const { value } = request.body as { value: number | boolean };
        const result = service.select({ tag: name, value }, actorOf(request));
        if (!result.ok) return sendRejected(reply, result);
        const { ok: _ok, ...done } = result;
        return done;
      },
    });

    scope.route({
      method: 'POST',
      url: SECURITY_ROUTES.tagCancel.path,
      config: config(SECURITY_ROUTES.tagCancel.access),
      preValidation: bodyMayBeEmpty,
      schema: {
        params: tagNameParams,
        querystring: noQuery,
        body: emptyBody,
        response: { 200: cancelReply, ...rejected },
      },
      handler: async (request, reply) => {
        const { name } = request.params as { name: string };
        const result = service.cancel(name, actorOf(request));
        if (!result.ok) return sendRejected(reply, result);
        return { tag: result.tag, cancelled: true };
      },
    });
  });
}

export const commandPlugin = fp(registerCommands, {
  name: 'zld-commands',
  fastify: '5.x',
  dependencies: ['zld-access', 'zld-security'],
});
