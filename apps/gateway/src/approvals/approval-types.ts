// Two-person approval's vocabulary: who asks and decides, what a pending request holds, and how it is applied.
import type { ApprovalDto, ApprovalKind, Role } from '@zld/api';
import type { AuditCategory, AuditSink } from '../audit/audit-store.js';
import type { Clock } from '@zld/tags';

/** Who asks or decides: the authenticated user (role as it stands now), their session and address. */
export interface ApprovalActor {
  username: string;
  role: Role;
  /** The session's non-secret handle. */
  sessionRef: string;
  source: string;
}

/** What an action answered when applied: the HTTP status and body a direct request would have had. */
export interface ApplyResult {
  status: number;
  body: unknown;
}

/** What the requester's current role and the approver's name are when the action is applied. */
export interface ApplyContext {
  approver: string;
  requesterRole: Role;
}

/** A request on a critical item: what it is, and how to apply it through the normal path. */
export interface ApprovalRequest {
  kind: ApprovalKind;
  /** The alarm id or tag name. */
  target: string;
  summary: string;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
  /** The role the action needs: the approver must hold at least it, and the requester still. */
  requiredRole: Role;
  /** The audit category of the action (`alarm`, `command`). */
  category: AuditCategory;
  /** Applies the action as the requester with the approver's name (same checks as a direct request). */
  apply: (ctx: ApplyContext) => ApplyResult | Promise<ApplyResult>;
}

export interface ApprovalServiceOptions {
  /** Real time: the time limit is for people. */
  clock: Clock;
  audit: AuditSink;
  /** How long a request waits for its second user (ms). */
  timeLimitMs: number;
  /** The current role of an enabled user, or null (disabled or removed). */
  roleOf: (username: string) => Role | null;
  /** Decided approvals kept for the list (default 100). */
  keepRecent?: number;
}

export type ApprovalListener = (changed: readonly ApprovalDto[]) => void;

/** A refusal of the approval service: the API error code and HTTP status it answers with. */
export class ApprovalError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN',
    message: string,
    readonly approval?: ApprovalDto,
  ) {
    super(message);
    this.name = 'ApprovalError';
  }
}
