// The gateway's own alarms about its security: the audit trail failed verification (SYS.AUDIT), a login lock-out is in force (SYS.LOGIN).
import type { AlarmInput } from '@zld/alarms';
import type { AlarmDef, Plant } from '@zld/plant';
import { SEVERITY } from '@zld/plant';
import { commAlarmDefs, type PlcConnected } from './comm-alarms.js';
import { readbackAlarmDefs } from './readback-alarms.js';

export const AUDIT_ALARM_ID = 'SYS.AUDIT';
export const LOGIN_ALARM_ID = 'SYS.LOGIN';

const PREFIX = '~system:';

/** What the system alarms read; each is asked at every evaluation. */
export interface SystemConditions {
  /** False once a verification of the audit trail failed (at start, or asked for). */
  auditIntact: () => boolean;
  /** Whether a login lock-out is in force now. */
  lockoutActive: () => boolean;
}

const common = {
  tag: '',
  type: 'DIRECT',
  deadband: 0,
  onDelayS: 0,
  latched: false,
  approver: 'pending rationalisation',
} as const;

/**
 * SYS.AUDIT, critical: the record of who did what can no longer be trusted (IEC 62443 SR 3.9); it
 * stays active until the trail is replaced (a broken chain does not mend). SYS.LOGIN, medium (GUESS;
 * rationalise with the master alarm database): someone is guessing passwords, or a user is locked
 * out of the HMI; it returns to normal when no lock-out is in force (expired or cleared by an admin).
 */
export const SYSTEM_ALARM_DEFS: readonly AlarmDef[] = [
  {
    ...common,
    id: AUDIT_ALARM_ID,
    priority: 'critical',
    severity: SEVERITY.critical,
    message: 'AUDIT TRAIL INTEGRITY',
    when: { tag: `${PREFIX}audit-broken`, op: 'eq', value: true, forS: 0 },
    offDelayS: 0,
    cause:
      'The audit trail failed verification: records were changed, removed or re-chained outside the gateway, or the anchors do not match.',
    consequence:
      'Who did what on the plant can no longer be proven; someone may have had write access to the data dir.',
    action:
      'Tell the security officer; keep the data dir as evidence (GET /api/audit/verify or npm run audit -- verify name the first bad record).',
    responseTimeS: 60,
    class: 'security',
    rationale:
      'IEC 62443 SR 3.9 / 2.8: a tampered audit trail must be annunciated, not only logged.',
  },
  {
    ...common,
    id: LOGIN_ALARM_ID,
    priority: 'medium',
    severity: SEVERITY.medium,
    message: 'LOGIN LOCK-OUT',
    when: { tag: `${PREFIX}lockout`, op: 'eq', value: true, forS: 0 },
    offDelayS: 0,
    cause: 'Repeated failed logins locked a user name at an address, or an address, for 15 min.',
    consequence:
      'Someone may be guessing passwords; a locked-out operator cannot log in from there.',
    action:
      'Check the audit trail (login-failed, login-lockout) and GET /api/auth/lockouts; an admin can clear a lock-out (npm run unlock).',
    responseTimeS: 900,
    class: 'security',
    rationale: 'IEC 62443 SR 1.11: lock-outs are annunciated to the operator as well as audited.',
  },
];

/** The alarm input of `name` when it is a system alarm input, else undefined. */
export function systemInput(
  name: string,
  conditions: SystemConditions | undefined,
): AlarmInput | undefined {
  if (!conditions || !name.startsWith(PREFIX)) return undefined;
  const which = name.slice(PREFIX.length);
  const value =
    which === 'audit-broken'
      ? !conditions.auditIntact()
      : which === 'lockout'
        ? conditions.lockoutActive()
        : false;
  return { value, quality: 'Good' };
}

/** The definitions for a service given the conditions (none without them). */
export function systemAlarmDefs(conditions: SystemConditions | undefined): readonly AlarmDef[] {
  return conditions ? SYSTEM_ALARM_DEFS : [];
}

/** Every alarm a service holds: the plant's, write verification, PLC communication and the system's. */
export function gatewayAlarmDefs(
  plant: Plant,
  connected: PlcConnected | undefined,
  system: SystemConditions | undefined,
): AlarmDef[] {
  return [
    ...plant.alarms,
    ...readbackAlarmDefs(plant),
    ...commAlarmDefs(plant, connected),
    ...systemAlarmDefs(system),
  ];
}
