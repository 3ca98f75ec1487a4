// The alarm routes (list, ack, shelve, unshelve, reset, out of service, settings, journal, KPI, flood): each is one AlarmService call.
import type { AlarmErrorCode } from '@zld/alarms';
import { AlarmCommandError, SETTING_FIELDS } from '@zld/alarms';
import { API_ROUTES, type AlarmErrorDto, type ApiRoute, type ErrorCode } from '@zld/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.js';
import { defineRoute, type RouteHandler } from '../http/define-route.js';
import type { AuthUser } from '../http/access-plugin.js';
import { toFloodDto, toJournalEntryDto, toKpiDto } from './alarm-dtos.js';
import type { AlarmActor, AlarmService } from './alarm-service.js';
import {
  checkSettingsChange,
  needsApproval,
  requestAlarmApproval,
  type PendingAlarmCommand,
} from './alarm-approvals.js';
import { approvalActorOf } from '../approvals/approval-routes.js';
import { ApprovalError, type ApprovalService } from '../approvals/approval-service.js';

/** How each refusal of the engine answers over HTTP. */
export const ALARM_ERROR_HTTP: Readonly<
  Record<AlarmErrorCode, { status: number; code: ErrorCode }>
> = {
  Bad_NodeIdUnknown: { status: 404, code: 'NOT_FOUND' },
  // The id exists (unknown ids are Bad_NodeIdUnknown): the EventId is not the current notification.
  Bad_EventIdUnknown: { status: 409, code: 'CONFLICT' },
  Bad_ConditionBranchAlreadyAcked: { status: 409, code: 'CONFLICT' },
  Bad_ConditionAlreadyShelved: { status: 409, code: 'CONFLICT' },
  Bad_ConditionNotShelved: { status: 409, code: 'CONFLICT' },
  Bad_InvalidState: { status: 409, code: 'CONFLICT' },
  Bad_ShelvingTimeOutOfRange: { status: 400, code: 'BAD_REQUEST' },
  Bad_OutOfRange: { status: 400, code: 'BAD_REQUEST' },
};

export interface AlarmRoutesOptions {
  service: AlarmService;
  /**
   * The name commands are recorded under when the authorizer identifies nobody (the open development
   * authorizer). Unset: such commands answer 401, since every ack and shelve must name its user.
   */
  anonymousUser?: string;
  /** The longest journal or KPI window, ms (default 31 days). */
  maxWindowMs?: number;
  /**
   * Two-person approval of what the plant file marks (default: the app's `approvals`, present with
   * user accounts). Without one, a command that needs approval is refused (403).
   */
  approvals?: ApprovalService;
}

const DAY_MS = 86_400_000;

