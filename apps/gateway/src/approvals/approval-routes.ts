// The approval routes: list, approve (the approver's password re-checked through the login's throttle and hash gate), reject, cancel.
import rateLimit from '@fastify/rate-limit';
import { API_ROUTES, ERROR_STATUS, type ApiRoute, type ApprovalErrorDto } from '@zld/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.js';
import { defineRoute, type RouteHandler } from '../http/define-route.js';
import { rateLimitError, type RateLimitSetting } from '../http/rate-limit.js';
import { checkCredentials } from '../security/credential-check.js';
import { ApprovalError, type ApprovalActor, type ApprovalService } from './approval-service.js';

export interface ApprovalRoutesOptions {
  service: ApprovalService;
  /** Per source address and route (default 60 a minute). */
  rateLimit?: RateLimitSetting;
  /** How often requests past their time limit are expired and announced (default 1 s). */
  sweepEveryMs?: number;
}

/** The identified user of a request, with the role their session holds. */
export function approvalActorOf(app: FastifyInstance, request: FastifyRequest): ApprovalActor {
  const found = app.security.sessionOf(request.headers);
  if (!found) throw new ApiError('UNAUTHORIZED', 'authentication required');
  const s = found.session;
  return { username: s.username, role: s.role, sessionRef: s.ref, source: request.ip };
}

/**
 * An approver with two-factor authentication gives their code too (a TOTP code or a recovery code); a
 * missing or wrong one is audited and refused, and the attempt stays counted by the throttle.
 */
function secondFactor(
  app: FastifyInstance,
  username: string,
  source: string,
  code: string | undefined,
): void {
  const { users, audit } = app.security;
  if (!users.mfa.enabled(username)) return;
  if (code !== undefined && users.mfa.verify(username, code) !== null) return;
  const reason = code === undefined ? 'no two-factor code' : 'wrong two-factor code';
  audit.record({
    category: 'auth',
    action: 'approval-mfa-failed',
    outcome: 'failure',
    user: username,
    source,
    target: username,
    reason,
  });
  throw new ApiError(
    'FORBIDDEN',
    code === undefined
      ? 'give your two-factor code too: not approved'
      : 'the two-factor code is not right: not approved',
  );
}

async function registerApprovalRoutes(
  app: FastifyInstance,
  opts: ApprovalRoutesOptions,
): Promise<void> {
  const { service } = opts;
  const limit = opts.rateLimit ?? { max: 60, timeWindowMs: 60_000 };
  const sweep = setInterval(() => service.sweep(), opts.sweepEveryMs ?? 1000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));

  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false, errorResponseBuilder: rateLimitError });
    const config = { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } };
    /** A route whose refusals answer the error shape with the approval they concern. */
    const route = <R extends ApiRoute>(spec: R, handler: RouteHandler<R>) =>
      defineRoute(scope, spec, {
        config,
        handler: async (request, reply) => {
          try {
            return await handler(request, reply);
          } catch (err) {
            if (!(err instanceof ApprovalError)) throw err;
            const body: ApprovalErrorDto = {
              error: { code: err.code, message: err.message },
              ...(err.approval ? { approval: err.approval } : {}),
            };
            return reply.code(ERROR_STATUS[err.code]).send(body);
          }
        },
      });

    route(API_ROUTES.approvals, async () => service.list());

    route(API_ROUTES.approvalApprove, async (request, reply) => {
      const actor = approvalActorOf(app, request);
      // The session alone does not approve: the approver's own password, counted like a login.
      const user = await checkCredentials(app, {
        username: actor.username,
        password: request.body.password,
        source: request.ip,
        reply,
        actions: { refused: 'approval-throttled', failed: 'approval-password-failed' },
      });
      if (!user) throw new ApiError('FORBIDDEN', 'the password is not right: not approved');
      secondFactor(app, user.username, request.ip, request.body.code);
      // Every factor is right: the attempt no longer counts as a failure.
      app.security.throttle.succeeded(user.username, request.ip, app.security.clock.now());
      const { approval, result } = await service.approve(
        request.params.id,
        { ...actor, role: user.role },
        request.body.comment,
      );
      if (result.status >= 300)
        return reply.code(result.status).send({ ...(result.body as object), approval });
      return approval;
    });

    route(API_ROUTES.approvalReject, async (request) =>
      service.reject(request.params.id, approvalActorOf(app, request), request.body.comment),
    );

    route(API_ROUTES.approvalCancel, async (request) =>
      service.cancel(request.params.id, approvalActorOf(app, request)),
    );
  });
}

export const approvalRoutes = fp(registerApprovalRoutes, {
  name: 'zld-approvals',
  fastify: '5.x',
  dependencies: ['zld-access', 'zld-security'],
});
