// The alarm routes (list, ack, shelve, unshelve, reset, out of service, journal, KPI, flood): each is one AlarmService call.
import type { AlarmErrorCode } from '@zld/alarms';
import { AlarmCommandError, SETTING_FIELDS, type AlarmSettings } from '@zld/alarms';
import { API_ROUTES, type ErrorCode, type RouteSpec } from '@zld/api';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.js';
import { defineRoute } from '../http/define-route.js';
import { bodyMayBeEmpty } from '../http/request-guards.js';
import type { AuthUser } from '../http/access-plugin.js';
import { toFloodDto, toJournalEntryDto, toKpiDto } from './alarm-dtos.js';
import {
  ackBody,
  alarmErrorReplies,
  alarmIdParams,
  alarmReply,
  commentBody,
  floodReply,
  journalEntryReply,
  journalQuery,
  kpiQuery,
  kpiReply,
  noQuery,
  optionalReasonBody,
  reasonBody,
  settingsBody,
  shelveBody,
} from './alarm-schemas.js';
import type { AlarmActor, AlarmService } from './alarm-service.js';

/** The contract's alarm routes, and the ones this work adds (documented in the alarming README). */
export const ALARM_ROUTES = {
  list: API_ROUTES.alarms,
  ack: API_ROUTES.alarmAck,
  shelve: API_ROUTES.alarmShelve,
  unshelve: API_ROUTES.alarmUnshelve,
  journal: API_ROUTES.alarmJournal,
  oneShotShelve: { method: 'POST', path: '/api/alarms/:id/one-shot-shelve', access: 'operator' },
  reset: { method: 'POST', path: '/api/alarms/:id/reset', access: 'operator' },
  outOfService: { method: 'POST', path: '/api/alarms/:id/out-of-service', access: 'engineer' },
  inService: { method: 'POST', path: '/api/alarms/:id/in-service', access: 'engineer' },
  settings: API_ROUTES.alarmSettings,
  kpi: { method: 'GET', path: '/api/alarms/kpi', access: 'engineer' },
  flood: { method: 'GET', path: '/api/alarms/flood', access: 'viewer' },
} as const satisfies Record<string, RouteSpec>;

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
}

const DAY_MS = 86_400_000;

async function registerAlarmRoutes(app: FastifyInstance, opts: AlarmRoutesOptions): Promise<void> {
  const { service } = opts;
  const maxWindowMs = opts.maxWindowMs ?? 31 * DAY_MS;
  /** One route; a refusal of the engine answers with its HTTP status and OPC UA code. */
  const route = (
    spec: RouteSpec,
    schema: FastifySchema,
    handler: (request: FastifyRequest, reply: FastifyReply) => unknown,
    preValidation?: (request: FastifyRequest) => Promise<void>,
  ) =>
    defineRoute(app, spec, {
      schema: { ...schema, response: { ...(schema.response as object), ...alarmErrorReplies } },
      ...(preValidation ? { preValidation } : {}),
      handler: async (request, reply) => {
        try {
          return await handler(request, reply);
        } catch (err) {
          if (!(err instanceof AlarmCommandError)) throw err;
          const http = ALARM_ERROR_HTTP[err.code];
          return reply.code(http.status).send({
            error: { code: http.code, message: `${err.code}: ${err.message}` },
            status: err.code,
          });
        }
      },
    });

  const actorOf = (request: FastifyRequest): AlarmActor => {
    const who: AuthUser | null = request.user;
    const user = who?.username ?? opts.anonymousUser;
    if (user === undefined) throw new ApiError('UNAUTHORIZED', 'an identified user is required');
    return { user, source: request.ip };
  };
  const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;
  const command = {
    params: alarmIdParams,
    querystring: noQuery,
    response: { 200: alarmReply },
  } as const;

  route(
    ALARM_ROUTES.list,
    { querystring: noQuery, response: { 200: { type: 'array', items: alarmReply } } },
    () => service.list(),
  );

  route(
    ALARM_ROUTES.ack,
    { ...command, body: ackBody },
    (request) => service.ack(idOf(request), actorOf(request), body(request)),
    bodyMayBeEmpty,
  );

  route(
    ALARM_ROUTES.shelve,
    { ...command, body: shelveBody },
    (request) => service.shelve(idOf(request), actorOf(request), body(request)),
    minutesAsSent,
  );

  route(ALARM_ROUTES.oneShotShelve, { ...command, body: reasonBody }, (request) =>
    service.oneShotShelve(idOf(request), actorOf(request), body(request)),
  );

  route(
    ALARM_ROUTES.unshelve,
    { ...command, body: optionalReasonBody },
    (request) => service.unshelve(idOf(request), actorOf(request), body(request)),
    bodyMayBeEmpty,
  );

  route(
    ALARM_ROUTES.reset,
    { ...command, body: commentBody },
    (request) => service.reset(idOf(request), actorOf(request), body(request)),
    bodyMayBeEmpty,
  );

  route(ALARM_ROUTES.outOfService, { ...command, body: reasonBody }, (request) =>
    service.removeFromService(idOf(request), actorOf(request), body(request)),
  );

  route(
    ALARM_ROUTES.inService,
    { ...command, body: optionalReasonBody },
    (request) => service.returnToService(idOf(request), actorOf(request), body(request)),
    bodyMayBeEmpty,
  );

  route(
    ALARM_ROUTES.settings,
    { ...command, body: settingsBody },
    (request) => {
      const change = body<AlarmSettings & { reason: string }>(request);
      if (!SETTING_FIELDS.some((k) => change[k] !== undefined))
        throw new ApiError('BAD_REQUEST', `give at least one of ${SETTING_FIELDS.join(', ')}`);
      return service.changeSettings(idOf(request), actorOf(request), change);
    },
    settingsAsSent,
  );

  route(
    ALARM_ROUTES.journal,
    { querystring: journalQuery, response: { 200: { type: 'array', items: journalEntryReply } } },
    (request) => {
      const q = request.query as { from?: string; to?: string; limit?: number; alarm?: string };
      const { from, to } = windowOf(q, service.now(), maxWindowMs);
      const messages = new Map<string, string | null>();
      const messageOf = (id: string): string | null => {
        if (!messages.has(id)) messages.set(id, service.get(id)?.message ?? null);
        return messages.get(id)!;
      };
      return service
        .journal(from, to, q.limit ?? 10_000, q.alarm)
        .map((e) => toJournalEntryDto(e, messageOf(e.alarmId)));
    },
  );

  route(ALARM_ROUTES.kpi, { querystring: kpiQuery, response: { 200: kpiReply } }, (request) => {
    const { from, to } = windowOf(
      request.query as { from?: string; to?: string },
      service.now(),
      maxWindowMs,
    );
    return toKpiDto(service.kpi(from, to));
  });

  route(ALARM_ROUTES.flood, { querystring: noQuery, response: { 200: floodReply } }, () =>
    toFloodDto(service.floodStatus(), service.now()),
  );
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

function body<T = Record<string, never>>(request: FastifyRequest): T {
  return (request.body ?? {}) as T;
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
