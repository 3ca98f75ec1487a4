// The audit trail as `GET /api/audit?from&to&limit` answers it (oldest first), and its verification.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { Named } from './component.js';
import { IsoDateTime, JsonTypes, OpenObject, StringEnum, Strict } from './json-types.js';

export const AUDIT_CATEGORIES = ['auth', 'command', 'alarm', 'config', 'user', 'system'] as const;
export type AuditCategoryDto = (typeof AUDIT_CATEGORIES)[number];
/** `pending`: a step was started whose result is recorded separately (a command sent, awaiting read-back). */
export const AUDIT_OUTCOMES = ['success', 'failure', 'refused', 'pending'] as const;
export type AuditOutcomeDto = (typeof AUDIT_OUTCOMES)[number];

const nullableString = () => JsonTypes(['string', 'null']);

export const AuditQuerySchema = Strict({
  from: Type.Optional(IsoDateTime({ maxLength: 40 })),
  to: Type.Optional(IsoDateTime({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export type AuditQueryDto = Static<typeof AuditQuerySchema>;

export const AuditRecordSchema = Named(
  'AuditRecord',
  Strict({
    seq: Type.Integer(),
    eventId: Type.String(),
    /** ISO-8601 UTC. */
    time: Type.String(),
    category: StringEnum(AUDIT_CATEGORIES),
    action: Type.String(),
    outcome: StringEnum(AUDIT_OUTCOMES),
    user: nullableString(),
    /** The source address. */
    source: nullableString(),
    target: nullableString(),
    oldValue: Type.Unknown(),
    newValue: Type.Unknown(),
    reason: nullableString(),
    details: Type.Union([Type.Null(), OpenObject()]),
  }),
);
export type AuditRecordDto = Static<typeof AuditRecordSchema>;

/** `GET /api/audit/verify`: every link re-computed and the trail compared with its anchors. */
export const AuditVerificationSchema = Named(
  'AuditVerification',
  Strict({
    ok: Type.Boolean(),
    /** Records read. */
    records: Type.Integer({ minimum: 0 }),
    /** The last record's seq (0: an empty trail). */
    headSeq: Type.Integer({ minimum: 0 }),
    /** The first record (or first missing seq) that does not fit. */
    firstBadSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Why it does not fit, in plain words. */
    reason: Type.Optional(Type.String()),
    /** Anchors compared with the trail. */
    anchorsChecked: Type.Integer({ minimum: 0 }),
  }),
);
export type AuditVerificationDto = Static<typeof AuditVerificationSchema>;
