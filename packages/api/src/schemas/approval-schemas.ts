// Two-person approval: a pending request on a critical item, and the approve, reject and cancel bodies.
import { type Static } from '@sinclair/typebox';
import { Type } from './type.js';
import { ErrorObjectSchema, RoleSchema } from './common-schemas.js';
import { Named } from './component.js';
import { IsoDateTime, NoFields, StringEnum, Strict } from './json-types.js';

/** What waits for a second user: an alarm's settings, its removal from service or shelving, or a write. */
export const APPROVAL_KINDS = [
  'alarm-settings',
  'alarm-out-of-service',
  'alarm-shelve',
  'alarm-one-shot-shelve',
  'tag-write',
] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** pending, then exactly one of the others. `failed`: approved, but the action was refused when applied. */
export const APPROVAL_STATES = [
  'pending',
  'applied',
  'failed',
  'rejected',
  'cancelled',
  'expired',
] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

const anyValue = () => Type.Unknown();

export const ApprovalSchema = Named(
  'Approval',
  Strict({
    id: Type.String(),
    kind: StringEnum(APPROVAL_KINDS),
    /** The alarm id or tag name. */
    target: Type.String(),
    /** One line for people: what will be done. */
    summary: Type.String(),
    /** What stands now (an alarm's settings or state, a tag's value) and what is asked. */
    oldValue: anyValue(),
    newValue: anyValue(),
    reason: Type.Union([Type.String(), Type.Null()]),
    requestedBy: Type.String(),
    /** The least role the approver needs: the role the action itself needs. */
    requiredRole: RoleSchema,
    requestedAt: IsoDateTime(),
    expiresAt: IsoDateTime(),
    state: StringEnum(APPROVAL_STATES),
    decidedBy: Type.Union([Type.String(), Type.Null()]),
    decidedAt: Type.Union([IsoDateTime(), Type.Null()]),
    comment: Type.Union([Type.String(), Type.Null()]),
    /** Applied or failed: the HTTP status and body the action answered. */
    result: Type.Union([Strict({ status: Type.Integer(), body: anyValue() }), Type.Null()]),
  }),
);
export type ApprovalDto = Static<typeof ApprovalSchema>;

export const ApprovalIdParamsSchema = Strict({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});

/** The approver re-enters their own password: the session alone does not approve. */
export const ApproveRequestSchema = Strict({
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  /** An approver with two-factor authentication: their current TOTP code or a recovery code. */
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  comment: Type.Optional(Type.String({ maxLength: 500 })),
});
export type ApproveRequestDto = Static<typeof ApproveRequestSchema>;

export const RejectRequestSchema = Strict({
  comment: Type.Optional(Type.String({ maxLength: 500 })),
});
export type RejectRequestDto = Static<typeof RejectRequestSchema>;

export const ApprovalListQuerySchema = NoFields();

/** The error shape, plus the approval it concerns when there is one. */
export const ApprovalErrorSchema = Named(
  'ApprovalError',
  Type.Object(
    { error: ErrorObjectSchema, approval: Type.Optional(ApprovalSchema) },
    { additionalProperties: true },
  ),
);
export type ApprovalErrorDto = Static<typeof ApprovalErrorSchema>;

export const approvalReplies = { '4xx': ApprovalErrorSchema, '5xx': ApprovalErrorSchema } as const;
