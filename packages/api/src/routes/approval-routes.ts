// The two-person approval routes: pending and recent approvals, approve (with the approver's password), reject, cancel.
import { type TSchema } from '@sinclair/typebox';
import { Type } from '../schemas/type.js';
import {
  ApprovalIdParamsSchema,
  ApprovalListQuerySchema,
  approvalReplies,
  ApprovalSchema,
  ApproveRequestSchema,
  RejectRequestSchema,
} from '../schemas/approval-schemas.js';
import { NoFields } from '../schemas/json-types.js';
import type { ApiRoute } from '../route-spec.js';

const decision = <B extends TSchema>(body: B) =>
  ({
    params: ApprovalIdParamsSchema,
    querystring: NoFields(),
    body,
    response: { 200: ApprovalSchema, ...approvalReplies },
  }) as const;

export const APPROVAL_API_ROUTES = {
  approvals: {
    method: 'GET',
    path: '/api/approvals',
    access: 'viewer',
    summary: 'Two-person approvals: the pending ones and the recent decisions',
    schema: {
      querystring: ApprovalListQuerySchema,
      response: { 200: Type.Array(ApprovalSchema), ...approvalReplies },
    },
  },
  /** A second user with the action's role approves with their own password; the action is then applied. */
  approvalApprove: {
    method: 'POST',
    path: '/api/approvals/:id/approve',
    access: 'operator',
    summary: "Approve another user's pending request (re-enter your password); it is then applied",
    schema: decision(ApproveRequestSchema),
  },
  approvalReject: {
    method: 'POST',
    path: '/api/approvals/:id/reject',
    access: 'operator',
    summary: "Reject another user's pending request",
    bodyOptional: true,
    schema: decision(RejectRequestSchema),
  },
  approvalCancel: {
    method: 'POST',
    path: '/api/approvals/:id/cancel',
    access: 'operator',
    summary: 'Cancel your own pending request',
    bodyOptional: true,
    schema: decision(NoFields()),
  },
} as const satisfies Record<string, ApiRoute>;
