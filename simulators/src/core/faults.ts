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
  'carry-over',
  'centrifuge-imbalance',
  'fouling',
  'foaming',
] as const;

export const FAULT_KINDS = [...PROCESS_FAULT_KINDS, ...PROTOCOL_FAULT_KINDS] as const;

export type ProcessFaultKind = (typeof PROCESS_FAULT_KINDS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How a fault comes in: at once (`step`), or growing from nothing to its magnitude over `rampS` (`ramp`). */
export type FaultShape = 'step' | 'ramp';

/** The process faults whose magnitude is a multiplier (1 = no fault): a ramp starts from 1, not 0. */
export const MULTIPLIER_FAULTS: ReadonlySet<FaultKind> = new Set([
  'carry-over',
  'centrifuge-imbalance',
]);

/** The process faults that have no magnitude to ramp. */
export const UNRAMPABLE_FAULTS: ReadonlySet<FaultKind> = new Set(['sensor-stuck', 'pump-trip']);

/** What a client asks for (`POST /sim/faults`). */
export interface FaultSpec {
  kind: FaultKind;
  /** A tag, tank or equipment id for process faults; a PLC id for protocol faults. */
  target: string;
  magnitude?: number;
  /** Clears itself this many simulated seconds after it starts. */
  durationS?: number;
  /** Starts at this simulated time (ISO-8601) instead of now; with `atS`, not both. */
  at?: string;
  /** Starts this many simulated seconds from now (the contract's plant time of a fault, relative). */
  atS?: number;
  /** Default `step`. A `ramp` needs a magnitude and `rampS`; process faults with a magnitude only. */
  shape?: FaultShape;
  /** Simulated seconds a ramp takes to reach the magnitude. */
  rampS?: number;
}

/**
 * A fault in force or scheduled (`GET /sim/faults`). Times are ISO-8601 UTC in simulated time:
 * `startsAt` when it is (or was) due, `startedAt` once it is in force.
 */
export interface ActiveFault extends FaultSpec {
  id: string;
  state: 'scheduled' | 'active';
  startsAt: string;
  startedAt?: string;
  expiresAt?: string;
  /** A ramping fault's magnitude now. */
  currentMagnitude?: number;
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
