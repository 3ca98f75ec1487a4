// The alarm API: the alarm object, journal entries, flood and KPI answers, and the bodies of operator commands.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { ALARM_EVENT_KINDS, ISA_STATES, SHELVING_STATES } from '@zld/alarms/constants';
import { ALARM_TYPES, PRIORITIES } from '@zld/plant/constants';
import { ErrorObjectSchema, QualitySchema, TagValueDataSchema } from './common-schemas.js';
import { Named } from './component.js';
import { IsoDateTime, JsonTypes, MapOf, OpenObject, StringEnum, Strict } from './json-types.js';

export type Priority = (typeof PRIORITIES)[number];
export type AlarmType = (typeof ALARM_TYPES)[number];

/**
 * The alarm engine's lists, under the wire's names: the ISA-18.2 states it derives from each alarm's
 * flags, the shelving states, and what a journal entry records (one definition, in the engine).
 */
export {
  ALARM_EVENT_KINDS as JOURNAL_KINDS,
  ISA_STATES as ALARM_STATES,
  SHELVING_STATES,
} from '@zld/alarms/constants';
export type AlarmStateName = (typeof ISA_STATES)[number];
export type ShelvingDto = (typeof SHELVING_STATES)[number];
export type JournalKindDto = (typeof ALARM_EVENT_KINDS)[number];

const nullableString = () => JsonTypes(['string', 'null']);
const nullableNumber = () => JsonTypes(['number', 'null']);
const text = () => Type.String({ maxLength: 500 });
const reason = () => Type.String({ minLength: 1, maxLength: 500 });
const isoQueryTime = () => IsoDateTime({ maxLength: 40 });
const priority = () => StringEnum(PRIORITIES);
const alarmState = () => StringEnum(ISA_STATES);
const shelving = () => StringEnum(SHELVING_STATES);

/** An element of `GET /api/alarms` and of the `alarms` socket event; times are ISO-8601 UTC. */
export const AlarmSchema = Named(
  'Alarm',
  Strict({
    id: Type.String(),
    tag: Type.String(),
    type: StringEnum(ALARM_TYPES),
    message: Type.String(),
    priority: priority(),
    /** OPC UA severity, 1-1000. */
    severity: Type.Integer(),
    state: alarmState(),
    active: Type.Boolean(),
    acked: Type.Boolean(),
    shelving: shelving(),
    suppressed: Type.Boolean(),
    outOfService: Type.Boolean(),
    latched: Type.Boolean(),
    firstOut: Type.Boolean(),
    /** Shown to the operator now (not shelved, suppressed or out of service). */
    annunciated: Type.Boolean(),
    /** The raw condition (true while it still holds, e.g. before a latched alarm may be reset). */
    conditionActive: JsonTypes(['boolean', 'null']),
    /** The notification an ack refers to. */
    eventId: Type.Integer(),
    activeSince: nullableString(),
    inactiveSince: nullableString(),
    ackedAt: nullableString(),
    ackedBy: nullableString(),
    ackComment: nullableString(),
    shelvedAt: nullableString(),
    shelvedUntil: nullableString(),
    shelvedBy: nullableString(),
    shelveReason: nullableString(),
    /** Milliseconds until the alarm unshelves by itself, at the time of the last evaluation. */
    unshelveTimeMs: nullableNumber(),
    outOfServiceBy: nullableString(),
    outOfServiceReason: nullableString(),
    lastChange: nullableString(),
    value: TagValueDataSchema,
    quality: QualitySchema,
    /** The input is Bad or Uncertain: the alarm state may not reflect the plant. */
    questionable: Type.Boolean(),
    limit: nullableNumber(),
    deadband: Type.Number(),
    cause: Type.String(),
    consequence: Type.String(),
    action: Type.String(),
    responseTimeS: Type.Number(),
  }),
);
export type AlarmDto = Static<typeof AlarmSchema>;

export const AlarmFlagsSchema = Strict({
  active: Type.Boolean(),
  acked: Type.Boolean(),
  shelving: shelving(),
  suppressed: Type.Boolean(),
  outOfService: Type.Boolean(),
  latched: Type.Boolean(),
  firstOut: Type.Boolean(),
});
export type AlarmFlagsDto = Static<typeof AlarmFlagsSchema>;

