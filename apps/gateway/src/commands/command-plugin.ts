// The command routes: POST /api/tags/:name/write, /select and /cancel, translated to one CommandService call each.
import rateLimit from '@fastify/rate-limit';
import { API_ROUTES, ERROR_STATUS, type CommandRefusalDto } from '@zld/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import { rateLimitError, type RateLimitSetting } from '../http/rate-limit.js';
import type { Actor, CommandRejected, CommandService } from './command-service.js';

export interface CommandPluginOptions {
  service: CommandService;
  /** Per source address and route (write, select, cancel each; default 60 a minute). */
  rateLimit?: RateLimitSetting;
}

/**
 * fastify's validator coerces types (`"50"` or `null` would become a number); a command value must be
 * a JSON number or boolean as sent, so anything else is refused before validation.
 */
export async function commandValueAsSent(request: FastifyRequest): Promise<void> {
  const body = request.body as { value?: unknown } | null | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return; // the schema refuses it
  if (!('value' in body)) return;
  const v = body.value;
  if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return;
  throw new ApiError('BAD_REQUEST', 'value must be a JSON number or boolean');
}

/** A refusal in the wire's shape: the error, plus what blocked the command. */
function sendRejected(reply: FastifyReply, r: CommandRejected): FastifyReply {
  const refusal: CommandRefusalDto = {
    error: { code: r.code, message: r.reason },
    reason: r.reason,
    tag: r.tag,
    ...(r.commandId !== undefined ? { commandId: r.commandId } : {}),
    ...(r.interlock !== undefined ? { interlock: r.interlock } : {}),
    ...(r.dischargePath !== undefined ? { dischargePath: r.dischargePath } : {}),
    ...(r.sbo !== undefined ? { sbo: r.sbo } : {}),
    duplicate: r.duplicate,
  };
  return reply.code(ERROR_STATUS[r.code]).send(refusal);
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
    const config = { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } };

    defineRoute(scope, API_ROUTES.tagWrite, {
      config,
      preValidation: commandValueAsSent,
      handler: async (request, reply) => {
        const { name } = request.params;
        const result = await service.write({ tag: name, ...request.body }, actorOf(request));
        if (!result.ok) return sendRejected(reply, result);
        const { ok: _ok, ...done } = result;
        return done;
      },
    });

    defineRoute(scope, API_ROUTES.tagSelect, {
      config,
      preValidation: commandValueAsSent,
      handler: async (request, reply) => {
        const { name } = request.params;
        const { value } = request.body;
        const result = service.select({ tag: name, value }, actorOf(request));
        if (!result.ok) return sendRejected(reply, result);
        const { ok: _ok, ...done } = result;
        return done;
      },
    });

    defineRoute(scope, API_ROUTES.tagCancel, {
      config,
      handler: async (request, reply) => {
        const { name } = request.params;
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
