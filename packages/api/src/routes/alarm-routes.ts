// The alarm routes: list, operator commands (ack, shelve, reset...), engineer settings, journal, KPI and flood.
import { type TSchema } from '@sinclair/typebox';
import { Type } from '../schemas/type.js';
import {
  AckRequestSchema,
  AlarmFloodSchema,
  AlarmIdParamsSchema,
  AlarmJournalEntrySchema,
  AlarmKpiSchema,
  alarmReplies,
  AlarmSchema,
  AlarmSettingsRequestSchema,
  CommentRequestSchema,
  JournalQuerySchema,
  KpiQuerySchema,
  OptionalReasonRequestSchema,
  ReasonRequestSchema,
  ShelveRequestSchema,
} from '../schemas/alarm-schemas.js';
import { ApprovalSchema } from '../schemas/approval-schemas.js';
import { NoFields } from '../schemas/json-types.js';
import type { ApiRoute } from '../route-spec.js';

const noQuery = NoFields();

/** A command on one alarm: `:id`, a body, the alarm as it stands after the command. */
const command = <B extends TSchema>(body: B) =>
  ({
    params: AlarmIdParamsSchema,
    querystring: noQuery,
    body,
    response: { 200: AlarmSchema, ...alarmReplies },
  }) as const;

/** A command the plant file may put under two-person approval: 202 with the pending approval. */
const approvable = <B extends TSchema>(body: B) =>
  ({
    params: AlarmIdParamsSchema,
    querystring: noQuery,
    body,
    response: { 200: AlarmSchema, 202: ApprovalSchema, ...alarmReplies },
  }) as const;

export const ALARM_API_ROUTES = {
  alarms: {
    method: 'GET',
    path: '/api/alarms',
    access: 'viewer',
    summary: 'The alarms not in Normal state',
    schema: { querystring: noQuery, response: { 200: Type.Array(AlarmSchema), ...alarmReplies } },
  },
  alarmAck: {
    method: 'POST',
    path: '/api/alarms/:id/ack',
    access: 'operator',
    summary: 'Acknowledge an alarm',
    bodyOptional: true,
    schema: command(AckRequestSchema),
  },
  alarmShelve: {
    method: 'POST',
    path: '/api/alarms/:id/shelve',
    access: 'operator',
    summary: 'Shelve an alarm for some minutes',
    schema: approvable(ShelveRequestSchema),
  },
  alarmUnshelve: {
    method: 'POST',
    path: '/api/alarms/:id/unshelve',
    access: 'operator',
    summary: 'Unshelve an alarm',
    bodyOptional: true,
    schema: command(OptionalReasonRequestSchema),
  },
  alarmJournal: {
    method: 'GET',
    path: '/api/alarms/journal',
    access: 'viewer',
    summary: 'Every alarm state change in a window (default the last 24 h)',
    schema: {
      querystring: JournalQuerySchema,
      response: { 200: Type.Array(AlarmJournalEntrySchema), ...alarmReplies },
    },
  },
  alarmOneShotShelve: {
    method: 'POST',
    path: '/api/alarms/:id/one-shot-shelve',
    access: 'operator',
    summary: 'Shelve an alarm until it next returns to normal',
    schema: approvable(ReasonRequestSchema),
  },
  alarmReset: {
    method: 'POST',
    path: '/api/alarms/:id/reset',
    access: 'operator',
    summary: 'Reset a latched alarm',
    bodyOptional: true,
    schema: command(CommentRequestSchema),
  },
  alarmOutOfService: {
    method: 'POST',
    path: '/api/alarms/:id/out-of-service',
    access: 'engineer',
    summary: 'Take an alarm out of service',
    schema: approvable(ReasonRequestSchema),
  },
  alarmInService: {
    method: 'POST',
    path: '/api/alarms/:id/in-service',
    access: 'engineer',
    summary: 'Return an alarm to service',
    bodyOptional: true,
    schema: command(OptionalReasonRequestSchema),
  },
  /** `{limit?, deadband?, onDelayS?, offDelayS?, reason}`: an engineer changes a limit alarm's settings. */
  alarmSettings: {
    method: 'PATCH',
    path: '/api/alarms/:id/settings',
    access: 'engineer',
    summary: "Change a limit alarm's limit, deadband or delays",
    schema: approvable(AlarmSettingsRequestSchema),
  },
  alarmKpi: {
    method: 'GET',
    path: '/api/alarms/kpi',
    access: 'engineer',
    summary: 'Alarm-system KPIs over a window: rates, floods, priorities, bad actors',
    schema: { querystring: KpiQuerySchema, response: { 200: AlarmKpiSchema, ...alarmReplies } },
  },
  alarmFlood: {
    method: 'GET',
    path: '/api/alarms/flood',
    access: 'viewer',
    summary: 'The sliding 10-minute alarm count per operator position',
    schema: { querystring: noQuery, response: { 200: AlarmFloodSchema, ...alarmReplies } },
  },
} as const satisfies Record<string, ApiRoute>;