/** One state change of `GET /api/alarms/journal`. */
export const AlarmJournalEntrySchema = Named(
  'AlarmJournalEntry',
  Strict({
    seq: Type.Integer(),
    /** ISO-8601 UTC (gateway clock: plant time when following the PLCs). */
    ts: Type.String(),
    alarmId: Type.String(),
    tag: Type.String(),
    priority: priority(),
    kind: StringEnum(ALARM_EVENT_KINDS),
    from: alarmState(),
    to: alarmState(),
    /** The flags after the change. */
    flags: AlarmFlagsSchema,
    value: TagValueDataSchema,
    quality: QualitySchema,
    /** Who caused it (null for changes the process caused). */
    user: nullableString(),
    /** The operator's comment or reason. */
    comment: nullableString(),
    /** The alarm's message as defined now (null for an id the plant file no longer defines). */
    message: nullableString(),
  }),
);
export type AlarmJournalEntryDto = Static<typeof AlarmJournalEntrySchema>;

export const FloodStatusSchema = Strict({ count: Type.Integer(), inFlood: Type.Boolean() });

/** `GET /api/alarms/flood`: the sliding 10-minute count per operator position. */
export const AlarmFloodSchema = Strict({
  ts: Type.String(),
  positions: MapOf(FloodStatusSchema),
  inFlood: Type.Boolean(),
});
export type AlarmFloodDto = Static<typeof AlarmFloodSchema>;

/** `GET /api/alarms/kpi`: the KPI report's parts are nested records of numbers; only its outline is pinned. */
export const AlarmKpiSchema = Strict({
  from: Type.String(),
  to: Type.String(),
  rates: OpenObject(),
  flood: OpenObject(),
  priorities: OpenObject(),
  badActors: OpenObject(),
  chattering: Type.Array(OpenObject()),
  stale: Type.Array(OpenObject()),
  standing: Type.Array(OpenObject()),
  shelved: Type.Array(OpenObject()),
});
export type AlarmKpiDto = Static<typeof AlarmKpiSchema>;

/** `:id`: alarm ids are tag names with a suffix (`LIC-402.HH`) or direct-alarm ids (`ZLD-DISCHARGE`). */
export const AlarmIdParamsSchema = Strict({
  id: Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9_.:~-]+$' }),
});

export const AckRequestSchema = Strict({
  comment: Type.Optional(text()),
  /** The notification acknowledged (`eventId` of the alarm); a newer one answers 409. */
  eventId: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type AckRequestDto = Static<typeof AckRequestSchema>;

/** `minutes` is checked by the engine, so a value out of range answers its OPC UA code. */
export const ShelveRequestSchema = Strict({ minutes: Type.Number(), reason: reason() });
export type ShelveRequestDto = Static<typeof ShelveRequestSchema>;

export const ReasonRequestSchema = Strict({ reason: reason() });
export type ReasonRequestDto = Static<typeof ReasonRequestSchema>;

export const OptionalReasonRequestSchema = Strict({ reason: Type.Optional(text()) });
export type OptionalReasonRequestDto = Static<typeof OptionalReasonRequestSchema>;

export const CommentRequestSchema = Strict({ comment: Type.Optional(text()) });
export type CommentRequestDto = Static<typeof CommentRequestSchema>;

/** An engineer's change of a limit alarm: always a reason, and at least one setting (checked by the route). */
export const AlarmSettingsRequestSchema = Strict({
  limit: Type.Optional(Type.Number()),
  deadband: Type.Optional(Type.Number({ minimum: 0 })),
  onDelayS: Type.Optional(Type.Number({ minimum: 0, maximum: 3600 })),
  offDelayS: Type.Optional(Type.Number({ minimum: 0, maximum: 3600 })),
  reason: reason(),
});
export type AlarmSettingsRequestDto = Static<typeof AlarmSettingsRequestSchema>;

export const JournalQuerySchema = Strict({
  from: Type.Optional(isoQueryTime()),
  to: Type.Optional(isoQueryTime()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  alarm: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
});
export type JournalQueryDto = Static<typeof JournalQuerySchema>;

export const KpiQuerySchema = Strict({
  from: Type.Optional(isoQueryTime()),
  to: Type.Optional(isoQueryTime()),
});
export type KpiQueryDto = Static<typeof KpiQuerySchema>;

/** The error shape, plus the OPC UA status code when the alarm engine refused a command. */
export const AlarmErrorSchema = Named(
  'AlarmError',
  Strict({ error: ErrorObjectSchema, status: Type.Optional(Type.String()) }),
);
export type AlarmErrorDto = Static<typeof AlarmErrorSchema>;

export const alarmReplies = { '4xx': AlarmErrorSchema, '5xx': AlarmErrorSchema } as const;
