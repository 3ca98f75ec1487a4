// Alarm commands under two-person approval: what the plant file marks, the checks made at once, and the pending request.
import {
  AlarmCommandError,
  applySettings,
  checkSettings,
  SETTING_FIELDS,
  type AlarmSettings,
  type PublicAlarm,
} from '@zld/alarms';
import type { ApprovalDto, ApprovalKind, Role } from '@zld/api';
import type { ApplyResult, ApprovalActor, ApprovalService } from '../approvals/approval-service.js';
import type { AlarmActor, AlarmService } from './alarm-service.js';

export type AlarmApprovalKind = Exclude<ApprovalKind, 'tag-write'>;

/** The role each alarm command needs (its route's access): the approver needs at least it too. */
const REQUIRED_ROLE: Readonly<Record<AlarmApprovalKind, Role>> = {
  'alarm-settings': 'engineer',
  'alarm-out-of-service': 'engineer',
  'alarm-shelve': 'operator',
  'alarm-one-shot-shelve': 'operator',
};

/** Whether the plant file puts this command on this alarm under two-person approval. */
export function needsApproval(service: AlarmService, id: string, kind: AlarmApprovalKind): boolean {
  const def = service.plant.alarmById.get(id);
  if (def?.approval !== 'two-person') return false;
  if (kind === 'alarm-shelve' || kind === 'alarm-one-shot-shelve')
    return service.plant.approvals.shelving;
  return true;
}

export interface PendingAlarmCommand {
  kind: AlarmApprovalKind;
  id: string;
  summary: string;
  newValue: unknown;
  reason: string | null;
  /** The command as a direct request would run it (the actor carries the approver's name). */
  run: (actor: AlarmActor) => PublicAlarm;
  /** A refusal of the engine in the HTTP status and body the route answers. */
  refusal: (err: AlarmCommandError) => ApplyResult;
}

/**
 * Records the command as a pending approval; it runs when a second user approves it, through the same
 * service call as a direct request (so the engine's checks apply then), audited with both names.
 */
export function requestAlarmApproval(
  service: AlarmService,
  approvals: ApprovalService,
  cmd: PendingAlarmCommand,
  requester: ApprovalActor,
  actor: AlarmActor,
): ApprovalDto {
  if (!service.has(cmd.id)) throw new AlarmCommandError('Bad_NodeIdUnknown', `no alarm ${cmd.id}`);
  const alarm = service.get(cmd.id)!;
  return approvals.request(
    {
      kind: cmd.kind,
      target: cmd.id,
      summary: cmd.summary,
      oldValue:
        cmd.kind === 'alarm-settings' ? settingsOf(service, cmd.id) : { state: alarm.state },
      newValue: cmd.newValue,
      reason: cmd.reason,
      requiredRole: REQUIRED_ROLE[cmd.kind],
      category: 'alarm',
      apply: ({ approver }) => {
        try {
          return { status: 200, body: cmd.run({ ...actor, approvedBy: approver }) };
        } catch (err) {
          if (err instanceof AlarmCommandError) return cmd.refusal(err);
          throw err;
        }
      },
    },
    requester,
  );
}

/** An alarm's limit, deadband and delays as they stand now. */
export function settingsOf(service: AlarmService, id: string): Record<string, number | null> {
  const def = service.definitions().find((d) => d.id === id);
  return Object.fromEntries(SETTING_FIELDS.map((k) => [k, def?.[k] ?? null]));
}

/**
 * The checks a settings change will meet when applied, made at once so a request that could never be
 * applied does not wait for a second user: the tag's range, the order of the tag's limits, sane
 * deadband and delays, and a change at all. Throws the engine's refusal.
 */
export function checkSettingsChange(
  service: AlarmService,
  id: string,
  change: AlarmSettings,
): void {
  const defs = service.definitions();
  const def = defs.find((d) => d.id === id);
  if (def === undefined) throw new AlarmCommandError('Bad_NodeIdUnknown', `no alarm ${id}`);
  const range = service.plant.tagByName.get(def.tag)?.range;
  if (range !== undefined && change.limit !== undefined && def.type !== 'ROC') {
    const [lo, hi] = range;
    if (change.limit < lo || change.limit > hi)
      throw new AlarmCommandError(
        'Bad_OutOfRange',
        `${id}: limit ${change.limit} lies outside the range of ${def.tag} [${lo}, ${hi}]`,
      );
  }
  const next = applySettings(def, change);
  checkSettings(
    def,
    next,
    defs.filter((d) => d.tag === def.tag && d.id !== id),
  );
  if (SETTING_FIELDS.every((k) => next[k] === def[k]))
    throw new AlarmCommandError('Bad_InvalidState', `${id}: the settings are already so`);
}
