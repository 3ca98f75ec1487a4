// JSON schemas of the alarm routes: request bodies and queries refuse unknown fields; answers are serialised by them.
import { ALARM_EVENT_KINDS, ISA_STATES, SHELVING_STATES } from '@zld/alarms';
import { ERROR_CODES } from '@zld/api';
import { LIMIT_TYPES, PRIORITIES } from '@zld/plant';
import { STATUS_CODES } from '@zld/tags';

const QUALITIES = Object.keys(STATUS_CODES);
const ALARM_TYPES = [...LIMIT_TYPES, 'ROC', 'DISCRETE', 'DIRECT'];
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const bool = { type: 'boolean' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const nullableNum = { type: ['number', 'null'] } as const;
const value = { type: ['number', 'boolean', 'null'] } as const;
const isoTime = { type: 'string', format: 'date-time', maxLength: 40 } as const;
const text = { type: 'string', maxLength: 500 } as const;
const reason = { type: 'string', minLength: 1, maxLength: 500 } as const;

const object = (
  properties: Record<string, unknown>,
  required: readonly string[] = Object.keys(properties),
) => ({ type: 'object', additionalProperties: false, required, properties }) as const;

/** `:id`: alarm ids are tag names with a suffix (`LIC-402.HH`) or direct-alarm ids (`ZLD-DISCHARGE`). */
export const alarmIdParams = object({
  id: { type: 'string', minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9_.:~-]+$' },
});

export const noQuery = object({});

export const ackBody = object({ comment: text, eventId: { type: 'integer', minimum: 1 } }, []);
/** `minutes` is checked by the engine, so a value out of range answers its OPC UA code. */
export const shelveBody = object({ minutes: num, reason }, ['minutes', 'reason']);
export const reasonBody = object({ reason }, ['reason']);
export const optionalReasonBody = object({ reason: text }, []);
export const commentBody = object({ comment: text }, []);
/** An engineer's change of a limit alarm: always a reason (the route asks for at least one setting). */
export const settingsBody = object(
  {
    limit: num,
    deadband: { type: 'number', minimum: 0 },
    onDelayS: { type: 'number', minimum: 0, maximum: 3600 },
    offDelayS: { type: 'number', minimum: 0, maximum: 3600 },
    reason,
  },
  ['reason'],
);

export const windowQuery = object(
  { from: isoTime, to: isoTime, limit: { type: 'integer', minimum: 1, maximum: 100_000 } },
  [],
);
export const journalQuery = object(
  {
    from: isoTime,
    to: isoTime,
    limit: { type: 'integer', minimum: 1, maximum: 100_000 },
    alarm: { type: 'string', minLength: 1, maxLength: 80 },
  },
  [],
);
export const kpiQuery = object({ from: isoTime, to: isoTime }, []);

export const alarmReply = object({
  id: str,
  tag: str,
  type: { type: 'string', enum: ALARM_TYPES },
  message: str,
  priority: { type: 'string', enum: PRIORITIES },
  severity: int,
  state: { type: 'string', enum: ISA_STATES },
  active: bool,
  acked: bool,
  shelving: { type: 'string', enum: SHELVING_STATES },
  suppressed: bool,
  outOfService: bool,
  latched: bool,
  firstOut: bool,
  annunciated: bool,
  conditionActive: { type: ['boolean', 'null'] },
  eventId: int,
  activeSince: nullableStr,
  inactiveSince: nullableStr,
  ackedAt: nullableStr,
  ackedBy: nullableStr,
  ackComment: nullableStr,
  shelvedAt: nullableStr,
  shelvedUntil: nullableStr,
  shelvedBy: nullableStr,
  shelveReason: nullableStr,
  unshelveTimeMs: nullableNum,
  outOfServiceBy: nullableStr,
  outOfServiceReason: nullableStr,
  lastChange: nullableStr,
  value,
  quality: { type: 'string', enum: QUALITIES },
  questionable: bool,
  limit: nullableNum,
  deadband: num,
  cause: str,
  consequence: str,
  action: str,
  responseTimeS: num,
});

const flags = object({
  active: bool,
  acked: bool,
  shelving: { type: 'string', enum: SHELVING_STATES },
  suppressed: bool,
  outOfService: bool,
  latched: bool,
  firstOut: bool,
});

export const journalEntryReply = object({
  seq: int,
  ts: str,
  alarmId: str,
  tag: str,
  priority: { type: 'string', enum: PRIORITIES },
  kind: { type: 'string', enum: ALARM_EVENT_KINDS },
  from: { type: 'string', enum: ISA_STATES },
  to: { type: 'string', enum: ISA_STATES },
  flags,
  value,
  quality: { type: 'string', enum: QUALITIES },
  user: nullableStr,
  comment: nullableStr,
  message: nullableStr,
});

export const floodReply = object({
  ts: str,
  positions: {
    type: 'object',
    additionalProperties: object({ count: int, inFlood: bool }),
  },
  inFlood: bool,
});

/** The KPI report's parts are nested records of numbers; only its outline is pinned here. */
const open = { type: 'object', additionalProperties: true } as const;
const openList = { type: 'array', items: open } as const;
export const kpiReply = object({
  from: str,
  to: str,
  rates: open,
  flood: open,
  priorities: open,
  badActors: open,
  chattering: openList,
  stale: openList,
  standing: openList,
  shelved: openList,
});

const errorObject = object({ code: { type: 'string', enum: ERROR_CODES }, message: str });

/** The contract's error shape, plus the OPC UA status code when the alarm engine refused a command. */
export const alarmErrorReply = object({ error: errorObject, status: str }, ['error']);
export const alarmErrorReplies = { '4xx': alarmErrorReply, '5xx': alarmErrorReply } as const;
