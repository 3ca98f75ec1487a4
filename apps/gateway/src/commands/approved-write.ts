// A write to a tag the plant file marks `approval: two-person`: checked now, then held as a pending approval until a second user approves.
import { ERROR_STATUS, type ApprovalDto, type CommandRefusalDto } from '@zld/api';
import { ApprovalError, type ApprovalService } from '../approvals/approval-service.js';
import type { Actor, CommandRejected, CommandService, WriteCommand } from './command-service.js';
import { refuse } from './refusal.js';

/**
 * The write is checked now as it would be sent (role, limits, plant state: a blocked write never waits),
 * then recorded as a pending approval. Once approved it goes through `CommandService.write` as the
 * requester (their role as it stands then), with the approver's name in its audit record, and meets
 * every check again at that moment. Without an approval service (no users) such a write is refused.
 */
export function requestApprovedWrite(
  service: CommandService,
  approvals: ApprovalService | undefined,
  cmd: WriteCommand,
  actor: Actor,
): CommandRejected | { ok: true; approval: ApprovalDto } {
  const rejected = (code: 'FORBIDDEN' | 'CONFLICT', reason: string): CommandRejected => ({
    ok: false,
    outcome: 'refused',
    ...refuse(code, reason),
    commandId: cmd.commandId,
    tag: cmd.tag,
    duplicate: false,
  });
  if (!approvals)
    return rejected('FORBIDDEN', `${cmd.tag} needs two-person approval, which needs user accounts`);
  const refused = service.check(cmd, actor);
  if (refused) return refused;
  try {
    const approval = approvals.request(
      {
        kind: 'tag-write',
        target: cmd.tag,
        summary: `write ${String(cmd.value)} to ${cmd.tag}`,
        oldValue: service.currentValue(cmd.tag),
        newValue: cmd.value,
        reason: cmd.reason ?? null,
        requiredRole: 'operator',
        category: 'command',
        apply: async ({ approver, requesterRole }) => {
          const r = await service.write(
            { ...cmd, selectId: undefined },
            { ...actor, role: requesterRole, approvedBy: approver },
          );
          if (r.ok) {
            const { ok: _ok, ...done } = r;
            return { status: 200, body: done };
          }
          return { status: ERROR_STATUS[r.code], body: refusalDto(r) };
        },
      },
      actor,
    );
    return { ok: true, approval };
  } catch (err) {
    if (err instanceof ApprovalError) return rejected('CONFLICT', err.message);
    throw err;
  }
}

/** A refusal in the wire's shape: the error, plus what blocked the command. */
export function refusalDto(r: CommandRejected): CommandRefusalDto {
  return {
    error: { code: r.code, message: r.reason },
    reason: r.reason,
    tag: r.tag,
    ...(r.commandId !== undefined ? { commandId: r.commandId } : {}),
    ...(r.interlock !== undefined ? { interlock: r.interlock } : {}),
    ...(r.dischargePath !== undefined ? { dischargePath: r.dischargePath } : {}),
    ...(r.sbo !== undefined ? { sbo: r.sbo } : {}),
    duplicate: r.duplicate,
  };
}
