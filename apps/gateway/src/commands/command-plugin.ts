// The command routes: POST /api/tags/:name/write, /select and /cancel, translated to one CommandService call each.
import rateLimit from '@fastify/rate-limit';
import { API_ROUTES, ERROR_STATUS } from '@zld/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import { rateLimitError, type RateLimitSetting } from '../http/rate-limit.js';
import { refusalDto, requestApprovedWrite } from './approved-write.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { Actor, CommandRejected, CommandService } from './command-service.js';

export interface CommandPluginOptions {
  service: CommandService;
  /** Two-person approval: a write to a tag marked `approval: two-person` waits for a second user. */
  approvals?: ApprovalService;
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

function sendRejected(reply: FastifyReply, r: CommandRejected): FastifyReply {
  return reply.code(ERROR_STATUS[r.code]).send(refusalDto(r));
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
        const cmd = { tag: name, ...request.body };
        const actor = actorOf(request);
        if (service.needsApproval(name)) {
          const pending = requestApprovedWrite(service, opts.approvals, cmd, actor);
          if (!pending.ok) return sendRejected(reply, pending);
          return reply.code(202).send(pending.approval);
        }
        const result = await service.write(cmd, actor);
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
