// Two-person approval: pending requests on critical items (in memory), approved, rejected, cancelled or expired; both names audited.
import { roleAtLeast, type ApprovalDto, type ApprovalState } from '@zld/api';
import { randomBytes } from 'node:crypto';
import type { AuditCategory, AuditOutcome } from '../audit/audit-store.js';
import {
  ApprovalError,
  type ApplyResult,
  type ApprovalActor,
  type ApprovalListener,
  type ApprovalRequest,
  type ApprovalServiceOptions,
} from './approval-types.js';

export { ApprovalError } from './approval-types.js';
export type {
  ApplyContext,
  ApplyResult,
  ApprovalActor,
  ApprovalListener,
  ApprovalRequest,
  ApprovalServiceOptions,
} from './approval-types.js';

interface Entry {
  dto: ApprovalDto;
  request: ApprovalRequest;
  requester: ApprovalActor;
  /** Set while the approved action is being applied: a second decision is refused. */
  applying: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Pending approvals live in memory: they expire within minutes, and a gateway restart drops them (the
 * audit trail keeps each request). Expiry is checked on every call and by `sweep()` (the plugin's timer).
 */
export class ApprovalService {
  private readonly o: ApprovalServiceOptions;
  private readonly pending = new Map<string, Entry>();
  /** Decided approvals, newest first, with the audit category of their action. */
  private recent: { dto: ApprovalDto; category: AuditCategory }[] = [];
  private listeners: readonly ApprovalListener[] = [];

  constructor(options: ApprovalServiceOptions) {
    this.o = options;
  }

  /** The time limit of a request, ms. */
  get timeLimitMs(): number {
    return this.o.timeLimitMs;
  }

  /** Records a request on a critical item; nothing acts until a second user approves it. */
  request(req: ApprovalRequest, requester: ApprovalActor): ApprovalDto {
    this.sweep();
    const same = [...this.pending.values()].find(
      (e) => e.dto.kind === req.kind && e.dto.target === req.target,
    );
    if (same)
      throw new ApprovalError(
        'CONFLICT',
        `${req.target} already has a pending request (${same.dto.id} by ${same.dto.requestedBy}): approve, reject or cancel it first`,
        { ...same.dto },
      );
    const now = this.o.clock.now();
    const dto: ApprovalDto = {
      id: randomBytes(12).toString('hex'),
      kind: req.kind,
      target: req.target,
      summary: req.summary,
      oldValue: req.oldValue,
      newValue: req.newValue,
      reason: req.reason,
      requestedBy: requester.username,
      requiredRole: req.requiredRole,
      requestedAt: iso(now),
      expiresAt: iso(now + this.o.timeLimitMs),
      state: 'pending',
      decidedBy: null,
      decidedAt: null,
      comment: null,
      result: null,
    };
    const entry: Entry = { dto, request: req, requester, applying: false };
    this.pending.set(dto.id, entry);
    this.audit(entry, 'approval-request', 'pending', requester, req.reason);
    this.notify([dto]);
    return { ...dto };
  }

  /** Pending approvals (oldest first), then the recent decisions (newest first). */
  list(): ApprovalDto[] {
    this.sweep();
    return [
      ...[...this.pending.values()].map((e) => ({ ...e.dto })),
      ...this.recent.map((r) => ({ ...r.dto })),
    ];
  }

  get(id: string): ApprovalDto | undefined {
    this.sweep();
    const e = this.pending.get(id);
    const done = this.recent.find((r) => r.dto.id === id);
    return e ? { ...e.dto } : done && { ...done.dto };
  }

  /**
   * A second user approves: not the requester, holding at least the action's role (as does the
   * requester still), within the time limit. The action is then applied through its normal path.
   * The approver's password must have been checked by the caller.
   */
  async approve(
    id: string,
    approver: ApprovalActor,
    comment?: string,
  ): Promise<{ approval: ApprovalDto; result: ApplyResult }> {
    const e = this.open(id, approver, 'approve');
    if (e.dto.requestedBy === approver.username)
      return this.refuse(e, approver, 'approve', 'a request cannot be approved by its requester');
    if (!roleAtLeast(approver.role, e.dto.requiredRole))
      return this.refuse(e, approver, 'approve', `approving needs the ${e.dto.requiredRole} role`);
    const requesterRole = this.o.roleOf(e.dto.requestedBy);
    e.applying = true;
    let result: ApplyResult;
    try {
      if (requesterRole === null || !roleAtLeast(requesterRole, e.dto.requiredRole)) {
        const message = `the requester ${e.dto.requestedBy} no longer holds the ${e.dto.requiredRole} role`;
        result = { status: 403, body: { error: { code: 'FORBIDDEN', message } } };
      } else result = await e.request.apply({ approver: approver.username, requesterRole });
    } catch (err) {
      const message = `applying failed: ${err instanceof Error ? err.message : String(err)}`;
      result = { status: 500, body: { error: { code: 'INTERNAL', message } } };
    }
    const ok = result.status >= 200 && result.status < 300;
    const dto = this.decide(e, ok ? 'applied' : 'failed', approver.username, comment, result);
    const why = ok ? (comment ?? null) : errorMessage(result.body);
    this.audit(e, 'approval-approve', ok ? 'success' : 'failure', approver, why, {
      applied: ok,
      status: result.status,
    });
    return { approval: dto, result };
  }

  /** A second user rejects the request: nothing is done. */
  reject(id: string, approver: ApprovalActor, comment?: string): ApprovalDto {
    const e = this.open(id, approver, 'reject');
    if (e.dto.requestedBy === approver.username)
      return this.refuse(e, approver, 'reject', 'cancel your own request instead');
    if (!roleAtLeast(approver.role, e.dto.requiredRole))
      return this.refuse(e, approver, 'reject', `rejecting needs the ${e.dto.requiredRole} role`);
    const dto = this.decide(e, 'rejected', approver.username, comment);
    this.audit(e, 'approval-reject', 'refused', approver, comment ?? null);
    return dto;
  }

  /** The requester withdraws their own request. */
  cancel(id: string, actor: ApprovalActor): ApprovalDto {
    const e = this.open(id, actor, 'cancel');
    if (e.dto.requestedBy !== actor.username)
      return this.refuse(e, actor, 'cancel', 'only the requester may cancel a request');
    const dto = this.decide(e, 'cancelled', actor.username);
    this.audit(e, 'approval-cancel', 'success', actor, null);
    return dto;
  }

  /** Expires every request past its time limit (audited, and sent to the listeners). */
  sweep(): void {
    const now = this.o.clock.now();
    const expired: ApprovalDto[] = [];
    for (const e of this.pending.values()) {
      if (e.applying || Date.parse(e.dto.expiresAt) > now) continue;
      expired.push(this.decide(e, 'expired', null, undefined, undefined, false));
      this.audit(e, 'approval-expire', 'failure', null, `not approved by ${e.dto.expiresAt}`);
    }
    if (expired.length > 0) this.notify(expired);
  }

  onChange(listener: ApprovalListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** The pending entry a decision is about; an unknown, decided or expired one is refused. */
  private open(id: string, actor: ApprovalActor, what: string): Entry {
    this.sweep();
    const e = this.pending.get(id);
    if (e && !e.applying) return e;
    const recent = this.recent.find((r) => r.dto.id === id);
    const done = recent?.dto;
    if (!e && !done) throw new ApprovalError('NOT_FOUND', `no approval ${id}`);
    const state = e ? 'being applied' : done!.state;
    const message = `cannot ${what}: the request is ${state}${state === 'expired' ? ` (its time limit ended at ${done!.expiresAt})` : ''}`;
    this.o.audit.record({
      category: e?.request.category ?? recent!.category,
      action: `approval-${what}`,
      outcome: 'refused',
      user: actor.username,
      source: actor.source,
      target: (e?.dto ?? done)!.target,
      reason: message,
      details: { approvalId: id, state },
    });
    throw new ApprovalError('CONFLICT', message, e ? { ...e.dto } : { ...done! });
  }

  /** A decision this actor may not make: audited, and answered 403. */
  private refuse(e: Entry, actor: ApprovalActor, what: string, message: string): never {
    this.audit(e, `approval-${what}`, 'refused', actor, message);
    throw new ApprovalError('FORBIDDEN', message, { ...e.dto });
  }

  private decide(
    e: Entry,
    state: Exclude<ApprovalState, 'pending'>,
    by: string | null,
    comment?: string,
    result?: ApplyResult,
    notify = true,
  ): ApprovalDto {
    this.pending.delete(e.dto.id);
    e.applying = false;
    const dto: ApprovalDto = {
      ...e.dto,
      state,
      decidedBy: by,
      decidedAt: iso(this.o.clock.now()),
      comment: comment ?? null,
      result: result ?? null,
    };
    e.dto = dto;
    const category = e.request.category;
    this.recent = [{ dto, category }, ...this.recent].slice(0, this.o.keepRecent ?? 100);
    if (notify) this.notify([dto]);
    return { ...dto };
  }

  private audit(
    e: Entry,
    action: string,
    outcome: AuditOutcome,
    actor: ApprovalActor | null,
    reason: string | null,
    more: Record<string, unknown> = {},
  ): void {
    const d = e.dto;
    this.o.audit.record({
      category: e.request.category,
      action,
      outcome,
      user: actor?.username ?? null,
      source: actor?.source ?? null,
      target: d.target,
      oldValue: d.oldValue,
      newValue: d.newValue,
      reason,
      details: {
        approvalId: d.id,
        kind: d.kind,
        requestedBy: d.requestedBy,
        requiredRole: d.requiredRole,
        expiresAt: d.expiresAt,
        ...(actor && actor.username !== d.requestedBy ? { decidedBy: actor.username } : {}),
        ...(actor ? { role: actor.role, session: actor.sessionRef } : {}),
        ...more,
      },
    });
  }

  private notify(changed: readonly ApprovalDto[]): void {
    for (const l of this.listeners) {
      try {
        l(changed.map((d) => ({ ...d })));
      } catch {
        // A listener's failure must not undo a decision that is already audited.
      }
    }
  }
}

/** The message of an error body `{error: {message}}`, else null. */
function errorMessage(body: unknown): string | null {
  const err = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof err?.message === 'string' ? err.message : null;
}
