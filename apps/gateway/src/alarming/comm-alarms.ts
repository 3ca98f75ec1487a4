// "PLC communication lost" alarms: one per PLC, raised while its driver is not connected, so a lost device
// is annunciated, journaled and acknowledged like any other alarm.
import type { AlarmInput } from '@zld/alarms';
import type { AlarmDef, Plant, PlcDef } from '@zld/plant';
import { SEVERITY } from '@zld/plant';

/** The id of a PLC's communication alarm. */
export const commAlarmId = (plcId: string): string => `${plcId}.COMM`;

const PREFIX = '~plc-comm:';

/** Whether a PLC's driver is communicating now; undefined when the gateway runs no driver for it. */
export type PlcConnected = (plcId: string) => boolean | undefined;

/**
 * Communicating unless not connected and failed: a driver still making its first connection has no
 * error yet, so nothing is raised while the gateway starts.
 */
export function communicating(
  status: { connected: boolean; lastError: string | null } | undefined,
): boolean | undefined {
  return status && (status.connected || status.lastError === null);
}

/**
 * The alarm definitions, one per PLC (none without a way to know the connections). Priority high: operators are blind to that PLC's part of the plant
 * (GUESS; rationalise with the rest of the master alarm database). A short on-delay lets a reconnect
 * that succeeds at once pass; the off-delay keeps a link that drops again and again from chattering.
 */
export function commAlarmDefs(plant: Plant, connected: PlcConnected | undefined): AlarmDef[] {
  return connected ? plant.plcs.map(commAlarmDef) : [];
}

function commAlarmDef(plc: PlcDef): AlarmDef {
  return {
    id: commAlarmId(plc.id),
    // The PLC's clock tag when it has one (its faceplate shows the PLC's heartbeat), else no tag.
    tag: plc.clockTag ?? '',
    type: 'DIRECT',
    priority: 'high',
    severity: SEVERITY.high,
    message: `${plc.id} COMMUNICATION LOST`,
    when: { tag: `${PREFIX}${plc.id}`, op: 'eq', value: true, forS: 0 },
    deadband: 0,
    onDelayS: 2,
    offDelayS: 5,
    latched: false,
    cause: `The gateway cannot reach ${plc.id}, or its session or subscription died and is being rebuilt.`,
    consequence: `Values from ${plc.id} are Bad; its part of the plant cannot be watched or commanded.`,
    action: `Check ${plc.id}'s power, network and state; the gateway's health page names the last error.`,
    responseTimeS: 300,
    class: 'communication',
    rationale: 'A device that stops answering must be annunciated, not only shown as Bad values.',
    approver: 'pending rationalisation',
  };
}

/** The alarm input of `name` when it is a PLC communication input, else undefined. */
export function commInput(
  name: string,
  connected: PlcConnected | undefined,
): AlarmInput | undefined {
  if (!connected || !name.startsWith(PREFIX)) return undefined;
  return { value: connected(name.slice(PREFIX.length)) === false, quality: 'Good' };
}
