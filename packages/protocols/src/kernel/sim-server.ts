// What a simulated PLC's protocol server gets from the simulator (tag values, faults) and what it offers back.
import type { Plant } from '@zld/plant';
import type { Quality } from '@zld/tags';

/** A tag value as a PLC holds it: a number in engineering units, or a bit. */
export type TagScalar = number | boolean;

/**
 * Thrown by `TagSource.write` when the PLC's logic refuses the value as things stand (an interlock holds):
 * a Modbus server answers exception 03 (illegal data value: the device refused this value), an OPC UA
 * server BadInvalidState. Any other error is a failure to perform the write (Modbus 04).
 */
export class WriteRefusedError extends RangeError {
  override readonly name = 'WriteRefusedError';
}

/** Where the protocol servers read and write tag values: the simulated plant, plus the PLC clocks. */
export interface TagSource {
  read(tag: string): TagScalar;
  write(tag: string, value: TagScalar): void;
  quality(tag: string): Quality;
  /** Simulated time of the values `read` answers, epoch ms. */
  simTimeMs(): number;
}

/** Protocol faults a server may play; each server says which it can. */
export const PROTOCOL_FAULT_KINDS = ['plc-offline', 'plc-slow', 'modbus-exception'] as const;
export type ProtocolFaultKind = (typeof PROTOCOL_FAULT_KINDS)[number];

/** The combined effect of every protocol fault on one PLC. */
export interface ProtocolFaultState {
  /** Connections are accepted but nothing is answered, or (OPC UA) the server is stopped. */
  offline: boolean;
  /** Milliseconds added before every reply (the largest `plc-slow` magnitude in force). */
  slowMs: number;
  /** Modbus exception code answered to every request (the latest `modbus-exception`), or null. */
  exceptionCode: number | null;
}

export const NO_PROTOCOL_FAULT: ProtocolFaultState = Object.freeze({
  offline: false,
  slowMs: 0,
  exceptionCode: null,
});

/** A PLC's protocol server, as far as faults are concerned. */
export interface ProtocolFaultTarget {
  readonly plcId: string;
  /** The protocol faults this server can play. */
  readonly protocolFaults: readonly ProtocolFaultKind[];
  /** Puts the server in the given state (idempotent; called one at a time per PLC). */
  applyFaults(state: ProtocolFaultState): Promise<void>;
}

/** Where a simulated PLC listens. */
export interface PlcEndpoint {
  plcId: string;
  protocol: string;
  host: string;
  port: number;
  /** `modbus-tcp://127.0.0.1:5020/1` (unit id last), the OPC UA endpoint URL, ... */
  url: string;
  /** Modbus unit id. */
  unitId?: number;
  /** OPC UA namespace URI of the PLC's nodes. */
  namespaceUri?: string;
}

export interface PlcServerStatus {
  plcId: string;
  /** True while the server accepts connections (an OPC UA PLC stops listening while offline). */
  listening: boolean;
  faults: ProtocolFaultState;
}

export interface PlcServer extends ProtocolFaultTarget {
  readonly endpoint: PlcEndpoint;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Reads the PLC's image from the plant (called after every simulation step). */
  refresh(): void;
  status(): PlcServerStatus;
}

export interface PlcServerContext {
  plant: Plant;
  source: TagSource;
  host: string;
  /** 0: any free port. */
  port: number;
  /** Per-run folder for certificates (OPC UA). */
  pkiDir: string;
  log: (message: string) => void;
}