async function registerAlarmRoutes(app: FastifyInstance, opts: AlarmRoutesOptions): Promise<void> {
  const { service } = opts;
  const maxWindowMs = opts.maxWindowMs ?? 31 * DAY_MS;
  /** One route of `API_ROUTES`; a refusal of the engine answers with its HTTP status and OPC UA code. */
  const route = <R extends ApiRoute>(
    spec: R,
    handler: RouteHandler<R>,
    preValidation?: (request: FastifyRequest) => Promise<void>,
  ) =>
    defineRoute(app, spec, {
      ...(preValidation ? { preValidation } : {}),
      handler: async (request, reply) => {
        try {
          return await handler(request, reply);
        } catch (err) {
          if (!(err instanceof AlarmCommandError)) throw err;
          const refusal = refusalOf(err);
          return reply.code(refusal.status).send(refusal.body);
        }
      },
    });

  const actorOf = (request: FastifyRequest): AlarmActor => {
    const who: AuthUser | null = request.user;
    const user = who?.username ?? opts.anonymousUser;
    if (user === undefined) throw new ApiError('UNAUTHORIZED', 'an identified user is required');
    return { user, source: request.ip };
  };

  const approvals = opts.approvals ?? (app.hasDecorator('approvals') ? app.approvals : undefined);
  const refusalOf = (err: AlarmCommandError) => {
    const http = ALARM_ERROR_HTTP[err.code];
    const body: AlarmErrorDto = {
      error: { code: http.code, message: `${err.code}: ${err.message}` },
      status: err.code,
    };
    return { status: http.status, body };
  };
  /** A command the plant file marks two-person: 202 with the pending approval, nothing done yet. */
  const pend = (
    request: FastifyRequest,
    reply: FastifyReply,
    cmd: Omit<PendingAlarmCommand, 'refusal'>,
  ) => {
    if (!approvals)
      throw new ApiError(
        'FORBIDDEN',
        `${cmd.id} needs two-person approval, which needs user accounts`,
      );
    const actor = actorOf(request);
    try {
      const requester = approvalActorOf(app, request);
      const pending = { ...cmd, refusal: refusalOf };
      return reply
        .code(202)
        .send(requestAlarmApproval(service, approvals, pending, requester, actor));
    } catch (err) {
      if (err instanceof ApprovalError) throw new ApiError(err.code, err.message);
      throw err;
    }
  };

  route(API_ROUTES.alarms, async () => service.list());

  route(API_ROUTES.alarmAck, async (request) =>
    service.ack(request.params.id, actorOf(request), request.body),
  );

  route(
    API_ROUTES.alarmShelve,
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      if (needsApproval(service, id, 'alarm-shelve'))
        return pend(request, reply, {
          kind: 'alarm-shelve',
          id,
          summary: `shelve ${id} for ${body.minutes} min`,
          newValue: { shelved: 'timed', minutes: body.minutes },
          reason: body.reason,
          run: (actor) => service.shelve(id, actor, body),
        });
      return service.shelve(id, actorOf(request), body);
    },
    minutesAsSent,
  );

  route(API_ROUTES.alarmOneShotShelve, async (request, reply) => {
    const { id } = request.params;
    const body = request.body;
    if (needsApproval(service, id, 'alarm-one-shot-shelve'))
      return pend(request, reply, {
        kind: 'alarm-one-shot-shelve',
        id,
        summary: `shelve ${id} until it next clears`,
        newValue: { shelved: 'one-shot' },
        reason: body.reason,
        run: (actor) => service.oneShotShelve(id, actor, body),
      });
    return service.oneShotShelve(id, actorOf(request), body);
  });

  route(API_ROUTES.alarmUnshelve, async (request) =>
    service.unshelve(request.params.id, actorOf(request), request.body),
  );

  route(API_ROUTES.alarmReset, async (request) =>
    service.reset(request.params.id, actorOf(request), request.body),
  );

  route(API_ROUTES.alarmOutOfService, async (request, reply) => {
    const { id } = request.params;
    const body = request.body;
    if (needsApproval(service, id, 'alarm-out-of-service'))
      return pend(request, reply, {
        kind: 'alarm-out-of-service',
        id,
        summary: `take ${id} out of service`,
        newValue: { state: 'OutOfService' },
        reason: body.reason,
        run: (actor) => service.removeFromService(id, actor, body),
      });
    return service.removeFromService(id, actorOf(request), body);
  });

  route(API_ROUTES.alarmInService, async (request) =>
    service.returnToService(request.params.id, actorOf(request), request.body),
  );

  route(
    API_ROUTES.alarmSettings,
    async (request, reply) => {
      const { id } = request.params;
      const change = request.body;
      if (!SETTING_FIELDS.some((k) => change[k] !== undefined))
        throw new ApiError('BAD_REQUEST', `give at least one of ${SETTING_FIELDS.join(', ')}`);
      if (needsApproval(service, id, 'alarm-settings')) {
        const { reason, ...settings } = change;
        checkSettingsChange(service, id, settings);
        return pend(request, reply, {
          kind: 'alarm-settings',
          id,
          summary: `change ${id}: ${Object.entries(settings)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(', ')}`,
          newValue: settings,
          reason,
          run: (actor) => service.changeSettings(id, actor, change),
        });
      }
      return service.changeSettings(id, actorOf(request), change);
    },
    settingsAsSent,
  );

  route(API_ROUTES.alarmJournal, async (request) => {
    const q = request.query;
    const { from, to } = windowOf(q, service.now(), maxWindowMs);
    const messages = new Map<string, string | null>();
    const messageOf = (id: string): string | null => {
      if (!messages.has(id)) messages.set(id, service.get(id)?.message ?? null);
      return messages.get(id)!;
    };
    return service
      .journal(from, to, q.limit ?? 10_000, q.alarm)
      .map((e) => toJournalEntryDto(e, messageOf(e.alarmId)));
  });

  route(API_ROUTES.alarmKpi, async (request) => {
    const { from, to } = windowOf(request.query, service.now(), maxWindowMs);
    return toKpiDto(service.kpi(from, to));
  });

  route(API_ROUTES.alarmFlood, async () => toFloodDto(service.floodStatus(), service.now()));
}

/** `from`/`to` (ISO-8601) as epoch ms: default the last 24 h; `from` before `to`, at most `maxMs` apart. */
export function windowOf(
  q: { from?: string; to?: string },
  now: number,
  maxMs: number,
): { from: number; to: number } {
  const to = q.to === undefined ? now + 1 : Date.parse(q.to);
  const from = q.from === undefined ? to - DAY_MS : Date.parse(q.from);
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new ApiError('BAD_REQUEST', 'from and to must be ISO-8601 times');
  if (from >= to) throw new ApiError('BAD_REQUEST', 'from must be before to');
  if (to - from > maxMs)
    throw new ApiError('BAD_REQUEST', `the window may span at most ${maxMs / DAY_MS} days`);
  return { from, to };
}

/** The validator would coerce `"30"` to 30: a shelving time must be a JSON number as sent. */
async function minutesAsSent(request: FastifyRequest): Promise<void> {
  const b = request.body as { minutes?: unknown } | null | undefined;
  if (typeof b !== 'object' || b === null || !('minutes' in b)) return; // the schema answers
  if (typeof b.minutes !== 'number')
    throw new ApiError('BAD_REQUEST', 'minutes must be a JSON number');
}

/** The validator would coerce `"85"` to 85: settings must be JSON numbers as sent. */
async function settingsAsSent(request: FastifyRequest): Promise<void> {
  const b = request.body as Record<string, unknown> | null | undefined;
  if (typeof b !== 'object' || b === null) return; // the schema answers
  for (const k of SETTING_FIELDS)
    if (k in b && typeof b[k] !== 'number')
      throw new ApiError('BAD_REQUEST', `${k} must be a JSON number`);
}

export const alarmRoutes = fp(registerAlarmRoutes, {
  name: 'zld-alarms',
  fastify: '5.x',
  dependencies: ['zld-access', 'zld-errors'],
});
