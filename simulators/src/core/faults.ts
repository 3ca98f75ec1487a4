// Fault kinds (process faults go to the plant, protocol faults to a PLC's server) and how protocol faults combine.
import {
  PROTOCOL_FAULT_KINDS,
  type ProtocolFaultKind,
  type ProtocolFaultState,
} from '@zld/protocols';

export { NO_PROTOCOL_FAULT, PROTOCOL_FAULT_KINDS } from '@zld/protocols';
export type { ProtocolFaultKind, ProtocolFaultState } from '@zld/protocols';

export const PROCESS_FAULT_KINDS = [
  'leak',
  'outfall-open',
  'sensor-drift',
  'sensor-stuck',
  'sensor-noise',
  'pump-trip',
  'vent-loss',
] as const;

export const FAULT_KINDS = [...PROCESS_FAULT_KINDS, ...PROTOCOL_FAULT_KINDS] as const;

export type ProcessFaultKind = (typeof PROCESS_FAULT_KINDS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a client asks for (`POST /sim/faults`). */
export interface FaultSpec {
  kind: FaultKind;
  /** A tag, tank or equipment id for process faults; a PLC id for protocol faults. */
  target: string;
  magnitude?: number;
  /** Clears itself after this many simulated seconds. */
  durationS?: number;
}

/** A fault in force (`GET /sim/faults`). Times are ISO-8601 UTC in simulated time. */
export interface ActiveFault extends FaultSpec {
  id: string;
  startedAt: string;
  expiresAt?: string;
}

export function isProtocolFault(kind: FaultKind): kind is ProtocolFaultKind {
  return (PROTOCOL_FAULT_KINDS as readonly string[]).includes(kind);
}

/** Default delay when `plc-slow` comes without a magnitude, ms. */
export const DEFAULT_SLOW_MS = 1000;

/** Default exception when `modbus-exception` comes without a magnitude: 0x04, server device failure. */
export const DEFAULT_EXCEPTION_CODE = 4;

/** Folds the protocol faults in force on one PLC (oldest first) into one state. */
export function protocolStateOf(faults: readonly FaultSpec[]): ProtocolFaultState {
  let offline = false;
  let slowMs = 0;
  let exceptionCode: number | null = null;
  for (const f of faults) {
    if (f.kind === 'plc-offline') offline = true;
    else if (f.kind === 'plc-slow') slowMs = Math.max(slowMs, f.magnitude ?? DEFAULT_SLOW_MS);
    else if (f.kind === 'modbus-exception') exceptionCode = f.magnitude ?? DEFAULT_EXCEPTION_CODE;
  }
  return { offline, slowMs, exceptionCode };
}

export function sameProtocolState(a: ProtocolFaultState, b: ProtocolFaultState): boolean {
  return a.offline === b.offline && a.slowMs === b.slowMs && a.exceptionCode === b.exceptionCode;
}
